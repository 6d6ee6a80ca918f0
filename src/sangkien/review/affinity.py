"""How well an expert fits an initiative, and why (pure: numpy and scipy, no Django).

Affinity = field overlap (half) + text similarity (half) + the expert's bid. The text part is
behind one small interface, `TextSimilarity`; the default is the matching app's cosine of
weighted term vectors (folded and accented words, syllable bigrams), the same analysis search
uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from sangkien.matching.recommend import field_overlap
from sangkien.matching.text import comparable_words
from sangkien.matching.vectors import text_similarity


class Bid:
    EAGER = "eager"
    WILLING = "willing"
    NOT_WILLING = "not_willing"
    CONFLICT = "conflict"  # a self-declared conflict: an exclusion, never a score

    BONUS = {EAGER: 0.2, WILLING: 0.1, NOT_WILLING: -0.3}


FIELD_WEIGHT = 0.5
TEXT_WEIGHT = 0.5

def terms(text: str) -> list[str]:
    """Topic words of a text: folded, at least three letters, no stopwords."""
    return [w for w in comparable_words(text) if len(w) >= 3 and not w.isdigit()]


class TextSimilarity(Protocol):
    def __call__(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """A len(left) × len(right) matrix of similarities in [0, 1]."""
        ...


def affinity_matrix(initiative_fields: Sequence[Sequence[str]],
                    expert_fields: Sequence[Sequence[str]],
                    initiative_texts: Sequence[str], expert_texts: Sequence[str],
                    bids: dict[tuple[int, int], str] | None = None,
                    similarity: TextSimilarity = text_similarity) -> np.ndarray:
    """n × m affinities. Bids are keyed by (initiative index, expert index); a "conflict" bid
    adds nothing here — conflicts are excluded by the caller, never scored."""
    fields = np.array([[field_overlap(f, g) for g in expert_fields]
                       for f in initiative_fields]).reshape(len(initiative_fields),
                                                            len(expert_fields))
    text = similarity(initiative_texts, expert_texts)
    result = FIELD_WEIGHT * fields + TEXT_WEIGHT * text
    for (i, j), bid in (bids or {}).items():
        result[i, j] += Bid.BONUS.get(bid, 0.0)
    return result


@dataclass(frozen=True)
class Explanation:
    """Why a pair scores what it does, in parts a page can print."""

    affinity: float
    fields: tuple[str, ...]  # the initiative's fields the expert covers (exactly or by major)
    field_score: float
    shared_terms: tuple[str, ...]
    text_score: float
    bid: str | None


def explain(initiative_fields: Sequence[str], expert_fields: Sequence[str],
            initiative_text: str, expert_text: str, text_score: float,
            bid: str | None = None, limit: int = 5) -> Explanation:
    majors = {code.split(".")[0] for code in expert_fields}
    covered = tuple(c for c in initiative_fields
                    if c in expert_fields or c.split(".")[0] in majors)
    mine = Counter(terms(expert_text))
    shared = Counter({w: n + mine[w] for w, n in Counter(terms(initiative_text)).items()
                      if w in mine})
    field_score = field_overlap(initiative_fields, expert_fields)
    total = FIELD_WEIGHT * field_score + TEXT_WEIGHT * text_score + Bid.BONUS.get(bid or "", 0.0)
    return Explanation(round(total, 4), covered, round(field_score, 4),
                       tuple(w for w, _ in shared.most_common(limit)),
                       round(text_score, 4), bid)
