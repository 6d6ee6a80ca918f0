"""How well an expert fits an initiative, and why (pure: numpy and scipy, no Django).

Affinity = field overlap (half) + text similarity (half) + the expert's bid. The text part is
behind one small interface, `TextSimilarity`, so the matching work can swap in a better model
without touching the assignment; the default is TF-IDF cosine over diacritic-folded words,
which already works across Vietnamese and English for shared technical terms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from sangkien.core.text import fold


class Bid:
    EAGER = "eager"
    WILLING = "willing"
    NOT_WILLING = "not_willing"
    CONFLICT = "conflict"  # a self-declared conflict: an exclusion, never a score

    BONUS = {EAGER: 0.2, WILLING: 0.1, NOT_WILLING: -0.3}


FIELD_WEIGHT = 0.5
TEXT_WEIGHT = 0.5

# Words that carry no topic, in both languages (folded). Short words are dropped anyway.
_STOPWORD_TEXT = """
and are but for from has have into its not of that the their this those with which while will
using used use based system systems method methods new than can our also more such other
cac cho cua mot nhung trong voi duoc nay khong nguoi theo tren dung nhieu viec tai vao
giai phap nham bang hien dang thanh nang cao hoac nhu cung
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def terms(text: str) -> list[str]:
    """Topic words of a text: folded, at least three letters, no stopwords."""
    return [w for w in re.findall(r"\w+", fold(text))
            if len(w) >= 3 and not w.isdigit() and w not in STOPWORDS]


class TextSimilarity(Protocol):
    def __call__(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """A len(left) × len(right) matrix of similarities in [0, 1]."""
        ...


def _tfidf(documents: Sequence[Sequence[str]], vocabulary: dict[str, int],
           idf: np.ndarray) -> sp.csr_array:
    rows, cols, values = [], [], []
    for row, words in enumerate(documents):
        counts = Counter(w for w in words if w in vocabulary)
        for word, count in counts.items():
            rows.append(row)
            cols.append(vocabulary[word])
            values.append((1 + math.log(count)) * idf[vocabulary[word]])
    matrix = sp.csr_array((values, (rows, cols)), shape=(len(documents), len(vocabulary)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    return sp.csr_array(sp.diags_array(1 / norms) @ matrix)


def tfidf_similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors, the idf taken over both sides together."""
    docs = [terms(t) for t in (*left, *right)]
    frequency = Counter(w for words in docs for w in set(words))
    vocabulary = {w: i for i, w in enumerate(sorted(frequency))}
    if not vocabulary:
        return np.zeros((len(left), len(right)))
    idf = np.array([math.log((1 + len(docs)) / (1 + frequency[w])) + 1 for w in vocabulary])
    a = _tfidf(docs[:len(left)], vocabulary, idf)
    b = _tfidf(docs[len(left):], vocabulary, idf)
    similarity: np.ndarray = np.clip((a @ b.T).toarray(), 0.0, 1.0)
    return similarity


def field_overlap(initiative: Sequence[str], expert: Sequence[str]) -> float:
    """1 for the same sub-field, ½ for the same major field, averaged over the initiative's."""
    if not initiative or not expert:
        return 0.0

    def best(code: str) -> float:
        major = code.split(".")[0]
        return max(1.0 if code == mine else 0.5 if major == mine.split(".")[0] else 0.0
                   for mine in expert)

    return sum(best(code) for code in initiative) / len(initiative)


def affinity_matrix(initiative_fields: Sequence[Sequence[str]],
                    expert_fields: Sequence[Sequence[str]],
                    initiative_texts: Sequence[str], expert_texts: Sequence[str],
                    bids: dict[tuple[int, int], str] | None = None,
                    similarity: TextSimilarity = tfidf_similarity) -> np.ndarray:
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
