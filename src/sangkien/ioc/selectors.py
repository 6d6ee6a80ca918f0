"""Figures of the operations centre, read from the roll-ups (never from the event log) and
scoped to who asks: an officer sees their units, a leader of a national unit and admins
see every unit, the public sees aggregates per unit only.

Every figure of the dashboard, the stream, the API and the reports comes from `figures`,
so the same period and scope give the same numbers everywhere.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from sangkien.accounts.models import ProcessingUnit, UnitLevel
from sangkien.accounts.permissions import is_admin
from sangkien.ioc.models import NO_DAY, ItemStage, Rollup, Step
from sangkien.ioc.pipeline import END_STAGES, OPEN_STAGES, percentile

STAGE_LABELS = {
    "submitted": _("Received"), "screening": _("Screening"),
    "returned": _("Returned for revision"), "in_review": _("In review"),
    "selected": _("Selected"), "in_adoption": _("In adoption"),
}
GROUPINGS = ("unit", "person", "province", "field", "category")
AGE_BANDS = ((0, 7), (8, 30), (31, 90), (91, None))  # days waiting in the current stage


def units_in_scope(user: Any) -> QuerySet[ProcessingUnit]:
    units = ProcessingUnit.objects.order_by("name")
    if not getattr(user, "is_authenticated", False):
        return units.none()
    if sees_every_unit(user):
        return units
    return units.filter(postings__user=user).distinct()


def sees_every_unit(user: Any) -> bool:
    return bool(is_admin(user) or user.postings.filter(
        is_leader=True, unit__level=UnitLevel.NATIONAL).exists())


@dataclass(frozen=True)
class Filters:
    """What a figure is about: a period (inclusive) and, optionally, one unit, province,
    major field or category. `units` is the reader's scope, never widened by the rest."""

    units: frozenset[int]
    start: date
    end: date
    unit: int | None = None
    province: int | None = None
    field: str = ""
    category: str = ""

    def narrow(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        rows = rows.filter(unit__in=self.units if self.unit is None
                           else self.units & {self.unit})
        if self.province is not None:
            rows = rows.filter(province=self.province)
        if self.field:
            rows = rows.filter(field=self.field)
        if self.category:
            rows = rows.filter(category=self.category)
        return rows


@dataclass
class Figures:
    in_stage: Counter[str] = field(default_factory=Counter)
    received: int = 0
    ended: Counter[str] = field(default_factory=Counter)
    outcomes: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter))  # screened/council/reviewed → on time
    stays: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    screening_times: Counter[int] = field(default_factory=Counter)  # receipt → decision

    def add(self, metric: str, stage: str, bucket: int, n: int) -> None:
        if metric == "in_stage":
            self.in_stage[stage] += n
        elif metric == "inflow":
            self.received += n
        elif metric == "outflow":
            self.ended[stage] += n
        elif metric == "spell":
            self.stays[stage][bucket] += n
        elif metric in ("screened", "council", "reviewed"):
            self.outcomes[metric][stage] += n
            if metric == "screened":
                self.screening_times[bucket] += n

    @property
    def open_items(self) -> int:
        return sum(n for stage, n in self.in_stage.items() if stage in OPEN_STAGES)

    @property
    def stage_times(self) -> list[tuple[str, int, float | None, float | None]]:
        """Per open stage: completed stays, and their median and 90th percentile."""
        return [(stage, sum(self.stays.get(stage, Counter()).values()), self.stay(stage, 0.5),
                 self.stay(stage, 0.9)) for stage in OPEN_STAGES]

    @property
    def stage_counts(self) -> list[tuple[str, int]]:
        return [(stage, self.in_stage.get(stage, 0)) for stage in OPEN_STAGES]

    @property
    def adopted(self) -> int:
        return self.ended.get("adopted", 0)

    def on_time(self, metric: str) -> int:
        return self.outcomes.get(metric, Counter()).get("on_time", 0)

    def decided(self, metric: str) -> int:
        return sum(self.outcomes.get(metric, Counter()).values())

    def on_time_share(self, metric: str = "screened") -> float | None:
        done = self.decided(metric)
        return self.on_time(metric) / done if done else None

    def stay(self, stage: str, share: float) -> float | None:
        """Working days spent in `stage` per completed stay."""
        return percentile(self.stays.get(stage, Counter()), share)

    # Shorthands the templates use.
    @property
    def screened(self) -> int:
        return self.decided("screened")

    @property
    def screened_on_time(self) -> int:
        return self.on_time("screened")

    @property
    def screened_share(self) -> float | None:
        return self.on_time_share("screened")

    @property
    def council_share(self) -> float | None:
        return self.on_time_share("council")

    @property
    def reviewed_share(self) -> float | None:
        return self.on_time_share("reviewed")

    @property
    def screening_median(self) -> float | None:
        """Working days from receipt to the screening decision, per decision."""
        return percentile(self.screening_times, 0.5)

    @property
    def screening_p90(self) -> float | None:
        return percentile(self.screening_times, 0.9)


