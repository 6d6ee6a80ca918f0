"""From experts' score sheets to a call's ranking, with its uncertainty (pure: numpy, scipy).

- Each sheet's weighted total is put on 0–100, whatever the rubric's scale.
- Robust centre per initiative: median or trimmed mean, so one outlier cannot decide.
- Calibration: totals ≈ quality(initiative) + leniency(reviewer), least squares. A reviewer who
  scores everything 10 points higher gets +10 leniency and changes no quality, so lenient and
  harsh reviewers stop deciding who wins. Leniency is centred within each connected group of
  initiatives and reviewers, the only thing the data can identify.
- Rank intervals from confidence intervals of the calibrated qualities (no random
  resampling, so the result cannot depend on the order of reviewers).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import lsqr
from scipy.stats import t as student_t

METHODS = ("median", "mean", "trimmed")


@dataclass(frozen=True)
class Sheet:
    initiative: int
    reviewer: int
    scores: tuple[float, ...]  # one per criterion
    confidence: int = 3  # 1..5, declared by the reviewer


def weighted_total(scores: Sequence[float], weights: Sequence[float], low: float,
                   high: float) -> float:
    """0..100: the weighted mean of the criterion scores, rescaled from [low, high]."""
    w = np.asarray(weights, dtype=float)
    s = np.asarray(scores, dtype=float)
    return float(100 * (w @ ((s - low) / (high - low))) / w.sum())


def robust_centre(values: Sequence[float] | np.ndarray, method: str = "trimmed",
                  trim: float = 0.2) -> float:
    data = np.sort(np.asarray(values, dtype=float))
    if method == "median":
        return float(np.median(data))
    cut = math.floor(trim * len(data)) if method == "trimmed" and len(data) >= 3 else 0
    return float(data[cut:len(data) - cut].mean())


def calibrate(initiatives: np.ndarray, reviewers: np.ndarray, totals: np.ndarray,
              ridge: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """(quality per initiative, leniency per reviewer) of the additive model, least squares."""
    n, m = int(initiatives.max()) + 1, int(reviewers.max()) + 1
    rows = np.arange(len(totals))
    design = sp.csr_array((np.ones(2 * len(totals)), (np.r_[rows, rows],
                                                      np.r_[initiatives, n + reviewers])),
                          shape=(len(totals), n + m))
    solution = lsqr(design, totals, damp=ridge, atol=1e-12, btol=1e-12, iter_lim=10_000)[0]
    quality, leniency = solution[:n].copy(), solution[n:].copy()
    # Only differences are identified: centre the leniencies of each connected group.
    graph = sp.csr_array((np.ones(len(totals)), (initiatives, n + reviewers)),
                         shape=(n + m, n + m))
    _count, group = connected_components(graph, directed=False)
    for g in np.unique(group[n:]):
        members = np.flatnonzero(group[n:] == g)
        shift = leniency[members].mean()
        leniency[members] -= shift
        quality[group[:n] == g] += shift
    return quality, leniency


@dataclass(frozen=True)
class InitiativeResult:
    initiative: int
    reviews: int
    mean: float
    median: float
    robust: float
    calibrated: float
    spread: float
    flagged: bool
    criteria: tuple[float, ...]
    rank: int
    rank_low: int
    rank_high: int


@dataclass(frozen=True)
class CallResult:
    initiatives: list[InitiativeResult]
    leniency: dict[int, float]


def _validate(sheets: Sequence[Sheet], weights: Sequence[float], low: float, high: float,
              method: str) -> None:
    if not weights:
        raise ValueError("the rubric has no criteria")
    if any(not math.isfinite(w) or w <= 0 for w in weights):
        raise ValueError("every criterion weight must be positive")
    if method not in METHODS:
        raise ValueError(f"unknown aggregation method {method!r}: use one of {METHODS}")
    if not high > low:
        raise ValueError("the scale's high end must be above its low end")
    seen = set()
    for s in sheets:
        if len(s.scores) != len(weights):
            raise ValueError(f"reviewer {s.reviewer} gave {len(s.scores)} scores for "
                             f"{len(weights)} criteria on initiative {s.initiative}")
        if any(not math.isfinite(x) or not low <= x <= high for x in s.scores):
            raise ValueError(f"a score of reviewer {s.reviewer} on initiative {s.initiative} "
                             f"is outside the scale {low}–{high}")
        if (s.initiative, s.reviewer) in seen:
            raise ValueError(f"reviewer {s.reviewer} scored initiative {s.initiative} twice")
        seen.add((s.initiative, s.reviewer))


def aggregate(sheets: Sequence[Sheet], weights: Sequence[float], low: float, high: float,
              method: str = "trimmed", threshold: float = 25.0,
              level: float = 0.9) -> CallResult:
    _validate(sheets, weights, low, high, method)
    if not sheets:
        return CallResult([], {})
    # Canonical order: results must not depend on the order sheets arrive in.
    sheets = sorted(sheets, key=lambda s: (s.initiative, s.reviewer))
    ids = sorted({s.initiative for s in sheets})
    people = sorted({s.reviewer for s in sheets})
    row = {v: n for n, v in enumerate(ids)}
    col = {v: n for n, v in enumerate(people)}
    totals = np.array([weighted_total(s.scores, weights, low, high) for s in sheets])
    who = np.array([row[s.initiative] for s in sheets])
    by = np.array([col[s.reviewer] for s in sheets])
    quality, leniency = calibrate(who, by, totals)
    quality = np.round(quality, 9)  # solver noise must not break ties
    residual = totals - quality[who] - leniency[by]
    dof = len(sheets) - len(ids) - len(people) + 1
    sigma = math.sqrt(float(residual @ residual) / dof) if dof > 0 else float(totals.std())
    counts = np.bincount(who, minlength=len(ids))
    half = student_t.ppf((1 + level) / 2, max(dof, 1)) * sigma / np.sqrt(counts)
    lo, hi = quality - half, quality + half
    results = []
    for i, key in enumerate(ids):
        mine = totals[who == i]
        scores = np.array([s.scores for s in sheets if s.initiative == key])
        rank = 1 + int((quality > quality[i] + 1e-9).sum())
        results.append(InitiativeResult(
            initiative=key, reviews=len(mine), mean=float(mine.mean()),
            median=float(np.median(mine)), robust=robust_centre(mine, method),
            calibrated=float(quality[i]), spread=float(mine.max() - mine.min()),
            flagged=bool(mine.max() - mine.min() > threshold),
            criteria=tuple(robust_centre(scores[:, c], method) for c in range(len(weights))),
            rank=rank, rank_low=min(rank, 1 + int((lo > hi[i]).sum())),
            rank_high=max(rank, len(ids) - int((hi < lo[i]).sum()))))
    results.sort(key=lambda r: (r.rank, r.initiative))
    return CallResult(results, {p: float(leniency[col[p]]) for p in people})
