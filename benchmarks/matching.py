"""Search at 100,000 documents: index build time and memory, query latency (median, p95) and
queries per second, the duplicate check at submission, and the expert × initiative affinity
matrix for 10,000 × 5,000 — against rank_bm25 on the same corpus, tokens and queries.

    .venv/bin/python benchmarks/matching.py           # 100,000 documents, 10,000 × 5,000
    .venv/bin/python benchmarks/matching.py --smoke   # 5,000 documents, 1,000 × 500 (CI)

The corpus is composed from the sentences of the labelled set (tests/data/matching_eval):
each document a title and 3–7 sentences drawn at random (seeded), one in six written without
diacritics, so vocabulary and lengths are those of real submissions. Queries are the set's
demands (long, as the duplicate and recommendation paths send them) and short keyword
queries cut from them (as people type), half of them unaccented.

Both engines index the same analysed tokens (ours: folded and accented words, syllable
bigrams), so the ratio compares the engines, not the analysis. Our query time includes the
analysis of the query, typo correction, filters (kinds, listed only) and the 50 documents
changed since the build that every search also scores. rank_bm25 is timed on fewer queries
at full size (its scoring loops over every document in Python); the per-query figures are
comparable, the totals are not. Memory is what a build adds to the peak resident size,
measured in a forked child. No timing can fail the run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sangkien.core.text import fold  # noqa: E402
from sangkien.matching.collection import Collection, Facts, Filter  # noqa: E402
from sangkien.matching.resemblance import resemblance  # noqa: E402
from sangkien.matching.text import (  # noqa: E402
    TypoFixer,
    analyse,
    comparable_words,
    query_tokens,
)
from sangkien.matching.vectors import Vectoriser, nearest  # noqa: E402

DATA = ROOT / "tests" / "data" / "matching_eval"


def _sentences() -> tuple[list[str], list[str], list[str]]:
    titles, sentences, demands = [], [], []
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data["initiatives"]:
            titles.append(item["title"])
            for part in (item["summary"], item.get("description", "")):
                sentences += [s.strip() + "." for s in part.split(". ") if len(s) > 20]
        for item in data["demands"]:
            demands.append(f"{item['title']}\n{item['problem']}\n{item['outcome']}")
    return titles, sentences, demands


def corpus(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    titles, sentences, _ = _sentences()
    documents = []
    for _ in range(n):
        text = rng.choice(titles) + "\n" + " ".join(rng.sample(sentences, rng.randint(3, 7)))
        documents.append(fold(text) if rng.randrange(6) == 0 else text)
    return documents


def queries(count: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    _, _, demands = _sentences()
    chosen = []
    for n in range(count):
        demand = demands[n % len(demands)]
        if n % 2:
            words = demand.split()
            start = rng.randrange(max(1, len(words) - 4))
            demand = " ".join(words[start:start + rng.randint(2, 4)])
        chosen.append(fold(demand) if rng.randrange(2) else demand)
    return chosen


def _timed(run: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def _peak_memory(run: Callable[[], Any]) -> float:
    """MiB the run adds to the peak resident size, measured in a forked child (which starts
    with this process's pages, so only what the run allocates counts)."""
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)

    def child() -> None:
        before = _resident_mib()
        run()
        writer.send(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    peak = reader.recv()
    process.join()
    return float(peak)


def _resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _latencies(run: Callable[[str], Any], items: list[str]) -> list[float]:
    run(items[0])
    times = []
    for item in items:
        started = time.perf_counter()
        run(item)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (f"median {statistics.median(ordered):7.2f} ms, p95 {p95:7.2f} ms, "
            f"{1000 / statistics.mean(ordered):8.1f} queries/s")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--baseline-queries", type=int, default=30)
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--experts", type=int, default=5_000)
    options = parser.parse_args(argv)
    if options.smoke:
        options.documents, options.queries, options.baseline_queries = 5_000, 100, 40
        options.initiatives, options.experts = 1_000, 500
    from rank_bm25 import BM25Okapi

    texts = corpus(options.documents)
    print(f"corpus: {len(texts):,} documents")
    started = time.perf_counter()
    tokens = [analyse(t) for t in texts]
    seconds = time.perf_counter() - started
    print(f"analysis: {seconds:.1f} s ({seconds / len(texts) * 1e6:.0f} µs per document, "
          f"{sum(map(len, tokens)) / len(tokens):.0f} tokens each)")

    documents = [(Facts("initiative", n + 1, listed=n % 10 != 0), t)
                 for n, t in enumerate(tokens)]
    ours_mb = _peak_memory(lambda: Collection.build(documents))
    theirs_mb = _peak_memory(lambda: BM25Okapi(tokens))
    ours, ours_s = _timed(lambda: Collection.build(documents))
    theirs, theirs_s = _timed(lambda: BM25Okapi(tokens))
    print(f"\nbuild     ours (bm25s + facts) {ours_s:6.1f} s, +{ours_mb:6.0f} MiB peak | "
          f"rank_bm25 {theirs_s:6.1f} s, +{theirs_mb:6.0f} MiB peak | time ratio "
          f"{theirs_s / ours_s:.2f}")

    # Documents changed since the build, as between two background builds.
    changed = ours.with_changes((Facts("initiative", len(texts) + n + 1), analyse(t))
                                for n, t in enumerate(corpus(50, seed=3)))
    fixer = TypoFixer(changed.vocabulary())
    rule = Filter(kinds=frozenset({"initiative"}))
    asked = queries(options.queries)

    def search(query: str) -> Any:
        return changed.search(query_tokens(query, fixer), rule, 10)

    def baseline(query: str) -> Any:
        scores = theirs.get_scores(query_tokens(query))
        return scores.argsort()[::-1][:10]

    mine = _latencies(search, asked)
    plain = _latencies(baseline, asked[:options.baseline_queries])
    print(f"query     ours      {_summary(mine)}   ({len(mine)} queries)")
    print(f"          rank_bm25 {_summary(plain)}   ({len(plain)} queries)")
    print(f"          ratio {statistics.mean(plain) / statistics.mean(mine):.0f}× the queries "
          f"per second; p95 {sorted(mine)[int(0.95 * len(mine)) - 1]:.1f} ms (aim < 50 ms)")

    words = {n + 1: comparable_words(t) for n, t in enumerate(texts)}

    def duplicate_check(text: str) -> list[Any]:
        hits, _ = changed.search(list(dict.fromkeys(analyse(text)))[:400], rule, 20)
        mine = [comparable_words(text)]
        return [h for h in hits if h.object_id in words and resemblance(
            mine, words[h.object_id], changed.segment.idf).is_duplicate]

    submissions = corpus(min(100, options.queries), seed=4)
    print(f"duplicate check at submission: {_summary(_latencies(duplicate_check, submissions))}")

    left = corpus(options.initiatives, seed=5)
    right = [" ".join(random.Random(n).sample(t.split(), min(25, len(t.split()))))
             for n, t in enumerate(corpus(options.experts, seed=6))]

    def affinity() -> Any:
        analysed = [analyse(t) for t in (*left, *right)]
        vectoriser = Vectoriser(analysed)
        a = vectoriser.transform(analysed[:len(left)])
        b = vectoriser.transform(analysed[len(left):])
        return nearest(a, b, k=200)

    affinity_mb = _peak_memory(affinity)
    matrix, affinity_s = _timed(affinity)
    sample = 50
    started = time.perf_counter()
    profiles = BM25Okapi([analyse(t) for t in left])
    for profile in right[:sample]:
        profiles.get_scores(query_tokens(profile))
    per_expert = (time.perf_counter() - started) / sample
    print(f"\naffinity  {options.initiatives:,} × {options.experts:,}: ours {affinity_s:.1f} s "
          f"(best 200 experts per initiative, {matrix.nnz:,} pairs, peak {affinity_mb:.0f} "
          f"MiB; aim < 30 s) | rank_bm25, each expert profile as a query: "
          f"{per_expert * options.experts:.0f} s extrapolated from {sample} experts | ratio "
          f"{per_expert * options.experts / affinity_s:.0f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
