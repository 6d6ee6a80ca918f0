"""The stored roll-ups, kept batch by batch from events, equal a from-scratch recomputation."""

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_data import route_provinces, submit
from personas import HA_NOI

from sangkien.core.calendar import work_calendar
from sangkien.core.events import deliver_pending
from sangkien.core.models import Event
from sangkien.initiatives import services as intake
from sangkien.ioc.models import ItemStage, Rollup, Step
from sangkien.ioc.pipeline import Move, rollup
from sangkien.ioc.rollups import apply_moves, moves_from, stored
from sangkien.ioc.selectors import Figures, Filters, figures

pytestmark = pytest.mark.django_db

stages = st.sampled_from(["submitted", "screening", "returned", "in_review", "selected",
                          "in_adoption", "adopted", "not_selected", "closed", "withdrawn", "",
                          "council"])
moves = st.lists(st.builds(Move, item=st.integers(1, 8),
                           day=st.dates(date(2026, 1, 28), date(2026, 4, 3)),
                           unit=st.integers(1, 3), province=st.sampled_from([1, 79]),
                           stage=stages, allowance=st.integers(3, 10),
                           person=st.integers(0, 2), field=st.sampled_from(["", "2", "4"]),
                           category=st.sampled_from(["ordinary", "breakthrough"])),
                  max_size=60).map(
    lambda ms: sorted(ms, key=lambda m: m.day))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=moves, cuts=st.lists(st.integers(0, 60), max_size=4),
       start=st.one_of(st.dates(date(2026, 1, 25), date(2026, 3, 5)),
                       st.sampled_from([date(2026, 2, 1), date(2026, 3, 1)])),
       length=st.one_of(st.sampled_from([27, 28, 30, 45, 60]), st.integers(0, 70)))
def test_stored_rollups_after_any_batches_equal_a_recomputation(moves, cuts, start, length):
    ItemStage.objects.all().delete()
    Rollup.objects.all().delete()
    Step.objects.all().delete()
    bounds = [0, *sorted(c for c in cuts if c < len(moves)), len(moves)]
    for low, high in itertools.pairwise(bounds):
        apply_moves(moves[low:high])
    _, expected, records = rollup(moves, work_calendar(range(2025, 2028)))
    assert stored() == {k: v for k, v in expected.items() if v}
    # The drill-down rows are the items behind each count of a day.
    steps = Counter((s.item, s.metric, s.unit, s.stage, s.day, s.bucket)
                    for s in Step.objects.all())
    assert steps == Counter((i, k.metric, k.unit, k.stage, k.day, k.bucket) for i, k in records)
    # Any period's figures, read from monthly rows where whole months fit, equal the sum of
    # the fold's daily counts over the period.
    end = start + timedelta(days=length)
    units = frozenset({1, 2, 3})
    by_unit = figures(Filters(units, start, end), by="unit")
    expected_figures = {}
    for key, n in expected.items():
        if key.day is None or start <= key.day <= end:
            expected_figures.setdefault(key.unit, Figures()).add(key.metric, key.stage,
                                                                  key.bucket, n)
    empty = _plain(Figures())
    assert {u: _plain(f) for u, f in by_unit.items() if _plain(f) != empty} == {
        u: _plain(f) for u, f in expected_figures.items() if _plain(f) != empty}


def _plain(f):
    """What a Figures holds, without its zeros."""
    return ({k: v for k, v in f.in_stage.items() if v}, f.received, +f.ended,
            {m: +c for m, c in f.outcomes.items() if +c},
            {s: +c for s, c in f.stays.items() if +c}, +f.screening_times)


def test_events_of_real_initiatives_become_rollups(proposer, officer_hanoi, hanoi_unit):
    route_provinces((hanoi_unit, HA_NOI))
    first = submit(proposer, "Cảm biến độ mặn", "Đo độ mặn nước tưới.")
    second = submit(proposer, "Máy sấy cà phê", "Sấy bằng năng lượng mặt trời.")
    intake.initiative_transition(first, "start_screening", officer_hanoi)
    intake.initiative_transition(first, "accept_for_review", officer_hanoi,
                                 checks=hanoi_unit.screening_checklist)
    intake.initiative_transition(second, "start_screening", officer_hanoi)
    intake.initiative_transition(second, "reject", officer_hanoi, reason="Trùng lặp.")
    deliver_pending("ioc.rollups", batch_size=3)  # several batches, as a busy worker sees
    counts = stored()
    in_stage = {(k.unit, k.province, k.stage, k.person): v for k, v in counts.items()
                if k.metric == "in_stage"}
    assert in_stage == {(hanoi_unit.pk, HA_NOI, "in_review", officer_hanoi.pk): 1}
    assert sum(v for k, v in counts.items() if k.metric == "inflow") == 2
    assert sum(v for k, v in counts.items() if k.metric == "screened"
               and k.stage == "on_time" and k.person == officer_hanoi.pk) == 2
    assert sum(v for k, v in counts.items() if k.metric == "outflow"
               and k.stage == "not_selected") == 1
    # Recomputed from the whole event log: the same.
    _, again, _records = rollup(moves_from(Event.objects.order_by("id")),
                                work_calendar(range(2025, 2028)))
    assert counts == {k: v for k, v in again.items() if v}


@pytest.mark.parametrize(("start", "end", "received"), [
    (date(2026, 2, 1), date(2026, 2, 28), 3),   # February exactly: its monthly row
    (date(2026, 1, 31), date(2026, 3, 1), 5),   # a day either side of it
    (date(2026, 2, 1), date(2026, 3, 31), 4),   # two whole months
    (date(2026, 2, 2), date(2026, 2, 27), 1),   # inside the month: daily rows only
    (date(2026, 1, 31), date(2026, 1, 31), 1),
])
def test_periods_read_months_and_days_without_counting_twice(start, end, received):
    days = [date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 14), date(2026, 2, 28),
            date(2026, 3, 1)]
    apply_moves([Move(item, day, 1, 1, "submitted") for item, day in enumerate(days, 1)])
    assert Rollup.objects.filter(span="m", metric="inflow").count() == 3  # Jan, Feb, Mar
    assert figures(Filters(frozenset({1}), start, end))[None].received == received
