"""Reviewer assignment at scale: `review.assignment.assign` (min-cost flow) against its LP
bound, `assign_fair` when present, and openreview-matcher's MinMaxSolver and FairFlow run side
by side on the same instances.

    python benchmarks/assignment.py          # 1,000×500, 1,000×1,000, 5,000×2,000, 10,000×5,000
    python benchmarks/assignment.py --smoke  # 60×30 and 120×60, a few seconds (CI)
    OPENREVIEW_MATCHER=~/src/openreview-matcher python benchmarks/assignment.py

Instances are synthetic calls, k = 3 reviewers per initiative, at most L = 8 initiatives per
expert, 2% of the pairs conflicted (independently at random, seeded). Initiatives and experts
get sparse topic mixtures over 30 fields (Dirichlet, α = 0.15); an affinity is the cosine of
the two mixtures times an expert seniority factor, plus Gaussian noise, clipped to [0, 1], so
affinities are correlated the way real ones are. Calls up to `--dense-max` pairs are dense
(every pair a candidate); larger ones keep each initiative's best `--candidates` experts
(default 200), computed block by block so the dense matrix never exists whole. Conflicts are
passed to `assign`, which removes them from the candidates.

Each step runs in a process of its own (the instance is generated once, saved to a temporary
.npz and loaded by every step), so the peak RSS (`ru_maxrss`) is per step: building the
candidates, `assign`, `lp_bound`, `assign_fair`, and each openreview-matcher solver. The
Python-side peak (`tracemalloc`, numpy arrays included; not OR-Tools' or HiGHS's own C++
memory) is measured for our steps only: tracing would slow openreview-matcher's pure-Python
graph building and make its times unfair. The script exits non-zero if `assign` is not
optimal (its total differs from the LP bound by more than the 10⁻⁶ rounding of its integer
costs), if an assignment breaks a constraint, or if openreview-matcher's MinMax total exceeds
ours.

Environment:

    OPENREVIEW_MATCHER  a checkout of https://github.com/openreview/openreview-matcher. When set,
                        its MinMaxSolver and FairFlow solve the same instances (calls up to
                        `--theirs-max` initiatives). Only matcher/solvers/{core, simple_solver,
                        minmax_solver, fairflow}.py are loaded, from that path, as a package of
                        their own: numpy and ortools suffice (not gurobipy nor the compiled
                        extension its package __init__ imports). Nothing of it is copied here.
    OPENREVIEW_PYTHON   the Python interpreter for its steps (default: this one), for a
                        separate virtualenv if its dependencies clash with ours.

Their solvers get the same instance through the encoder attributes they read: `cost_matrix`
(−affinity in integer millionths, the precision `assign` uses; `--their-scale 100` is their
Encoder's own), `aggregate_score_matrix` (the affinities) and `constraint_matrix` (−1 for a
conflicted or non-candidate pair), no minimum load, maximum L, demand k, and
`allow_zero_score_assignments=True` since `assign` keeps zero-affinity candidates too.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

SCALE = 1_000_000  # as review.assignment.SCALE: affinities as integer millionths
FIELDS = 30
SIZES = [(1_000, 500), (1_000, 1_000), (5_000, 2_000), (10_000, 5_000)]
SMOKE_SIZES = [(60, 30), (120, 60)]
HERE = Path(__file__).resolve()


# ---------------------------------------------------------------------------- the instances


def _blocks(n: int, m: int, seed: int, conflicted: float):
    """Affinity rows block by block (float64, at most ~2 million values each), with the
    conflicted pairs of the same rows."""
    import numpy as np

    rng = np.random.default_rng(seed)
    initiatives = rng.dirichlet(np.full(FIELDS, 0.15), size=n)
    experts = rng.dirichlet(np.full(FIELDS, 0.15), size=m)
    initiatives /= np.linalg.norm(initiatives, axis=1, keepdims=True)
    experts /= np.linalg.norm(experts, axis=1, keepdims=True)
    seniority = 0.6 + 0.4 * rng.beta(4, 2, size=m)
    step = max(1, 2_000_000 // m)
    for start in range(0, n, step):
        block = initiatives[start:start + step] @ experts.T
        block *= seniority
        block += rng.normal(0.0, 0.05, block.shape)
        np.clip(block, 0.0, 1.0, out=block)
        blocked = rng.random(block.shape) < conflicted
        yield start, block, blocked


def _generate(options: argparse.Namespace) -> dict[str, Any]:
    import numpy as np

    n, m, per = options.n, options.m, options.candidates
    dense = n * m <= options.dense_max or per >= m
    tracemalloc.start()
    started = time.perf_counter()
    affinity = np.empty((n, m)) if dense else None
    rows, cols, data, conflict_rows, conflict_cols = [], [], [], [], []
    for start, block, blocked in _blocks(n, m, options.seed, options.conflicted):
        here = np.arange(start, start + len(block))
        if dense:
            affinity[here] = block
        else:
            top = np.argpartition(-block, per - 1, axis=1)[:, :per]
            rows.append(np.repeat(here, per).astype(np.int32))
            cols.append(top.ravel().astype(np.int32))
            data.append(np.take_along_axis(block, top, axis=1).ravel())
        i, j = np.nonzero(blocked)
        conflict_rows.append((i + start).astype(np.int32))
        conflict_cols.append(j.astype(np.int32))
    seconds = time.perf_counter() - started
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    arrays: dict[str, Any] = {"shape": np.array([n, m]),
                              "conflict_rows": np.concatenate(conflict_rows),
                              "conflict_cols": np.concatenate(conflict_cols)}
    if dense:
        arrays["affinity"] = affinity
        values = affinity
    else:
        arrays.update(rows=np.concatenate(rows), cols=np.concatenate(cols),
                      data=np.concatenate(data))
        values = arrays["data"]
        per_expert = np.bincount(arrays["cols"], minlength=m)
    np.savez(options.instance, **arrays)
    return {"seconds": seconds, "traced": traced, "rss": _rss(), "dense": dense,
            "pairs": int(values.size), "conflicts": len(arrays["conflict_rows"]),
            "mean": float(values.mean()),
            "uncovered": 0 if dense else int((per_expert == 0).sum())}


def _load(path: str) -> dict[str, Any]:
    import numpy as np

    with np.load(path) as saved:
        return {name: saved[name] for name in saved.files}


def _ours_inputs(instance: dict[str, Any]) -> tuple[Any, Any]:
    """The affinity as the application passes it (a dense array or a sparse matrix of the
    candidate pairs) and the conflicts as a sparse boolean matrix."""
    import numpy as np
    import scipy.sparse as sp

    shape = tuple(int(x) for x in instance["shape"])
    if "affinity" in instance:
        affinity = instance["affinity"]
    else:
        affinity = sp.csr_array((instance["data"], (instance["rows"], instance["cols"])),
                                shape=shape)
    conflicts = sp.csr_array((np.ones(len(instance["conflict_rows"]), dtype=bool),
                              (instance["conflict_rows"], instance["conflict_cols"])), shape=shape)
    return affinity, conflicts


def _dense_view(instance: dict[str, Any]) -> tuple[Any, Any]:
    """The same instance as dense matrices: affinities (0 off the candidates) and a mask of the
    allowed pairs (candidate and not conflicted)."""
    import numpy as np

    n, m = (int(x) for x in instance["shape"])
    if "affinity" in instance:
        affinity = instance["affinity"]
        allowed = np.ones((n, m), dtype=bool)
    else:
        affinity = np.zeros((n, m))
        affinity[instance["rows"], instance["cols"]] = instance["data"]
        allowed = np.zeros((n, m), dtype=bool)
        allowed[instance["rows"], instance["cols"]] = True
    allowed[instance["conflict_rows"], instance["conflict_cols"]] = False
    return affinity, allowed


def _verify(instance: dict[str, Any], chosen: Any, k: int, max_load: int) -> dict[str, Any]:
    """Check a 0/1 matrix (initiatives × experts) against the call; its total and worst-off."""
    import numpy as np

    affinity, allowed = _dense_view(instance)
    chosen = np.asarray(chosen) > 0.5
    problems = []
    if (chosen.sum(axis=1) != k).any():
        problems.append(f"{int((chosen.sum(axis=1) != k).sum())} initiatives without exactly k")
    if (chosen.sum(axis=0) > max_load).any():
        problems.append(f"{int((chosen.sum(axis=0) > max_load).sum())} experts above L")
    if (chosen & ~allowed).any():
        problems.append(f"{int((chosen & ~allowed).sum())} conflicted or non-candidate pairs")
    scores = (affinity * chosen).sum(axis=1)
    return {"total": float(scores.sum()), "worst": float(scores.min()), "problems": problems}


def _pairs_matrix(pairs: list[tuple[int, int]], shape: tuple[int, int]) -> Any:
    import numpy as np

    chosen = np.zeros(shape, dtype=bool)
    if pairs:
        chosen[tuple(np.array(pairs).T)] = True
    return chosen


def _rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


# ------------------------------------------------------------------------------- our steps


def _ours(options: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from ortools.graph.python import min_cost_flow  # noqa: F401  imported once, not timed

    from sangkien.review import assignment

    instance = _load(options.instance)
    affinity, conflicts = _ours_inputs(instance)
    shape = tuple(int(x) for x in instance["shape"])
    k, max_load = options.k, options.max_load
    before = _rss()
    tracemalloc.start()
    result: dict[str, Any] = {"rss_before": before}
    if options.worker == "assign":
        marks: dict[str, float] = {}
        started = time.perf_counter()
        solved = assignment.assign(affinity, k, max_load, conflicts,
                                   progress=lambda phase, _: marks.setdefault(
                                       phase, time.perf_counter()))
        result["seconds"] = time.perf_counter() - started
        result["filter"] = marks.get("solve", started) - marks.get("candidates", started)
        result.update(reported=solved.total, pairs=len(solved.pairs))
        chosen = solved.pairs
    elif options.worker == "lp":
        started = time.perf_counter()
        result["bound"] = assignment.lp_bound(affinity, k, max_load, conflicts)
        result["seconds"] = time.perf_counter() - started
        chosen = None
    else:
        started = time.perf_counter()
        fair = assignment.assign_fair(affinity, k, max_load, conflicts,
                                      time_limit=options.fair_time_limit)
        result["seconds"] = time.perf_counter() - started
        result.update(reported=fair.total, worst_reported=fair.worst,
                      worst_bound=fair.worst_bound)
        chosen = fair.pairs
    _, result["traced"] = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result["rss"] = _rss()
    if chosen is not None:
        result.update(_verify(instance, _pairs_matrix(chosen, shape), k, max_load))
    return result


# ------------------------------------------------------------------- openreview-matcher's


def _their_solvers(path: str) -> tuple[Any, Any]:
    """MinMaxSolver and FairFlow from a checkout, without matcher/__init__ and
    matcher/solvers/__init__ (which import gurobipy and a compiled extension)."""
    import importlib
    import types

    solvers = Path(path) / "matcher" / "solvers"
    if not (solvers / "minmax_solver.py").is_file():
        raise SystemExit(f"OPENREVIEW_MATCHER={path} has no matcher/solvers/minmax_solver.py")
    package = types.ModuleType("openreview_matcher_solvers")
    package.__path__ = [str(solvers)]
    sys.modules[package.__name__] = package
    minmax = importlib.import_module(f"{package.__name__}.minmax_solver")
    fairflow = importlib.import_module(f"{package.__name__}.fairflow")
    return minmax.MinMaxSolver, fairflow.FairFlow


def _theirs(options: argparse.Namespace) -> dict[str, Any]:
    import logging
    import types

    import numpy as np

    minmax_solver, fair_flow = _their_solvers(os.environ["OPENREVIEW_MATCHER"])
    instance = _load(options.instance)
    n, m = (int(x) for x in instance["shape"])
    affinity, allowed = _dense_view(instance)
    encoder = types.SimpleNamespace(
        cost_matrix=-np.rint(affinity * options.their_scale),
        aggregate_score_matrix=affinity,
        constraint_matrix=np.where(allowed, 0, -1))
    minimums = [0] * m
    maximums = np.full(m, options.max_load)
    demands = np.full(n, options.k)
    quiet = logging.getLogger("openreview-matcher")
    quiet.setLevel(logging.WARNING)
    before = _rss()
    started = time.perf_counter()
    if options.worker == "minmax":
        solver = minmax_solver(minimums, maximums, demands, encoder,
                               allow_zero_score_assignments=True, logger=quiet)
        chosen = solver.solve()
    else:
        solver = fair_flow(minimums, maximums, demands, encoder,
                           allow_zero_score_assignments=True, logger=quiet)
        chosen = solver.solve()
    seconds = time.perf_counter() - started
    result = {"seconds": seconds, "rss_before": before, "rss": _rss(),
              "solved": bool(getattr(solver, "solved", True))}
    result.update(_verify(instance, chosen, options.k, options.max_load))
    return result


# -------------------------------------------------------------------------------- driver


def _step(name: str, options: argparse.Namespace, n: int, m: int, instance: str,
          python: str | None = None, timeout: float | None = None) -> dict[str, Any]:
    command = [python or sys.executable, str(HERE), "--worker", name, "--instance", instance,
               "--n", str(n), "--m", str(m), "--k", str(options.k),
               "--max-load", str(options.max_load), "--candidates", str(options.candidates),
               "--dense-max", str(options.dense_max), "--seed", str(options.seed),
               "--conflicted", str(options.conflicted),
               "--fair-time-limit", str(options.fair_time_limit),
               "--their-scale", str(options.their_scale)]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"error": f"exit {done.returncode}: " + " | ".join(tail),
                "wall": time.perf_counter() - started}
    return json.loads(lines[-1][len("RESULT "):])


def _mib(value: float | None) -> str:
    return "—" if value is None else f"{value / 2**20:,.0f}"


def _s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _table(title: str, headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[c]) for r in rows)) for c, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)))


def _has_fair() -> bool:
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from sangkien.review import assignment

    return hasattr(assignment, "assign_fair")


def _their_commit(path: str) -> str:
    try:
        return subprocess.run(["git", "-C", path, "rev-parse", "--short", "HEAD"],  # noqa: S603, S607
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"


def _run(options: argparse.Namespace) -> int:
    sizes = SMOKE_SIZES if options.smoke else [tuple(s) for s in options.sizes]
    theirs = os.environ.get("OPENREVIEW_MATCHER")
    their_python = os.environ.get("OPENREVIEW_PYTHON")
    fair = _has_fair()
    print(f"k = {options.k}, L = {options.max_load}, {options.conflicted:.0%} of pairs "
          f"conflicted, dense up to {options.dense_max:,} pairs, else best "
          f"{options.candidates} experts per initiative; seed {options.seed}; "
          f"{os.cpu_count()} CPUs")
    if theirs:
        print(f"openreview-matcher: {theirs} ({_their_commit(theirs)}), python "
              f"{their_python or sys.executable}, calls up to {options.theirs_max:,} "
              f"initiatives, cost scale {options.their_scale:g}")
    else:
        print("openreview-matcher: not run (set OPENREVIEW_MATCHER to a checkout)")
    if not fair:
        print("assign_fair: not in review.assignment, not run")
    failures: list[str] = []
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="assignment-bench-") as folder:
        for n, m in sizes:
            label = f"{n:,} × {m:,}"
            instance = str(Path(folder) / f"{n}x{m}.npz")
            row: dict[str, Any] = {"label": label, "n": n, "m": m}
            results.append(row)
            row["generate"] = _step("generate", options, n, m, instance)
            if "error" in row["generate"]:
                failures.append(f"{label}: generation failed: {row['generate']['error']}")
                continue
            steps = ["assign"]
            if options.no_lp_above is None or n <= options.no_lp_above:
                steps.append("lp")
            if fair and (options.no_fair_above is None or n <= options.no_fair_above):
                steps.append("fair")
            for step in steps:
                row[step] = _step(step, options, n, m, instance)
                print(f"{label}: {step} {_s(row[step].get('seconds'))} s"
                      + (f" ({row[step]['error']})" if "error" in row[step] else ""), flush=True)
            if theirs and n <= options.theirs_max:
                for step in ("minmax", "fairflow"):
                    if step == "fairflow" and n > options.fairflow_max:
                        continue
                    row[step] = _step(step, options, n, m, instance, their_python,
                                      options.theirs_timeout)
                    print(f"{label}: openreview-matcher {step} {_s(row[step].get('seconds'))} s"
                          + (f" ({row[step]['error']})" if "error" in row[step] else ""),
                          flush=True)
            failures += _check(row, options)
    _print(results, options, bool(theirs), fair)
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


def _tolerance(row: dict[str, Any], options: argparse.Namespace) -> float:
    """Rounding affinities to millionths moves a total by at most half a millionth a pair."""
    return 1e-6 * row["n"] * options.k + 1e-9


def _check(row: dict[str, Any], options: argparse.Namespace) -> list[str]:
    label, tol, found = row["label"], _tolerance(row, options), []
    for step in ("assign", "fair", "minmax", "fairflow"):
        if step not in row:
            continue
        if "error" in row[step]:
            if step in ("assign", "fair") or "timed out" not in row[step]["error"]:
                found.append(f"{label}: {step}: {row[step]['error']}")
            continue
        found += [f"{label}: {step}: {p}" for p in row[step]["problems"]]
    ours = row.get("assign", {})
    if "total" in ours and abs(ours["total"] - ours["reported"]) > 1e-6:
        found.append(f"{label}: assign reports {ours['reported']} but its pairs sum to "
                     f"{ours['total']}")
    if "total" in ours and "bound" in row.get("lp", {}):
        if abs(ours["total"] - row["lp"]["bound"]) > tol:
            found.append(f"{label}: assign total {ours['total']:.6f} differs from the LP bound "
                         f"{row['lp']['bound']:.6f}")
    elif "lp" in row and "error" in row["lp"]:
        found.append(f"{label}: lp: {row['lp']['error']}")
    theirs = row.get("minmax", {}).get("total", -math.inf)
    if "total" in ours and theirs > ours["total"] + tol:
        found.append(f"{label}: openreview-matcher MinMax total {theirs:.6f} above ours "
                     f"{ours['total']:.6f}")
    fair = row.get("fair", {})
    if "worst" in fair and fair["worst"] > fair["worst_bound"] + 1e-6:
        found.append(f"{label}: assign_fair worst {fair['worst']} above its own bound")
    if "worst" in fair and row.get("fairflow", {}).get("worst", -math.inf) > (
            fair["worst_bound"] + 1e-6):
        found.append(f"{label}: FairFlow's worst-off {row['fairflow']['worst']:.6f} beats "
                     f"the proven bound {fair['worst_bound']:.6f}")
    return found


def _ratio(top: float | None, bottom: float | None) -> str:
    return "—" if not top or not bottom else f"{top / bottom:,.1f}×"


def _print(results: list[dict[str, Any]], options: argparse.Namespace, theirs: bool,
           fair: bool) -> None:
    rows = []
    for r in results:
        g = r["generate"]
        rows.append([r["label"], "dense" if g.get("dense") else f"best {options.candidates}",
                     f"{g.get('pairs', 0):,}", f"{g.get('conflicts', 0):,}",
                     f"{g.get('mean', 0):.3f}", _s(g.get("seconds")), _mib(g.get("traced")),
                     _mib(g.get("rss"))])
    _table("Instances (generating the affinities and building the candidates)",
           ["call", "candidates", "pairs", "conflicts", "mean aff.", "build s", "traced MiB",
            "RSS MiB"], rows)

    rows = []
    for r in results:
        a, lp = r.get("assign", {}), r.get("lp", {})
        gap = (a["total"] - lp["bound"]) if "total" in a and "bound" in lp else None
        rows.append([r["label"], _s(a.get("filter")), _s(a.get("seconds")),
                     _mib(a.get("traced")), _mib(a.get("rss_before")), _mib(a.get("rss")),
                     "—" if "total" not in a else f"{a['total']:,.6f}",
                     "skipped" if "lp" not in r else (
                         f"{lp['bound']:,.6f}" if "bound" in lp else "error"),
                     "—" if gap is None else f"{gap:.1e}", _s(lp.get("seconds")),
                     _mib(lp.get("rss")), _ratio(lp.get("seconds"), a.get("seconds"))])
    _table("assign (min-cost flow) and lp_bound (HiGHS LP); times in seconds, memory in MiB",
           ["call", "filter s", "assign s", "traced", "RSS before", "RSS peak", "total",
            "LP bound", "gap", "LP s", "LP RSS", "LP/flow"], rows)
    skipped = [r["label"] for r in results if "lp" not in r and "assign" in r]
    if skipped:
        print(f"LP skipped (--no-lp-above {options.no_lp_above}): {', '.join(skipped)}")
    largest = max(results, key=lambda r: r["n"] * r["m"])
    if "seconds" in largest.get("assign", {}) and not options.smoke:
        build = largest["generate"]["seconds"] + largest["assign"]["seconds"]
        peak = max(largest["generate"]["rss"], largest["assign"]["rss"])
        print(f"{largest['label']}: candidates + assign {build:.1f} s (aim 60 s), peak RSS "
              f"{peak / 2**20:,.0f} MiB (aim 4,096 MiB): "
              f"{'met' if build <= 60 and peak <= 4 * 2**30 else 'MISSED'}")

    if fair:
        rows = []
        for r in results:
            f = r.get("fair")
            if f is None:
                continue
            rows.append([r["label"], _s(f.get("seconds")), _mib(f.get("traced")),
                         _mib(f.get("rss")),
                         "—" if "worst" not in f else f"{f['worst']:.4f}",
                         "—" if "worst_bound" not in f else f"{f['worst_bound']:.4f}",
                         "—" if "total" not in f else f"{f['total']:,.4f}",
                         "—" if "total" not in f or "total" not in r.get("assign", {})
                         else f"{f['total'] - r['assign']['total']:,.4f}",
                         "error" if "error" in f else ""])
        _table(f"assign_fair (time limit {options.fair_time_limit:g} s a MILP stage)",
               ["call", "fair s", "traced", "RSS peak", "worst-off", "worst bound", "total",
                "vs max total", "note"], rows)

    if theirs:
        rows = []
        for r in results:
            if "minmax" not in r:
                continue
            a, mm = r.get("assign", {}), r["minmax"]
            rows.append([r["label"], _s(a.get("seconds")), _s(mm.get("seconds")),
                         _ratio(mm.get("seconds"), a.get("seconds")), _mib(mm.get("rss")),
                         "—" if "total" not in a else f"{a['total']:,.6f}",
                         "—" if "total" not in mm else f"{mm['total']:,.6f}",
                         "—" if "total" not in mm or "total" not in a
                         else f"{a['total'] - mm['total']:.1e}",
                         mm.get("error", "")])
        if rows:
            _table("openreview-matcher MinMaxSolver against assign (theirs / ours)",
                   ["call", "ours s", "MinMax s", "ratio", "their RSS", "our total",
                    "their total", "ours − theirs", "note"], rows)
        rows = []
        for r in results:
            if "fairflow" not in r:
                continue
            f, ff = r.get("fair", {}), r["fairflow"]
            rows.append([r["label"], _s(f.get("seconds")), _s(ff.get("seconds")),
                         _ratio(ff.get("seconds"), f.get("seconds")), _mib(ff.get("rss")),
                         "—" if "worst" not in f else f"{f['worst']:.4f}",
                         "—" if "worst" not in ff else f"{ff['worst']:.4f}",
                         "—" if "worst_bound" not in f else f"{f['worst_bound']:.4f}",
                         "—" if "total" not in f else f"{f['total']:,.4f}",
                         "—" if "total" not in ff else f"{ff['total']:,.4f}",
                         ff.get("error", "")])
        if rows:
            _table("openreview-matcher FairFlow against assign_fair (theirs / ours)",
                   ["call", "ours s", "FairFlow s", "ratio", "their RSS", "our worst",
                    "their worst", "bound", "our total", "their total", "note"], rows)
        aim = next((r for r in results if (r["n"], r["m"]) == (1_000, 1_000)), None)
        if aim and "seconds" in aim.get("minmax", {}) and "seconds" in aim.get("assign", {}):
            ratio = aim["minmax"]["seconds"] / aim["assign"]["seconds"]
            print(f"\n1,000 × 1,000: assign is {ratio:,.1f}× faster than MinMaxSolver "
                  f"(aim ≥ 20×): {'met' if ratio >= 20 else 'MISSED'}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true",
                        help="60×30 (dense) and 120×60 (best 20 experts): seconds, for CI")
    parser.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split("x")),
                        nargs="+", default=SIZES, metavar="NxM",
                        help="calls as INITIATIVESxEXPERTS (default: the four above)")
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--max-load", type=int, default=8)
    parser.add_argument("--conflicted", type=float, default=0.02)
    parser.add_argument("--candidates", type=int, default=200,
                        help="experts kept per initiative in sparse calls")
    parser.add_argument("--dense-max", type=int, default=1_000_000,
                        help="calls with at most this many pairs keep every pair")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-lp-above", type=int, default=None, metavar="N",
                        help="skip lp_bound for calls of more than N initiatives")
    parser.add_argument("--no-fair-above", type=int, default=None, metavar="N",
                        help="skip assign_fair for calls of more than N initiatives")
    parser.add_argument("--fair-time-limit", type=float, default=60.0)
    parser.add_argument("--theirs-max", type=int, default=1_000, metavar="N",
                        help="openreview-matcher only for calls of at most N initiatives")
    parser.add_argument("--fairflow-max", type=int, default=1_000, metavar="N",
                        help="FairFlow only for calls of at most N initiatives")
    parser.add_argument("--theirs-timeout", type=float, default=3_600.0,
                        help="seconds before an openreview-matcher step is abandoned")
    parser.add_argument("--their-scale", type=float, default=SCALE,
                        help="their integer costs: −affinity × this (their Encoder uses 100)")
    parser.add_argument("--worker", choices=["generate", "assign", "lp", "fair", "minmax",
                                             "fairflow"], help=argparse.SUPPRESS)
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--m", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.smoke:
        options.candidates = min(options.candidates, 20)
        options.dense_max = min(options.dense_max, 2_000)
        options.fair_time_limit = min(options.fair_time_limit, 10.0)
    if options.worker is None:
        return _run(options)
    if options.worker == "generate":
        result = _generate(options)
    elif options.worker in ("assign", "lp", "fair"):
        result = _ours(options)
    else:
        result = _theirs(options)
    print("RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
