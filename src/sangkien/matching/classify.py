"""Suggesting the fields of science and technology of a new initiative (pure, no Django).

The k initiatives already classified that read most alike vote for their fields, each vote
weighted by the neighbour's similarity (a neighbour's main field counts fully, its second
field half). No model to train: a newly classified initiative teaches it at once.
`leave_one_out` measures it on data already classified.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sangkien.matching.text import analyse
from sangkien.matching.vectors import Vectoriser

NEIGHBOURS = 7
SECOND_FIELD_WEIGHT = 0.5


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: float  # share of the neighbours' weighted votes, 0–1


class FieldSuggester:
    def __init__(self, texts: Sequence[str], fields: Sequence[Sequence[str]],
                 neighbours: int = NEIGHBOURS) -> None:
        self._learn([analyse(t) for t in texts], fields, neighbours)

    @classmethod
    def from_tokens(cls, tokens: Sequence[Sequence[str]], fields: Sequence[Sequence[str]],
                    neighbours: int = NEIGHBOURS) -> FieldSuggester:
        """From documents already analysed (the index's)."""
        suggester = cls.__new__(cls)
        suggester._learn(tokens, fields, neighbours)
        return suggester

    def _learn(self, tokens: Sequence[Sequence[str]], fields: Sequence[Sequence[str]],
               neighbours: int) -> None:
        self.vectoriser = Vectoriser(tokens)
        self.matrix = self.vectoriser.transform(tokens)
        self.fields = [tuple(f) for f in fields]
        self.neighbours = neighbours

    def suggest(self, text: str, limit: int = 3) -> list[Suggestion]:
        query = self.vectoriser.transform([analyse(text)])
        return self._vote(np.asarray((self.matrix @ query.T).toarray()).ravel(), limit)

    def _vote(self, similarity: np.ndarray, limit: int,
              skip: int | None = None) -> list[Suggestion]:
        if skip is not None:
            similarity = similarity.copy()
            similarity[skip] = 0.0
        k = min(self.neighbours, len(similarity))
        if k == 0:
            return []
        best = np.argpartition(-similarity, k - 1)[:k]
        votes: dict[str, float] = defaultdict(float)
        for row in best:
            if similarity[row] <= 0:
                continue
            for position, code in enumerate(self.fields[row][:2]):
                votes[code] += float(similarity[row]) * (1.0 if position == 0
                                                         else SECOND_FIELD_WEIGHT)
        total = sum(votes.values())
        ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [Suggestion(code, round(v / total, 4)) for code, v in ranked]


@dataclass(frozen=True)
class Accuracy:
    documents: int
    top1: float  # the first suggestion is the main field
    top3: float  # the main field is among the first three
    major: float  # the first suggestion is in the main field's major field (1–6)
    majority_baseline: float  # always suggesting the most common main field


def leave_one_out(texts: Sequence[str], fields: Sequence[Sequence[str]],
                  neighbours: int = NEIGHBOURS) -> Accuracy:
    """Each classified initiative is held out in turn and classified by all the others.

    The idf is learnt once over all texts (it needs no labels), which is also what the
    platform does for a new initiative that is already in the index.
    """
    suggester = FieldSuggester(texts, fields, neighbours)
    similarity = sp.csr_array(suggester.matrix @ suggester.matrix.T).toarray()
    top1 = top3 = major = 0
    for row, wanted in enumerate(fields):
        got = [s.code for s in suggester._vote(similarity[row], 3, skip=row)]
        top1 += bool(got) and got[0] == wanted[0]
        top3 += wanted[0] in got
        major += bool(got) and got[0].split(".")[0] == wanted[0].split(".")[0]
    mains = [f[0] for f in fields]
    most_common = max(set(mains), key=mains.count) if mains else ""
    n = max(len(fields), 1)
    return Accuracy(len(fields), top1 / n, top3 / n, major / n, mains.count(most_common) / n)
