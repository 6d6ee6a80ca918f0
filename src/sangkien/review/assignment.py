"""Reviewer assignment, exact and fast (pure: numpy, scipy and OR-Tools, no Django).

Every initiative gets exactly k reviewers, no expert more than L, no conflicted pair, and the
total affinity is as large as possible. This is a min-cost flow: source → initiative (capacity
k) → expert (capacity 1 per candidate pair, cost −affinity) → sink (capacity L), solved by
OR-Tools' network simplex on integer costs (affinities scaled by 10⁶). An extra arc from the
source to the sink, dearer than any assignment, takes whatever cannot be placed, so a single
solve also says how many reviewer slots are missing and where.

The same problem as a linear program (`lp_bound`) has a totally unimodular constraint matrix:
its optimum is the true optimum, which the tests and the benchmark compare against. Only
candidate pairs are arcs (a sparse matrix of affinities, e.g. each initiative's best few
hundred experts), so large calls stay small in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp


class InfeasibleCall(ValueError):
    """Not enough reviewer capacity where it is needed."""

    def __init__(self, missing: int, short: dict[int, int]) -> None:
        where = ", ".join(f"initiative {i} needs {n} more" for i, n in sorted(short.items())[:10])
        more = "" if len(short) <= 10 else f" and {len(short) - 10} more initiatives"
        super().__init__(f"{missing} reviewer slot(s) cannot be filled: {where}{more}")
        self.missing = missing
        self.short = short


@dataclass(frozen=True)
class Assignment:
    pairs: list[tuple[int, int]]  # (initiative, expert), sorted
    total: float  # the sum of the affinities of the pairs
    bound: float  # the optimum the solver proved (min-cost flow: equal to `total`)


def candidates(affinity: np.ndarray | sp.spmatrix | sp.sparray,
               conflicts: sp.spmatrix | sp.sparray | np.ndarray | None = None) -> sp.coo_array:
    """The candidate pairs with their affinities; conflicted pairs are removed, never scored.

    A dense matrix makes every pair a candidate; a sparse one only its stored entries (an
    explicit 0 stays a candidate with zero affinity)."""
    matrix = sp.coo_array(affinity) if sp.issparse(affinity) else sp.coo_array(
        np.asarray(affinity, dtype=float))
    rows, cols, data = matrix.row, matrix.col, matrix.data.astype(float)
    if not sp.issparse(affinity):  # coo drops zeros of a dense matrix: keep every pair
        n, m = matrix.shape
        rows, cols = np.divmod(np.arange(n * m), m)
        data = np.asarray(affinity, dtype=float).ravel()
    if conflicts is not None:
        blocked = sp.csr_array(conflicts, dtype=bool)
        keep = ~np.asarray(blocked[rows, cols]).ravel().astype(bool)
        rows, cols, data = rows[keep], cols[keep], data[keep]
    return sp.coo_array((data, (rows, cols)), shape=matrix.shape)


SCALE = 1_000_000  # affinities become integer costs in millionths

Progress = Callable[[str, float], None]  # (phase, fraction done); may raise Cancelled


class Cancelled(Exception):
    """Raised by a progress callback to stop a run between phases; nothing is returned."""


def _report(progress: Progress | None, phase: str, done: float) -> None:
    if progress is not None:
        progress(phase, done)


def _flow(pairs: sp.coo_array, costs: np.ndarray, need: np.ndarray,
          capacity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Min-cost flow placing need[i] reviewers on initiative i, at most capacity[j] on expert j,
    one unit per candidate pair at costs[pair]. Returns (flow per pair, placed per initiative).

    A source→sink overflow arc takes what cannot be placed. Its cost exceeds the cost of any
    simple augmenting path (at most 2·min(n, m) + 3 arcs), so it is used only when stuck."""
    from ortools.graph.python import min_cost_flow

    n, m = pairs.shape
    source, sink = n + m, n + m + 1
    overflow = (int(np.abs(costs).max(initial=0)) + 1) * (2 * min(n, m) + 3)
    if overflow * int(need.sum() + 1) >= 2**62:
        raise ValueError("the call is too large for integer costs at this precision")
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.full(n, source), pairs.row, n + np.arange(m), [source]])
    heads = np.concatenate([np.arange(n), n + pairs.col, np.full(m, sink), [sink]])
    caps = np.concatenate([need, np.ones(pairs.nnz, dtype=np.int64), capacity, [need.sum()]])
    cost = np.concatenate([np.zeros(n, dtype=np.int64), costs,
                           np.zeros(m, dtype=np.int64), [overflow]])
    flow.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32),
                                              caps.astype(np.int64), cost.astype(np.int64))
    flow.set_node_supply(source, int(need.sum()))
    flow.set_node_supply(sink, -int(need.sum()))
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("the min-cost-flow solver did not reach an optimum")
    flows = flow.flows(np.arange(n + pairs.nnz, dtype=np.int32))
    return flows[n:], flows[:n]


