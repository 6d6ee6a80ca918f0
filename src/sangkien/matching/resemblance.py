"""How much a new initiative resembles an earlier one (pure, no Django).

Two signals, the stronger one decides:

- the share of the earlier text's word triples that the new text repeats (a copy, even one
  typed without diacritics, repeats most of them);
- the cosine of their idf-weighted word counts (a rewrite keeps the vocabulary, not the
  order; a few typos cost a few words, not the whole match).

Both compare folded words without stopwords. The threshold is set on the evaluation set
(`benchmarks/matching_eval.py` prints precision and recall around it).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sangkien.matching.passages import shingles

DUPLICATE_AT = 0.5


@dataclass(frozen=True)
class Resemblance:
    cosine: float
    repeated: float  # share of the earlier text's word triples found in the new one

    @property
    def score(self) -> float:
        return max(self.cosine, self.repeated)

    @property
    def is_duplicate(self) -> bool:
        return self.score >= DUPLICATE_AT


def cosine(left: Sequence[str], right: Sequence[str], idf: Callable[[str], float]) -> float:
    a, b = Counter(left), Counter(right)
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0

    def weight(count: int, word: str) -> float:
        return (1 + math.log(count)) * idf(word)

    dot = sum(weight(a[w], w) * weight(b[w], w) for w in shared)
    norm_a = math.sqrt(sum(weight(n, w) ** 2 for w, n in a.items()))
    norm_b = math.sqrt(sum(weight(n, w) ** 2 for w, n in b.items()))
    return min(1.0, dot / (norm_a * norm_b)) if norm_a and norm_b else 0.0


def resemblance(new: Sequence[Sequence[str]], earlier: Sequence[str],
                idf: Callable[[str], float]) -> Resemblance:
    """`new` is one or more word lists of the new initiative (e.g. its public part and its
    whole text); `earlier` the words of the earlier one that may be compared."""
    theirs = shingles(earlier)
    best_cosine = max((cosine(words, earlier, idf) for words in new), default=0.0)
    repeated = max((len(theirs & shingles(words)) / len(theirs) for words in new),
                   default=0.0) if theirs else 0.0
    return Resemblance(round(best_cosine, 4), round(repeated, 4))