def period(start: date, end: date) -> Q:
    """The roll-up rows that sum to [start, end]: monthly rows for the months wholly inside,
    daily rows for the days before and after them."""
    first_full = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)
                                               ).replace(day=1)
    after_full = (end + timedelta(days=1)).replace(day=1)  # months before it end by `end`
    if first_full >= after_full:
        return Q(span="d", day__gte=start, day__lte=end)
    return (Q(span="d", day__gte=start, day__lt=first_full)
            | Q(span="m", day__gte=first_full, day__lt=after_full)
            | Q(span="d", day__gte=after_full, day__lte=end))


def figures(filters: Filters, by: str = "") -> dict[Any, Figures]:
    """The figures for the filters, grouped by one of `GROUPINGS` (or all under ""): items in
    each stage now, and over the period the items received and ended, the deadlines met,
    the demands answered, and the lengths of completed stays — one grouped query."""
    if by and by not in GROUPINGS:
        raise ValueError(f"figures cannot be grouped by {by!r}")
    # Two queries, each served by its own index: the counts of now, and those of the period.
    rows = filters.narrow(Rollup.objects.all())
    columns = [by] if by else []
    grouped: dict[Any, Figures] = defaultdict(Figures)
    for part in (rows.filter(metric="in_stage", day=NO_DAY),
                 rows.filter(period(filters.start, filters.end)).exclude(metric="in_stage")):
        for row in (part.values(*columns, "metric", "stage", "bucket")
                    .annotate(total=Sum("n")).order_by()):
            grouped[row[by] if by else None].add(row["metric"], row["stage"], row["bucket"],
                                                int(row["total"]))
    return dict(grouped)


def answered_demands(start: date, end: date, province: int | None = None) -> int:
    """Demands awarded in the period (public facts, so not limited to the reader's units)."""
    rows = Rollup.objects.filter(period(start, end), metric="answered")
    if province is not None:
        rows = rows.filter(province=province)
    return int(rows.aggregate(total=Sum("n"))["total"] or 0)


def demands_answered(start: date, end: date, province: int | None = None
                     ) -> list[tuple[int, date]]:
    """The demands behind `answered_demands`, as (demand, day)."""
    rows = Step.objects.filter(metric="answered", day__gte=start, day__lte=end)
    if province is not None:
        rows = rows.filter(province=province)
    return list(rows.order_by("day", "item").values_list("item", "day"))


def backlog_by_age(filters: Filters, today: date) -> list[int]:
    """Open items by days waiting in their current stage, in `AGE_BANDS`."""
    rows = filters.narrow(ItemStage.objects.filter(stage__in=OPEN_STAGES))
    counts = []
    for low, high in AGE_BANDS:
        band = rows.filter(since__lte=today - timedelta(days=low))
        if high is not None:
            band = band.filter(since__gte=today - timedelta(days=high))
        counts.append(band.count())
    return counts


def inflow_outflow(filters: Filters) -> list[tuple[date, int, int]]:
    """Items received and ended on each day of the period."""
    rows = filters.narrow(Rollup.objects.filter(
        span="d", metric__in=("inflow", "outflow"), day__gte=filters.start,
        day__lte=filters.end))
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows.values("day", "metric").annotate(total=Sum("n")).order_by():
        per_day[row["day"]][0 if row["metric"] == "inflow" else 1] += int(row["total"])
    days = (filters.end - filters.start).days + 1
    result = []
    for day in (filters.start + timedelta(days=i) for i in range(days)):
        received, ended = per_day.get(day, [0, 0])
        result.append((day, received, ended))
    return result


# --- drill-downs ---------------------------------------------------------------------------

DRILLS = {
    # name → (metric, stages): what each number of the dashboard counts.
    "received": ("inflow", ()),
    "ended": ("outflow", END_STAGES),
    "screened": ("screened", ()),
    "screened_on_time": ("screened", ("on_time",)),
    "screened_late": ("screened", ("late",)),
    "council_on_time": ("council", ("on_time",)),
    "council_late": ("council", ("late",)),
    "reviewed_on_time": ("reviewed", ("on_time",)),
    "reviewed_late": ("reviewed", ("late",)),
    **{f"ended_{stage}": ("outflow", (stage,)) for stage in END_STAGES},
}


def items_behind(filters: Filters, figure: str, person: int | None = None
                 ) -> list[tuple[int, date]]:
    """What a figure counts, in the reader's scope, as (initiative, day) pairs: items now in
    a stage (``in_stage:<stage>``, since when), or the items counted over the period
    (`DRILLS`, on which day; an item screened twice is there twice, as it is counted), or
    every open item (``open``)."""
    if figure.startswith("in_stage:") or figure == "open":
        now: tuple[str, ...] = OPEN_STAGES if figure == "open" else (figure.split(":", 1)[1],)
        if not set(now) <= set(OPEN_STAGES):
            raise ValueError(f"unknown stage {now[0]!r}")
        rows: QuerySet[Any] = filters.narrow(ItemStage.objects.filter(stage__in=now))
        rows = rows.order_by("since", "item").values_list("item", "since")
    elif figure in DRILLS:
        metric, stages = DRILLS[figure]
        rows = filters.narrow(Step.objects.filter(metric=metric, day__gte=filters.start,
                                                  day__lte=filters.end))
        if stages:
            rows = rows.filter(stage__in=stages)
        rows = rows.order_by("day", "item").values_list("item", "day")
    else:
        raise ValueError(f"unknown figure {figure!r}")
    if person is not None:
        rows = rows.filter(person=person)
    return list(rows)