def _raise_if_short(placed: np.ndarray, need: np.ndarray) -> None:
    if int(placed.sum()) < int(need.sum()):
        short = {i: int(need[i] - placed[i]) for i in np.flatnonzero(placed < need).tolist()}
        raise InfeasibleCall(int(need.sum() - placed.sum()), short)


def _check(k: int, max_load: int) -> None:
    if k < 1 or max_load < 1:
        raise ValueError("k and the maximum load must be at least 1")


def assign(affinity: np.ndarray | sp.spmatrix | sp.sparray, k: int, max_load: int,
           conflicts: sp.spmatrix | sp.sparray | np.ndarray | None = None,
           progress: Progress | None = None) -> Assignment:
    """The optimal assignment, or InfeasibleCall saying how many slots are missing, where."""
    _check(k, max_load)
    _report(progress, "candidates", 0.0)
    pairs = candidates(affinity, conflicts)
    n, m = pairs.shape
    if n == 0:
        return Assignment([], 0.0, 0.0)
    _report(progress, "solve", 0.2)
    flows, placed = _flow(pairs, -np.rint(pairs.data * SCALE).astype(np.int64),
                          np.full(n, k, dtype=np.int64), np.full(m, max_load, dtype=np.int64))
    _raise_if_short(placed, np.full(n, k))
    chosen = flows > 0
    picked = sorted(zip(pairs.row[chosen].tolist(), pairs.col[chosen].tolist(), strict=True))
    total = float(pairs.data[chosen].sum())
    _report(progress, "done", 1.0)
    return Assignment(picked, total, total)


@dataclass(frozen=True)
class Reassignment:
    pairs: list[tuple[int, int]]
    total: float
    added: list[tuple[int, int]]
    removed: list[tuple[int, int]]


def reassign(affinity: np.ndarray | sp.spmatrix | sp.sparray, k: int | np.ndarray,
             max_load: int | np.ndarray, current: Iterable[tuple[int, int]],
             conflicts: sp.spmatrix | sp.sparray | np.ndarray | None = None) -> Reassignment:
    """Repair an assignment after a decline or a late conflict, changing as few pairs as
    possible and, among those repairs, keeping the total affinity highest.

    Lexicographic by costs: keeping a current pair earns more than the whole affinity of the
    call, so the flow first keeps every pair it can, then maximises affinity. A pair that is
    no longer a candidate (declined, conflicted) cannot be kept. `k` and `max_load` may be
    per initiative and per expert (what is left once fixed reviews are taken out)."""
    pairs = candidates(affinity, conflicts)
    n, m = pairs.shape
    need = np.broadcast_to(np.asarray(k, dtype=np.int64), (n,)).copy()
    capacity = np.broadcast_to(np.asarray(max_load, dtype=np.int64), (m,)).copy()
    if (need < 0).any() or (capacity < 0).any():
        raise ValueError("needs and capacities cannot be negative")
    before = set(current)
    scale = 1_000  # coarser than `assign`, so that the keep bonus still fits in 64-bit costs
    costs = np.rint(pairs.data * scale).astype(np.int64)
    keep = (int(np.abs(costs).max(initial=0)) + 1) * (int(need.sum()) + 1)
    kept = np.array([(i, j) in before for i, j in zip(pairs.row.tolist(), pairs.col.tolist(),
                                                       strict=True)], dtype=bool)
    flows, placed = _flow(pairs, -(costs + keep * kept), need, capacity)
    _raise_if_short(placed, need)
    chosen = flows > 0
    picked = sorted(zip(pairs.row[chosen].tolist(), pairs.col[chosen].tolist(), strict=True))
    after = set(picked)
    return Reassignment(picked, float(pairs.data[chosen].sum()), sorted(after - before),
                        sorted(before - after))


