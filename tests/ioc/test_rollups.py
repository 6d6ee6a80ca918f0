"""The stored roll-ups, kept batch by batch from events, equal a from-scratch recomputation."""

import itertools
from collections import Counter
from datetime import date

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

pytestmark = pytest.mark.django_db

stages = st.sampled_from(["submitted", "screening", "returned", "in_review", "selected",
                          "in_adoption", "adopted", "not_selected", "closed", "withdrawn", "",
                          "council"])
moves = st.lists(st.builds(Move, item=st.integers(1, 8),
                           day=st.dates(date(2026, 1, 2), date(2026, 12, 20)),
                           unit=st.integers(1, 3), province=st.sampled_from([1, 79]),
                           stage=stages, allowance=st.integers(3, 10),
                           person=st.integers(0, 2), field=st.sampled_from(["", "2", "4"]),
                           category=st.sampled_from(["ordinary", "breakthrough"])),
                  max_size=60).map(
    lambda ms: sorted(ms, key=lambda m: m.day))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=moves, cuts=st.lists(st.integers(0, 60), max_size=4))
def test_stored_rollups_after_any_batches_equal_a_recomputation(moves, cuts):
    ItemStage.objects.all().delete()
    Rollup.objects.all().delete()
    Step.objects.all().delete()
    bounds = [0, *sorted(c for c in cuts if c < len(moves)), len(moves)]
    for start, end in itertools.pairwise(bounds):
        apply_moves(moves[start:end])
    _, expected, records = rollup(moves, work_calendar(range(2025, 2028)))
    assert stored() == {k: v for k, v in expected.items() if v}
    # The drill-down rows are the items behind each count of a day.
    steps = Counter((s.item, s.metric, s.unit, s.stage, s.day, s.bucket)
                    for s in Step.objects.all())
    assert steps == Counter((i, k.metric, k.unit, k.stage, k.day, k.bucket) for i, k in records)


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
