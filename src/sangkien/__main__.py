import sys

from sangkien.cli import main

sys.exit(main())
