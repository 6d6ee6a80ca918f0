"""The pipeline as additive roll-ups, kept up to date one move at a time (pure, no Django).

Every lifecycle event of an initiative is a `Move`: the item enters a stage on a day, at a
unit, by a person. `step` turns a move, given the item's state before it, into the item's
state after it and additive deltas to the roll-ups. Because every delta is a count to add,
the roll-ups after any sequence of moves, applied in any batches, equal the sum over all
moves (`rollup`): that is what lets the database keep them with one upsert per batch, and
what the tests check against a from-scratch recomputation.

Roll-up keys (`Key`) are (metric, unit, province, field, category, person, stage, day,
bucket). `field` is the major field of science (its first digit), `person` the officer who
holds the item (moved it into its stage) or who decided, or the expert who reviewed.

- ``in_stage``   items now in a stage (no day): +1 entering, −1 leaving
- ``inflow``     items received for the first time, per day
- ``outflow``    items reaching an end (not selected, adopted, closed, withdrawn), per day
- ``spell``      stays completed in a stage, per day left and length in working days
                 (``bucket``): medians and 90th percentiles come exactly from these counts
- ``screened``   screening decisions per day, stage ``on_time`` or ``late`` against the
                 unit's deadline in working days (public holidays and make-up days included),
                 ``bucket`` the working days from receipt (or resubmission) to the decision
- ``council``    breakthrough initiatives whose review council was formed, ``on_time`` or
                 ``late`` against the allowance counted from acceptance for review
- ``reviewed``   reviews submitted per expert, ``on_time`` or ``late`` against the call
- ``answered``   demands awarded to an initiative
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple, Protocol

OPEN_STAGES = ("submitted", "screening", "returned", "in_review", "selected", "in_adoption")
END_STAGES = ("not_selected", "adopted", "closed", "withdrawn")
SCREENING = frozenset({"submitted", "screening"})
COUNCIL_DAYS = 5  # Decision 2266/QĐ-TTg: a council within 3–5 working days
TALLIES = ("reviewed", "answered")  # counted as they come, outside an item's stages


class Calendar(Protocol):
    def add_working_days(self, start: date, n: int) -> date: ...

    def working_days_between(self, start: date, end: date) -> int: ...


class WorkingDays(Calendar, Protocol):
    def is_working_day(self, d: date) -> bool: ...


class Key(NamedTuple):
    metric: str
    unit: int
    province: int
    field: str
    category: str
    person: int
    stage: str
    day: date | None
    bucket: int


@dataclass(frozen=True)
class Move:
    """An item entering `stage` on `day` at `unit`, by `person` (0: nobody in particular).

    `allowance` is the unit's screening time in working days, read when the item is
    received. An empty stage moves the item to `unit` in the stage it is in; stage
    ``council`` says its review council was formed. A move with `tally` set counts once
    under that metric, with `stage` as its outcome, and changes no item.
    """

    item: int
    day: date
    unit: int
    province: int
    stage: str
    allowance: int = 5
    person: int = 0
    field: str = ""
    category: str = "ordinary"
    tally: str = ""


@dataclass(frozen=True)
class Item:
    stage: str
    since: date
    unit: int
    province: int
    screening_due: date | None = None
    person: int = 0
    field: str = ""
    category: str = "ordinary"
    council_due: date | None = None
    clock: date | None = None  # when the screening clock started: receipt, resubmission


def _key(metric: str, item: Item, stage: str = "", day: date | None = None,
         bucket: int = 0, person: int | None = None) -> Key:
    return Key(metric, item.unit, item.province, item.field, item.category,
               item.person if person is None else person, stage, day, bucket)


def _on_time(due: date | None, day: date) -> str:
    return "late" if due is not None and day > due else "on_time"


def step(before: Item | None, move: Move, calendar: Calendar) -> tuple[Item | None, Counter[Key]]:
    """The item after the move, and what the move adds to the roll-ups."""
    deltas: Counter[Key] = Counter()
    if move.tally:
        deltas[Key(move.tally, move.unit, move.province, move.field, move.category,
                   move.person, move.stage, move.day, 0)] += 1
        return before, deltas
    if move.stage == "council":
        if before is None or before.council_due is None:
            return before, deltas
        deltas[_key("council", before, _on_time(before.council_due, move.day), move.day,
                    person=move.person)] += 1
        return replace(before, council_due=None), deltas
    if move.stage == "" and before is not None:  # a move to another unit, same stage
        move = replace(move, stage=before.stage, person=0)
    if move.stage not in OPEN_STAGES and move.stage not in END_STAGES:
        return before, deltas
    if before is None:
        if move.stage != "submitted":
            return None, deltas  # a draft withdrawn, or history before the roll-ups began
        due = calendar.add_working_days(move.day, move.allowance)
        after = Item("submitted", move.day, move.unit, move.province, due, 0, move.field,
                     move.category, None, move.day)
        deltas[_key("inflow", after, day=move.day)] += 1
        deltas[_key("in_stage", after, "submitted")] += 1
        return after, deltas
    if before.stage in END_STAGES:
        return before, deltas
    if move.stage == before.stage and move.unit == before.unit:
        return before, deltas
    # Leaving the old stage, where and by whom it was held.
    deltas[_key("in_stage", before, before.stage)] -= 1
    if move.stage != before.stage:
        length = calendar.working_days_between(before.since, move.day)
        deltas[_key("spell", before, before.stage, move.day, length)] += 1
    after = Item(move.stage, move.day if move.stage != before.stage else before.since,
                 move.unit, move.province, before.screening_due,
                 move.person if move.stage != "submitted" else 0, before.field,
                 before.category, before.council_due, before.clock)
    if before.stage in SCREENING and move.stage not in SCREENING | {"withdrawn"}:
        took = calendar.working_days_between(before.clock or before.since, move.day)
        deltas[_key("screened", before, _on_time(before.screening_due, move.day), move.day,
                    took, person=move.person)] += 1
    if move.stage == "submitted" and before.stage == "returned":
        # A resubmission starts the screening clock again.
        after = replace(after, screening_due=calendar.add_working_days(move.day,
                                                                        move.allowance),
                        clock=move.day)
    if move.stage == "in_review" and before.category == "breakthrough":
        after = replace(after, council_due=calendar.add_working_days(move.day, COUNCIL_DAYS))
    if move.stage in END_STAGES:
        deltas[_key("outflow", after, move.stage, move.day)] += 1
        after = replace(after, council_due=None)
    else:
        deltas[_key("in_stage", after, move.stage)] += 1
    return after, deltas


Record = tuple[int, Key]  # an item behind a count of the period (for drill-downs)


def rollup(moves: Iterable[Move], calendar: Calendar, items: dict[int, Item] | None = None
           ) -> tuple[dict[int, Item], Counter[Key], list[Record]]:
    """Fold moves (in order) from the given item states; returns the states, the sums, and
    for every count of a day the item it counts."""
    states = dict(items or {})
    total: Counter[Key] = Counter()
    records: list[Record] = []
    for move in moves:
        after, deltas = step(states.get(move.item), move, calendar)
        if after is not None:
            states[move.item] = after
        total.update(deltas)
        records.extend((move.item, key) for key, n in deltas.items() if key.day is not None
                       for _ in range(n))
    return states, Counter({k: v for k, v in total.items() if v}), records


def percentile(lengths: Counter[int], share: float) -> float | None:
    """The `share` quantile (0–1) of lengths given as counts per length, interpolated
    between the two nearest ranks (as numpy's default and `statistics.quantiles`
    inclusive method do)."""
    n = sum(lengths.values())
    if n == 0:
        return None
    ordered = sorted(lengths.items())

    def at(rank: int) -> int:  # 0-based rank
        seen = 0
        for value, count in ordered:
            seen += count
            if rank < seen:
                return value
        return ordered[-1][0]

    position = share * (n - 1)
    low, high = int(position), min(int(position) + 1, n - 1)
    return at(low) + (at(high) - at(low)) * (position - low)


class TabledCalendar:
    """A calendar's working days over a span of years, counted once ahead, so that each
    question costs a subtraction or a bisection instead of a walk over the holidays (folding
    millions of moves asks millions of them). Answers equal the wrapped calendar's."""

    def __init__(self, calendar: WorkingDays, first: date, last: date) -> None:
        self.first, self.last = first.toordinal(), last.toordinal()
        self._calendar = calendar
        worked, total = [], 0
        for ordinal in range(self.first, self.last + 1):
            total += calendar.is_working_day(date.fromordinal(ordinal))
            worked.append(total)
        self._worked = worked  # working days in [first, day]

    def _count(self, day: date) -> int:
        return self._worked[day.toordinal() - self.first]

    def working_days_between(self, start: date, end: date) -> int:
        if not self.first <= start.toordinal() <= self.last >= end.toordinal() >= self.first:
            return self._calendar.working_days_between(start, end)
        return max(0, self._count(end) - self._count(start))

    def add_working_days(self, start: date, n: int) -> date:
        if n <= 0 or not self.first <= start.toordinal() <= self.last:
            return self._calendar.add_working_days(start, n)
        # The first day whose count reaches the start's count plus n.
        index = bisect_left(self._worked, self._count(start) + n,
                            lo=start.toordinal() - self.first)
        if index >= len(self._worked):
            return self._calendar.add_working_days(start, n)
        return date.fromordinal(self.first + index)
