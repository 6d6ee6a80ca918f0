"""The assignment is the exact optimum, respects k, L and conflicts, and says why it cannot."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from sangkien.review.assignment import InfeasibleCall, assign, lp_bound


def brute_force(affinity, k, max_load, conflicts):
    """The best total over every assignment, by enumeration (tiny instances only)."""
    n, m = affinity.shape
    options = [[c for c in itertools.combinations(range(m), k)
                if not any(conflicts[i, j] for j in c)] for i in range(n)]
    best = None
    for choice in itertools.product(*options):
        loads = np.bincount([j for c in choice for j in c], minlength=m)
        if loads.max(initial=0) <= max_load:
            total = sum(affinity[i, j] for i, c in enumerate(choice) for j in c)
            best = total if best is None else max(best, total)
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(2, 5), st.integers(1, 2), st.integers(1, 3), st.data())
def test_the_optimum_of_every_small_call(n, m, k, max_load, data):
    k = min(k, m)
    affinity = np.array(data.draw(st.lists(st.lists(st.integers(0, 9), min_size=m, max_size=m),
                                           min_size=n, max_size=n)), dtype=float)
    conflicts = np.array(data.draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m),
                                            min_size=n, max_size=n)))
    best = brute_force(affinity, k, max_load, conflicts)
    if best is None:
        with pytest.raises(InfeasibleCall):
            assign(affinity, k, max_load, conflicts)
        return
    result = assign(affinity, k, max_load, conflicts)
    assert result.total == pytest.approx(best)
    assert result.total == pytest.approx(lp_bound(affinity, k, max_load, conflicts))
    loads = np.bincount([j for _, j in result.pairs], minlength=m)
    assert loads.max() <= max_load
    assert all(sum(1 for i, _ in result.pairs if i == row) == k for row in range(n))
    assert not any(conflicts[i, j] for i, j in result.pairs)


def test_the_error_says_how_many_slots_are_missing_and_where():
    affinity = np.ones((3, 2))
    conflicts = np.array([[False, False], [False, True], [True, True]])
    with pytest.raises(InfeasibleCall) as error:
        assign(affinity, 2, 3, conflicts)
    assert error.value.missing == 3
    assert error.value.short == {1: 1, 2: 2}
    assert str(error.value) == ("3 reviewer slot(s) cannot be filled: initiative 1 needs 1 more, "
                                "initiative 2 needs 2 more")


def test_a_sparse_candidate_graph_at_a_larger_size():
    rng = np.random.default_rng(7)
    n, m, k, load = 300, 150, 3, 8
    best_per_row = 40
    rows, cols, vals = [], [], []
    for i in range(n):
        for j in rng.choice(m, best_per_row, replace=False):
            rows.append(i)
            cols.append(int(j))
            vals.append(float(rng.random()))
    affinity = sp.coo_array((vals, (rows, cols)), shape=(n, m))
    result = assign(affinity, k, load)
    assert len(result.pairs) == n * k
    assert result.total == pytest.approx(lp_bound(affinity, k, load), abs=n * k / 1e6)
    stored = set(zip(rows, cols, strict=True))
    assert all(pair in stored for pair in result.pairs)  # only candidates are assigned


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        assign(np.ones((2, 2)), 0, 1)