@dataclass(frozen=True)
class FairAssignment:
    pairs: list[tuple[int, int]]
    total: float
    worst: float  # the smallest sum of affinities any initiative receives
    worst_bound: float  # no assignment gives the worst-off initiative more than this
    optimal: bool  # worst == worst_bound (within rounding): proven best for the worst-off


def assign_fair(affinity: np.ndarray | sp.spmatrix | sp.sparray, k: int, max_load: int,
                conflicts: sp.spmatrix | sp.sparray | np.ndarray | None = None,
                time_limit: float = 30.0, rounds: int = 30,
                progress: Progress | None = None) -> FairAssignment:
    """Maximise the worst-off initiative's affinity, then the total among such assignments.

    Max–min assignment is NP-hard in general, so this works in three steps. (1) The
    max-total flow, then Lagrangian rounds that reweight initiatives below the best possible
    worst-off value, each one flow: a good incumbent in seconds. (2) A bound: no initiative can
    get more than its own best k candidates, so the smallest such sum bounds the worst-off;
    when the incumbent reaches it, it is proven optimal and we stop. (3) Otherwise a
    mixed-integer program (HiGHS) searches for a better worst-off value, then for the highest
    total at that value, each stage for at most `time_limit` seconds; the bound HiGHS proves
    is reported, so a remaining gap is never hidden."""
    _check(k, max_load)
    _report(progress, "max-total", 0.0)
    pairs = candidates(affinity, conflicts)
    n, m = pairs.shape
    if n == 0:
        return FairAssignment([], 0.0, 0.0, 0.0, True)
    start = assign(pairs, k, max_load)  # proves feasibility (or says where it fails)
    count = pairs.nnz
    scored = sp.csr_array((pairs.data, (pairs.row, np.arange(count))), shape=(n, count))
    bound = float(_top_k_sums(pairs, k).min())
    best = _indicator(start, pairs)
    need, capacity = np.full(n, k, dtype=np.int64), np.full(m, max_load, dtype=np.int64)
    weight = np.zeros(n)
    for round_ in range(rounds):
        sums = scored @ best
        if sums.min() >= bound - 1e-9:
            break
        _report(progress, "rebalancing", 0.05 + 0.4 * round_ / rounds)
        weight = np.maximum(0.0, weight + (bound - sums) / max(abs(bound), 1e-9))
        costs = -np.rint(pairs.data * (1 + weight[pairs.row]) / (1 + weight.max()) * SCALE)
        flows, _ = _flow(pairs, costs.astype(np.int64), need, capacity)
        x = (flows > 0).astype(float)
        if _better(x, best, scored, pairs.data):
            best = x
    worst = float((scored @ best).min())
    if worst >= bound - 1e-9 or time_limit <= 0:
        _report(progress, "done", 1.0)
        return _fair_result(best, pairs, scored, bound)
    by_initiative = sp.csr_array((np.ones(count), (pairs.row, np.arange(count))), shape=(n, count))
    by_expert = sp.csr_array((np.ones(count), (pairs.col, np.arange(count))), shape=(m, count))
    _report(progress, "worst-off", 0.5)
    # Stage 1: variables x (pairs) and t; maximise t with every initiative's sum ≥ t.
    first = milp(np.r_[np.zeros(count), -1.0], constraints=[
        LinearConstraint(sp.hstack([by_initiative, sp.csr_array((n, 1))]), k, k),
        LinearConstraint(sp.hstack([by_expert, sp.csr_array((m, 1))]), 0, max_load),
        LinearConstraint(sp.hstack([scored, sp.csr_array(-np.ones((n, 1)))]), 0, np.inf)],
        integrality=np.r_[np.ones(count), 0],
        bounds=Bounds(np.r_[np.zeros(count), worst], np.r_[np.ones(count), bound]),
        options={"time_limit": time_limit})
    if first.mip_dual_bound is not None and np.isfinite(first.mip_dual_bound):
        bound = min(bound, -float(first.mip_dual_bound))
    if first.x is None or -first.fun <= worst + 1e-9:
        _report(progress, "done", 1.0)
        return _fair_result(best, pairs, scored, bound)
    target = float(first.x[-1])
    # Stage 2: the highest total with every initiative at ≥ that worst-off value.
    _report(progress, "total", 0.75)
    second = milp(-pairs.data, constraints=[
        LinearConstraint(by_initiative, k, k), LinearConstraint(by_expert, 0, max_load),
        LinearConstraint(scored, target - 1e-7, np.inf)],
        integrality=np.ones(count), bounds=Bounds(0, 1), options={"time_limit": time_limit})
    x = np.asarray(second.x if second.x is not None else first.x[:-1])
    _report(progress, "done", 1.0)
    return _fair_result((x > 0.5).astype(float), pairs, scored, bound)


