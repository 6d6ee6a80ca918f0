"""Measuring search, duplicate detection and field suggestion on a labelled set (pure).

The set (tests/data/matching_eval/*.json) holds initiatives, demands written by orderers in
their own words, graded initiative ↔ demand relevance, duplicate pairs (paraphrases, light
copies, English translations, from other provinces) and hard negatives (same topic,
different solution). Unaccented and misspelt variants are derived here, deterministically,
from the hand-written texts: every query is also run unaccented and with typos, and every
original also comes back as an unaccented copy and a misspelt copy.

Our pipeline is compared with a plain one: whitespace tokens, lower-cased, no diacritic
folding, no bigrams, the same BM25 (bm25s) — and for duplicates the Jaccard overlap of
those tokens at its best threshold on this very set (a generous baseline).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sangkien.core.text import fold
from sangkien.matching.bm25 import Segment
from sangkien.matching.classify import Accuracy, leave_one_out
from sangkien.matching.resemblance import DUPLICATE_AT, resemblance
from sangkien.matching.text import analyse, comparable_words, query_tokens

Tokeniser = Callable[[str], list[str]]


@dataclass
class EvalSet:
    initiatives: dict[str, dict[str, object]]
    demands: dict[str, dict[str, object]]
    relevance: dict[str, dict[str, int]]  # demand → initiative → grade (1 or 2)
    duplicates: list[tuple[str, str, str]]  # (new, original, kind)
    non_duplicates: list[tuple[str, str]]
    derived: dict[str, str] = field(default_factory=dict)  # derived id → kind

    def public(self, key: str) -> str:
        item = self.initiatives[key]
        return f"{item['title']}\n{item['summary']}"

    def full(self, key: str) -> str:
        item = self.initiatives[key]
        return f"{item['title']}\n{item['summary']}\n{item.get('description', '')}"


def misspell(text: str, seed: int, every: int = 5) -> str:
    """Typos as people make them: one in `every` longer words loses, doubles or swaps a
    letter."""
    rng = random.Random(seed)  # noqa: S311 - reproducible typos, not secrets
    words = text.split(" ")
    for n, word in enumerate(words):
        if len(word) >= 4 and word.isalpha() and rng.randrange(every) == 0:
            i = rng.randrange(1, len(word) - 1)
            change = rng.randrange(3)
            if change == 0:
                word = word[:i] + word[i + 1:]
            elif change == 1:
                word = word[:i] + word[i] + word[i:]
            else:
                word = word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]
            words[n] = word
    return " ".join(words)


def load(directory: Path) -> EvalSet:
    initiatives: dict[str, dict[str, object]] = {}
    demands: dict[str, dict[str, object]] = {}
    relevance: dict[str, dict[str, int]] = {}
    duplicates: list[tuple[str, str, str]] = []
    negatives: list[tuple[str, str]] = []
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise FileNotFoundError(f"no evaluation set (*.json) in {directory}")
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        initiatives.update({i["id"]: i for i in data["initiatives"]})
        demands.update({d["id"]: d for d in data["demands"]})
        for r in data["relevance"]:
            relevance.setdefault(r["demand"], {})[r["initiative"]] = int(r["grade"])
        duplicates += [(d["duplicate"], d["original"], d["kind"]) for d in data["duplicates"]]
        negatives += [(n["a"], n["b"]) for n in data["non_duplicates"]]
    evalset = EvalSet(initiatives, demands, relevance, duplicates, negatives)
    # A duplicate answers the same demands as its original.
    for new, original, _ in duplicates:
        for graded in relevance.values():
            if original in graded and new not in graded:
                graded[new] = graded[original]
    originals = sorted({o for _, o, kind in duplicates if kind != "translation"})
    for n, original in enumerate(originals):
        item = initiatives[original]
        for kind, change in (("unaccented", fold), ("typos", lambda t, s=n: misspell(t, s))):
            key = f"{original}-{kind}"
            initiatives[key] = {**item, "id": key, "title": change(str(item["title"])),
                                "summary": change(str(item["summary"])),
                                "description": change(str(item.get("description", "")))}
            duplicates.append((key, original, kind))
            evalset.derived[key] = kind
    return evalset


def plain_tokens(text: str) -> list[str]:
    return text.lower().split()


def ours(text: str) -> list[str]:
    return analyse(text)


# --- ranking ------------------------------------------------------------------------------

def ndcg_at(ranked: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    gain = sum((2 ** grades.get(key, 0) - 1) / math.log2(n + 2)
               for n, key in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2 ** g - 1) / math.log2(n + 2) for n, g in enumerate(ideal))
    return gain / best if best else 0.0


def recall_at(ranked: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    relevant = {key for key, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


@dataclass(frozen=True)
class Ranking:
    variant: str
    ndcg10: float
    recall10: float
    queries: int


def demand_queries(evalset: EvalSet, variant: str) -> dict[str, str]:
    change: Callable[[str, int], str] = {
        "as written": lambda t, _n: t, "unaccented": lambda t, _n: fold(t),
        "typos": lambda t, n: misspell(t, 1000 + n)}[variant]
    return {key: change(f"{d['title']}\n{d['problem']}\n{d['outcome']}", n)
            for n, (key, d) in enumerate(sorted(evalset.demands.items()))
            if key in evalset.relevance}


def evaluate_ranking(evalset: EvalSet, tokenise: Tokeniser, query_tokenise: Tokeniser,
                     variant: str, whole_text: bool = False) -> Ranking:
    """Demands as queries over every initiative's public text (or whole text)."""
    keys = sorted(k for k in evalset.initiatives if k not in evalset.derived)
    text = evalset.full if whole_text else evalset.public
    segment = Segment.build([tokenise(text(k)) for k in keys])
    ndcg = recall = 0.0
    queries = demand_queries(evalset, variant)
    for demand, query in queries.items():
        scores = segment.scores(query_tokenise(query))
        order = [keys[i] for i in scores.argsort()[::-1][:10] if scores[i] > 0]
        ndcg += ndcg_at(order, evalset.relevance[demand])
        recall += recall_at(order, evalset.relevance[demand])
    n = max(len(queries), 1)
    return Ranking(variant, round(ndcg / n, 4), round(recall / n, 4), len(queries))


