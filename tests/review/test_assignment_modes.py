"""The fair mode and the repair: exact on small calls, never a conflicted pair or an overload."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sangkien.review.assignment import (
    Cancelled,
    InfeasibleCall,
    assign,
    assign_fair,
    reassign,
)


def feasible(n, m, k, max_load, conflicts):
    for choice in itertools.product(*[[c for c in itertools.combinations(range(m), k)
                                       if not any(conflicts[i, j] for j in c)]
                                      for i in range(n)]):
        loads = np.bincount([j for c in choice for j in c], minlength=m)
        if loads.max(initial=0) <= max_load:
            yield choice


def small_call(data, n, m):
    affinity = np.array(data.draw(st.lists(st.lists(st.integers(0, 9), min_size=m, max_size=m),
                                           min_size=n, max_size=n)), dtype=float)
    conflicts = np.array(data.draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m),
                                            min_size=n, max_size=n)))
    return affinity, conflicts


def check(pairs, n, k, max_load, conflicts):
    assert all(sum(1 for i, _ in pairs if i == row) == k for row in range(n))
    assert max(np.bincount([j for _, j in pairs]), default=0) <= max_load
    assert not any(conflicts[i, j] for i, j in pairs)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 4), st.integers(2, 5), st.integers(1, 2), st.integers(1, 3), st.data())
def test_fair_mode_gives_the_worst_off_initiative_the_most_possible(n, m, k, max_load, data):
    k = min(k, m)
    affinity, conflicts = small_call(data, n, m)
    options = list(feasible(n, m, k, max_load, conflicts))
    if not options:
        with pytest.raises(InfeasibleCall):
            assign_fair(affinity, k, max_load, conflicts)
        return
    best_worst = max(min(sum(affinity[i, j] for j in c) for i, c in enumerate(choice))
                     for choice in options)
    result = assign_fair(affinity, k, max_load, conflicts)
    assert result.worst == pytest.approx(best_worst)
    assert result.optimal and result.worst_bound == pytest.approx(best_worst)
    check(result.pairs, n, k, max_load, conflicts)
    # Among the fairest assignments, the highest total.
    fairest = max(sum(affinity[i, j] for i, c in enumerate(choice) for j in c)
                  for choice in options
                  if min(sum(affinity[i, j] for j in c) for i, c in enumerate(choice))
                  >= best_worst - 1e-9)
    assert result.total == pytest.approx(fairest)


def test_fair_mode_helps_the_initiative_the_total_leaves_behind():
    # Two initiatives, two experts with one slot each. The total prefers giving expert 0 to
    # initiative 0 (10 + 1 = 11 against 6 + 4 = 10), which leaves initiative 1 with 1.
    affinity = np.array([[10.0, 4.0], [6.0, 1.0]])
    assert assign(affinity, 1, 1).pairs == [(0, 0), (1, 1)]
    fair = assign_fair(affinity, 1, 1)
    assert fair.pairs == [(0, 1), (1, 0)]
    assert fair.worst == 4.0 and fair.optimal


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 4), st.integers(3, 5), st.integers(1, 2), st.integers(1, 3), st.data())
def test_repair_changes_as_few_pairs_as_possible(n, m, k, max_load, data):
    k = min(k, m - 1)
    affinity, conflicts = small_call(data, n, m)
    try:
        current = assign(affinity, k, max_load, conflicts).pairs
    except InfeasibleCall:
        return
    # A late conflict on one assigned pair.
    late = conflicts.copy()
    gone = current[data.draw(st.integers(0, len(current) - 1))]
    late[gone] = True
    options = list(feasible(n, m, k, max_load, late))
    if not options:
        with pytest.raises(InfeasibleCall):
            reassign(affinity, k, max_load, current, late)
        return
    kept_most = max(sum((i, j) in set(current) for i, c in enumerate(choice) for j in c)
                    for choice in options)
    result = reassign(affinity, k, max_load, current, late)
    check(result.pairs, n, k, max_load, late)
    assert len(set(result.pairs) & set(current)) == kept_most
    assert gone in result.removed


def test_a_progress_callback_can_cancel_a_run():
    def stop(phase, done):
        if phase == "solve":
            raise Cancelled

    with pytest.raises(Cancelled):
        assign(np.ones((3, 3)), 1, 1, progress=stop)


def test_a_full_assignment_is_found_even_when_leaving_a_slot_empty_would_score_more():
    # Initiative i may take expert i (affinity 0) or expert i + 1 (affinity 1); the last one
    # only expert n − 1. Shifting everyone right scores n − 1 but leaves the last initiative
    # without a reviewer; the only full assignment is the diagonal, scoring 0. The solver
    # must fill every slot it can, whatever the affinities.
    n = 30
    allowed = np.eye(n, dtype=bool) | np.eye(n, k=1, dtype=bool)
    affinity = np.where(np.eye(n, k=1, dtype=bool), 1.0, 0.0)
    result = assign(affinity, 1, 1, ~allowed)
    assert result.pairs == [(i, i) for i in range(n)]