def _top_k_sums(pairs: sp.coo_array, k: int) -> np.ndarray:
    """Each initiative's best k candidate affinities, summed."""
    order = np.lexsort((-pairs.data, pairs.row))
    rows, data = pairs.row[order], pairs.data[order]
    first = np.searchsorted(rows, np.arange(pairs.shape[0]))
    rank = np.arange(len(rows)) - first[rows]
    return np.bincount(rows[rank < k], weights=data[rank < k], minlength=pairs.shape[0])


def _better(x: np.ndarray, than: np.ndarray, scored: sp.csr_array, data: np.ndarray) -> bool:
    """A higher worst-off value, or the same one with a higher total."""
    a, b = (scored @ x).min(), (scored @ than).min()
    return bool(a > b + 1e-9 or (abs(a - b) <= 1e-9 and x @ data > than @ data + 1e-9))


def _indicator(result: Assignment, pairs: sp.coo_array) -> np.ndarray:
    index = {p: a for a, p in enumerate(zip(pairs.row.tolist(), pairs.col.tolist(), strict=True))}
    x = np.zeros(pairs.nnz)
    x[[index[p] for p in result.pairs]] = 1.0
    return x


def _fair_result(x: np.ndarray, pairs: sp.coo_array, scored: sp.csr_array,
                 bound: float) -> FairAssignment:
    chosen = x > 0.5
    picked = sorted(zip(pairs.row[chosen].tolist(), pairs.col[chosen].tolist(), strict=True))
    worst = float((scored @ x).min())
    bound = max(bound, worst)
    return FairAssignment(picked, float(pairs.data[chosen].sum()), worst, bound,
                          bound - worst <= 1e-6 * max(1.0, abs(worst)))


def lp_bound(affinity: np.ndarray | sp.spmatrix | sp.sparray, k: int, max_load: int,
             conflicts: sp.spmatrix | sp.sparray | np.ndarray | None = None) -> float:
    """The LP optimum of the same call (HiGHS), the bound an exact assignment must reach."""
    pairs = candidates(affinity, conflicts)
    n, m = pairs.shape
    count = pairs.nnz
    by_initiative = sp.csr_array((np.ones(count), (pairs.row, np.arange(count))), shape=(n, count))
    by_expert = sp.csr_array((np.ones(count), (pairs.col, np.arange(count))), shape=(m, count))
    result = linprog(-pairs.data, A_ub=by_expert, b_ub=np.full(m, max_load),
                     A_eq=by_initiative, b_eq=np.full(n, k), bounds=(0, 1), method="highs")
    if result.status != 0:
        raise RuntimeError(f"the LP has no optimum: {result.message}")
    return float(-result.fun)
