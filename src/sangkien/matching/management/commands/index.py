from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sangkien.matching.indexing import build_index, rebuild


class Command(BaseCommand):
    help = ("The search index: `index rebuild` re-reads every initiative, demand and expert "
            "profile and builds the index; `index build` folds in what changed since the "
            "last build.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "build"])

    def handle(self, *args: Any, **options: Any) -> None:
        build = rebuild() if options["action"] == "rebuild" else build_index()
        self.stdout.write(f"{build.documents} document(s) indexed in {build.seconds:.1f} s "
                          f"({build.directory})")
