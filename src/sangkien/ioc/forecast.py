"""When each waiting item will be decided, from the unit's recent throughput (pure).

A unit decides items roughly first come, first served: the k-th item in its queue is done
after k / rate working days, where the rate is the decisions per working day over a recent
window. An item whose expected day falls after its deadline is likely to be late.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sangkien.ioc.pipeline import Calendar

WINDOW_DAYS = 20  # working days of recent throughput


@dataclass(frozen=True)
class Expected:
    item: int
    due: date | None
    expected: date | None  # None: the unit decided nothing recently, so no forecast

    @property
    def likely_late(self) -> bool:
        if self.due is None:
            return False
        return self.expected is None or self.expected > self.due


def rate(decided: int, window: int = WINDOW_DAYS) -> float:
    """Decisions per working day over the window."""
    return decided / window if window > 0 else 0.0


def expected_days(queue: Sequence[tuple[int, date | None]], per_day: float, today: date,
                  calendar: Calendar) -> list[Expected]:
    """For items in queue order (oldest first) with their deadlines, the expected days."""
    result = []
    for position, (item, due) in enumerate(queue, start=1):
        if per_day <= 0:
            result.append(Expected(item, due, None))
            continue
        days = math.ceil(position / per_day)
        result.append(Expected(item, due, calendar.add_working_days(today, days)))
    return result
