"""Demo data and synthetic benchmark data, made only through the services.

    load_demo()   the fixed Vietnamese demo with named accounts (`sangkien demo`)
    seed(scale)   synthetic data, scale x 1,000 people (`sangkien seed --scale N`)

Both are deterministic and idempotent, and every change they make records its domain
event, so the demo's event log is a real one. To extend the demo, see loader.DEMO_STEPS.
"""

from sangkien.demo.context import DEMO_PASSWORD, DemoResult
from sangkien.demo.loader import DEMO_STEPS, load_demo
from sangkien.demo.synthetic import seed

__all__ = ["DEMO_PASSWORD", "DEMO_STEPS", "DemoResult", "load_demo", "seed"]
