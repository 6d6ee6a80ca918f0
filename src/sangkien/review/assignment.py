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

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog


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


def assign(affinity: np.ndarray | sp.spmatrix | sp.sparray, k: int, max_load: int,
           conflicts: sp.spmatrix | sp.sparray | np.ndarray | None = None) -> Assignment:
    """The optimal assignment, or InfeasibleCall saying how many slots are missing, where."""
    from ortools.graph.python import min_cost_flow

    if k < 1 or max_load < 1:
        raise ValueError("k and the maximum load must be at least 1")
    pairs = candidates(affinity, conflicts)
    n, m = pairs.shape
    if n == 0:
        return Assignment([], 0.0, 0.0)
    source, sink = n + m, n + m + 1
    costs = np.rint(pairs.data * SCALE).astype(np.int64)
    overflow = int(costs.max(initial=0)) + 1  # dearer than any pair: used only when stuck
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.full(n, source), pairs.row, n + np.arange(m), [source]])
    heads = np.concatenate([np.arange(n), n + pairs.col, np.full(m, sink), [sink]])
    capacity = np.concatenate([np.full(n, k), np.ones(pairs.nnz, dtype=np.int64),
                               np.full(m, max_load), [n * k]])
    cost = np.concatenate([np.zeros(n, dtype=np.int64), -costs,
                           np.zeros(m, dtype=np.int64), [overflow * (k + 1)]])
    flow.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32),
                                              capacity.astype(np.int64), cost.astype(np.int64))
    flow.set_node_supply(source, n * k)
    flow.set_node_supply(sink, -n * k)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("the min-cost-flow solver did not reach an optimum")
    flows = np.array([flow.flow(arc) for arc in range(flow.num_arcs())])
    placed = flows[:n]
    if int(placed.sum()) < n * k:
        short = {i: k - int(f) for i, f in enumerate(placed) if f < k}
        raise InfeasibleCall(n * k - int(placed.sum()), short)
    chosen = flows[n:n + pairs.nnz] > 0
    picked = sorted(zip(pairs.row[chosen].tolist(), pairs.col[chosen].tolist(), strict=True))
    total = float(pairs.data[chosen].sum())
    return Assignment(picked, total, total)


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
