"""Aggregation: hand-checked totals, robust centres, calibration that a constant shift cannot
move, results independent of reviewer order, rank intervals and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sangkien.review.aggregation import Sheet, aggregate, calibrate, robust_centre, weighted_total


def test_weighted_total_on_a_hand_example():
    assert weighted_total([10, 0], [3, 1], 0, 10) == 75.0
    assert weighted_total([1, 5], [1, 1], 1, 5) == 50.0


def test_the_robust_centre_resists_one_outlier():
    assert robust_centre([60, 62, 64, 66, 0], "median") == 62
    assert robust_centre([60, 62, 64, 66, 0], "trimmed", 0.2) == 62  # drops 0 and 66
    assert robust_centre([60, 62, 64, 66, 0], "mean") == pytest.approx(50.4)


def design(data):
    """Each of n initiatives reviewed by 3 consecutive reviewers of m (a connected design)."""
    n = data.draw(st.integers(3, 7))
    m = data.draw(st.integers(3, 6))
    pairs = [(i, (i + d) % m) for i in range(n) for d in range(3)]
    totals = np.array(data.draw(st.lists(st.floats(20, 80), min_size=len(pairs),
                                         max_size=len(pairs))))
    return pairs, totals


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_reviewer_shifting_all_scores_changes_no_calibrated_quality(data):
    pairs, totals = design(data)
    who = np.array([i for i, _ in pairs])
    by = np.array([j for _, j in pairs])
    quality, _ = calibrate(who, by, totals)
    shifted = totals + np.where(by == 0, data.draw(st.floats(-15, 15)), 0.0)
    moved, _ = calibrate(who, by, shifted)
    np.testing.assert_allclose(moved - moved.mean(), quality - quality.mean(), atol=1e-6)
    assert list(np.argsort(-np.round(moved, 6), kind="stable")) == \
        list(np.argsort(-np.round(quality, 6), kind="stable"))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_permuting_reviewers_and_sheets_changes_nothing(data):
    pairs, totals = design(data)
    sheets = [Sheet(i, j, (t / 10, t / 10)) for (i, j), t in zip(pairs, totals, strict=True)]
    names = data.draw(st.permutations(range(10)))
    renamed = [Sheet(s.initiative, names[s.reviewer], s.scores) for s in sheets]
    shuffled = data.draw(st.permutations(renamed))
    a, b = aggregate(sheets, [1, 2], 0, 10), aggregate(shuffled, [1, 2], 0, 10)
    assert [(r.initiative, r.rank, r.rank_low, r.rank_high) for r in a.initiatives] == \
        [(r.initiative, r.rank, r.rank_low, r.rank_high) for r in b.initiatives]
    np.testing.assert_allclose([r.calibrated for r in a.initiatives],
                               [r.calibrated for r in b.initiatives], atol=1e-6)


def test_calibration_undoes_a_harsh_reviewer_on_the_best_initiative():
    true = {0: 80.0, 1: 60.0, 2: 70.0}
    offset = {0: -20.0, 1: 5.0, 2: 10.0, 3: 5.0}  # reviewer 0 is harsh
    pairs = [(0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (2, 3), (0, 3), (1, 0)]
    sheets = [Sheet(i, j, ((true[i] + offset[j]) / 10,)) for i, j in pairs]
    result = aggregate(sheets, [1], 0, 10)
    assert [r.initiative for r in result.initiatives] == [0, 2, 1]
    by_id = {r.initiative: r for r in result.initiatives}
    assert by_id[0].calibrated - by_id[1].calibrated == pytest.approx(20.0)
    assert result.leniency[0] - result.leniency[1] == pytest.approx(-25.0)
    assert all(r.rank_low == r.rank == r.rank_high for r in result.initiatives)  # no noise


def test_disagreement_flags_an_initiative_for_an_extra_reviewer():
    sheets = [Sheet(0, 0, (9,)), Sheet(0, 1, (5,)), Sheet(1, 0, (6,)), Sheet(1, 1, (7,))]
    flagged = {r.initiative: r.flagged for r in aggregate(sheets, [1], 0, 10,
                                                          threshold=25).initiatives}
    assert flagged == {0: True, 1: False}


def test_noise_widens_the_rank_intervals():
    rng = np.random.default_rng(7)
    sheets = [Sheet(i, j, (float(np.clip(5 + 0.1 * i + rng.normal(0, 2), 0, 10)),))
              for i in range(6) for j in range(3)]
    result = aggregate(sheets, [1], 0, 10)
    assert all(r.rank_low <= r.rank <= r.rank_high for r in result.initiatives)
    assert any(r.rank_high - r.rank_low >= 2 for r in result.initiatives)


@pytest.mark.parametrize(("sheets", "weights", "method", "message"), [
    ([Sheet(0, 0, (11,))], [1], "trimmed", "outside the scale"),
    ([Sheet(0, 0, (float("nan"),))], [1], "trimmed", "outside the scale"),
    ([Sheet(0, 0, (5, 5))], [1], "trimmed", "2 scores for 1 criteria"),
    ([Sheet(0, 0, (5,))], [0], "trimmed", "weight must be positive"),
    ([Sheet(0, 0, (5,))], [], "trimmed", "no criteria"),
    ([Sheet(0, 0, (5,))], [1], "mode", "unknown aggregation method"),
    ([Sheet(0, 0, (5,)), Sheet(0, 0, (6,))], [1], "trimmed", "scored initiative 0 twice"),
])
def test_bad_input_is_refused_with_a_clear_message(sheets, weights, method, message):
    with pytest.raises(ValueError, match=message):
        aggregate(sheets, weights, 0, 10, method=method)
