"""Roll-ups of the pipeline against a scenario computed by hand, around the 2026 Tết week."""

from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sangkien.core.workdays import vietnam_calendar
from sangkien.ioc.pipeline import Move, TabledCalendar, percentile, rollup

CALENDAR = vietnam_calendar([2026])
D = date


def scenario():
    """Unit 1 screens in 5 working days. Tết: Monday 16 to Friday 20 February 2026."""
    return [
        Move(1, D(2026, 2, 12), 1, 1, "submitted",    # A: due Thu 26 Feb (13, 23, 24, 25, 26)
             field="2", category="breakthrough"),
        Move(2, D(2026, 2, 13), 1, 1, "submitted"),   # B: due Fri 27 Feb
        Move(1, D(2026, 2, 13), 1, 1, "screening", person=7),
        Move(3, D(2026, 2, 23), 1, 1, "submitted"),   # C
        Move(4, D(2026, 2, 23), 1, 1, "submitted"),   # D
        Move(3, D(2026, 2, 24), 1, 1, "withdrawn"),
        Move(4, D(2026, 2, 24), 2, 1, "submitted"),   # D sent to unit 2
        Move(1, D(2026, 2, 25), 1, 1, "in_review", person=7),  # A screened on time
        Move(2, D(2026, 3, 2), 1, 1, "screening", person=8),
        Move(2, D(2026, 3, 3), 1, 1, "not_selected", person=8),  # B rejected, late
        # A's council is due Wed 4 Mar (26, 27 Feb, 2, 3, 4 Mar); formed on the 5th: late.
        Move(1, D(2026, 3, 5), 1, 1, "council", person=8),
        Move(1, D(2026, 3, 6), 1, 1, "council", person=8),  # a second round counts nothing
        Move(1, D(2026, 3, 20), 1, 1, "on_time", person=30, tally="reviewed"),
    ]


def test_a_hand_computed_scenario_with_the_tet_holidays():
    states, sums, records = rollup(scenario(), CALENDAR)
    assert states[1].screening_due == D(2026, 2, 26)
    assert states[2].screening_due == D(2026, 2, 27)
    assert {k.day: v for k, v in sums.items() if k.metric == "inflow"} == {
        D(2026, 2, 12): 1, D(2026, 2, 13): 1, D(2026, 2, 23): 2}
    # A is held by the officer who accepted it; D waits, unheld, at unit 2.
    assert {(k.unit, k.stage, k.person, k.field): v for k, v in sums.items()
            if k.metric == "in_stage"} == {(1, "in_review", 7, "2"): 1, (2, "submitted", 0, ""): 1}
    assert {(k.stage, k.day): v for k, v in sums.items() if k.metric == "outflow"} == {
        ("withdrawn", D(2026, 2, 24)): 1, ("not_selected", D(2026, 3, 3)): 1}
    # Screening decisions count for the officer who took them.
    assert {(k.stage, k.day, k.person): v for k, v in sums.items()
            if k.metric == "screened"} == {("on_time", D(2026, 2, 25), 7): 1,
                                           ("late", D(2026, 3, 3), 8): 1}
    assert {(k.stage, k.day, k.category): v for k, v in sums.items()
            if k.metric == "council"} == {("late", D(2026, 3, 5), "breakthrough"): 1}
    assert {(k.stage, k.person): v for k, v in sums.items() if k.metric == "reviewed"} == {
        ("on_time", 30): 1}
    # Every count of a day names its item, once.
    assert Counter(key for _item, key in records) == {
        k: v for k, v in sums.items() if k.day is not None}
    assert sorted(item for item, key in records if key.metric == "inflow") == [1, 2, 3, 4]
    spells = Counter()
    for key, n in sums.items():
        if key.metric == "spell":
            spells[(key.stage, key.bucket)] += n
    # Submitted: A 12→13 Feb is 1 day; B 13 Feb → 2 Mar is 6 (23–27 Feb, 2 Mar); C 1 day.
    # Screening: A 13→25 Feb is 3 (23, 24, 25); B 2→3 Mar is 1.
    assert spells == {("submitted", 1): 2, ("submitted", 6): 1, ("screening", 3): 1,
                      ("screening", 1): 1}
    # Receipt to screening decision: A 12→25 Feb is 4 working days (13, 23, 24, 25); B
    # 13 Feb → 3 Mar is 7 (23–27 Feb, 2, 3 Mar).
    assert {(k.stage, k.bucket): v for k, v in sums.items() if k.metric == "screened"} == {
        ("on_time", 4): 1, ("late", 7): 1}
    submitted = Counter({1: 2, 6: 1})
    assert percentile(submitted, 0.5) == 1
    assert percentile(submitted, 0.9) == 5.0  # between 1 and 6, 80% of the way


stages = st.sampled_from(["submitted", "screening", "returned", "in_review", "selected",
                          "in_adoption", "adopted", "not_selected", "closed", "withdrawn", "",
                          "council"])
moves = st.lists(st.builds(Move, item=st.integers(1, 6),
                           day=st.dates(D(2026, 1, 2), D(2026, 12, 20)),
                           unit=st.integers(1, 3), province=st.sampled_from([1, 79]),
                           stage=stages, person=st.integers(0, 2),
                           category=st.sampled_from(["ordinary", "breakthrough"])),
                  max_size=40).map(
    lambda ms: sorted(ms, key=lambda m: m.day))


def _nonzero(counts):
    return {k: v for k, v in counts.items() if v}


@settings(max_examples=150, deadline=None)
@given(moves=moves, cut=st.integers(0, 40))
def test_rolling_up_in_two_batches_equals_rolling_up_at_once(moves, cut):
    states, first, early = rollup(moves[:cut], CALENDAR)
    final, second, late = rollup(moves[cut:], CALENDAR, states)
    _, whole, records = rollup(moves, CALENDAR)
    assert early + late == records
    both = Counter(first)
    both.update(second)  # update keeps negative deltas, unlike +
    assert _nonzero(both) == _nonzero(whole)
    # Items in a stage are exactly the items whose last stage is open, per unit.
    in_stage = Counter()
    for k, v in whole.items():
        if k.metric == "in_stage":
            in_stage[(k.unit, k.stage)] += v
    expected = Counter((item.unit, item.stage) for item in final.values()
                       if item.stage not in ("not_selected", "adopted", "closed", "withdrawn"))
    assert _nonzero(in_stage) == dict(expected)


@settings(max_examples=300, deadline=None)
@given(start=st.dates(D(2026, 1, 1), D(2026, 12, 31)),
       end=st.dates(D(2025, 12, 1), D(2027, 2, 1)), n=st.integers(0, 40))
def test_a_tabled_calendar_answers_as_the_calendar_does(start, end, n):
    calendar = vietnam_calendar([2025, 2026, 2027])
    tabled = TabledCalendar(calendar, D(2026, 1, 1), D(2026, 12, 31))
    assert tabled.working_days_between(start, end) == calendar.working_days_between(start, end)
    assert tabled.add_working_days(start, n) == calendar.add_working_days(start, n)
