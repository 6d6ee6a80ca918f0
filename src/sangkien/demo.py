"""Demo data: placeholder until the demo loader lands."""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_PASSWORD = "sangkien-demo-2025"  # noqa: S105 - published demo credentials


@dataclass
class DemoResult:
    accounts: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return "demo data ready"


def load_demo() -> DemoResult:
    return DemoResult()


def seed(scale: int) -> DemoResult:
    return DemoResult()