# --- duplicates ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Detection:
    precision: float
    recall: float
    threshold: float
    flagged: int
    true_pairs: int
    recall_by_kind: dict[str, float]

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return round(2 * p * r / (p + r), 4) if p + r else 0.0


def _pairs(evalset: EvalSet) -> tuple[list[str], list[str], set[tuple[str, str]]]:
    """Who is checked against whom: every initiative against every earlier one that is not a
    duplicate itself; the true pairs are the labelled and derived duplicates."""
    new_items = {d for d, _, _ in evalset.duplicates}
    earlier = sorted(k for k in evalset.initiatives if k not in new_items)
    checked = sorted(evalset.initiatives)
    truth = {(d, o) for d, o, _ in evalset.duplicates}
    return checked, earlier, truth


def _detection(flags: set[tuple[str, str]], truth: set[tuple[str, str]], threshold: float,
               evalset: EvalSet) -> Detection:
    hit = flags & truth
    kinds: dict[str, list[bool]] = {}
    for new, original, kind in evalset.duplicates:
        kinds.setdefault(kind, []).append((new, original) in flags)
    return Detection(round(len(hit) / len(flags), 4) if flags else 0.0,
                     round(len(hit) / len(truth), 4) if truth else 0.0, threshold, len(flags),
                     len(truth), {k: round(sum(v) / len(v), 4) for k, v in sorted(kinds.items())})


def detect_ours(evalset: EvalSet, candidates: int = 20,
                threshold: float = DUPLICATE_AT) -> Detection:
    """As at submission: the new initiative's whole text searches the earlier ones' public
    text; the best candidates are measured with `resemblance`."""
    checked, earlier, truth = _pairs(evalset)
    segment = Segment.build([analyse(evalset.public(k)) for k in earlier])
    words = {k: comparable_words(evalset.public(k)) for k in earlier}
    flags = set()
    for key in checked:
        full = evalset.full(key)
        scores = segment.scores(list(dict.fromkeys(analyse(full)))[:400])
        mine = [comparable_words(evalset.public(key)), comparable_words(full)]
        for i in scores.argsort()[::-1][:candidates]:
            other = earlier[i]
            if other == key or scores[i] <= 0:
                continue
            if resemblance(mine, words[other], segment.idf).score >= threshold:
                flags.add((key, other))
    return _detection(flags, truth, threshold, evalset)


def detect_plain(evalset: EvalSet) -> Detection:
    """Jaccard overlap of plain word sets, at the threshold that suits it best here."""
    checked, earlier, truth = _pairs(evalset)
    sets = {k: set(plain_tokens(evalset.full(k))) for k in checked}
    public = {k: set(plain_tokens(evalset.public(k))) for k in earlier}
    similarity = {}
    for key in checked:
        for other in earlier:
            if other != key:
                union = sets[key] | public[other]
                similarity[(key, other)] = len(sets[key] & public[other]) / len(union)
    tried = [_detection({p for p, s in similarity.items() if s >= step / 20}, truth, step / 20,
                        evalset) for step in range(1, 20)]
    return max(tried, key=lambda d: d.f1)


# --- fields -------------------------------------------------------------------------------

def field_accuracy(evalset: EvalSet) -> Accuracy:
    keys = sorted(k for k, v in evalset.initiatives.items()
                  if k not in evalset.derived and v.get("fields"))
    return leave_one_out([evalset.public(k) for k in keys],
                         [list(evalset.initiatives[k]["fields"]) for k in keys])  # type: ignore[call-overload]


__all__ = ["EvalSet", "detect_ours", "detect_plain", "evaluate_ranking", "field_accuracy", "load",
           "ours", "plain_tokens", "query_tokens"]
