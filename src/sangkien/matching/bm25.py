"""BM25 ranking over analysed documents: a bm25s index plus the statistics that let documents
added since it was built be scored exactly as if they were in it (pure, no Django).

bm25s builds a static index (about 8 s for 100,000 documents on this machine), so an edit
cannot wait for a rebuild. Documents changed since the build are scored here with the built
index's idf and average length — the Lucene variant bm25s uses, checked equal in the tests —
and a background rebuild folds them in later.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

K1 = 1.5
B = 0.75


class Segment:
    """One built bm25s index and its corpus statistics."""

    def __init__(self, retriever: bm25s.BM25 | None, n_docs: int, average_length: float,
                 frequencies: dict[str, int]) -> None:
        self.retriever = retriever
        self.n_docs = n_docs
        self.average_length = average_length
        self.frequencies = frequencies  # document frequency of each token

    @classmethod
    def build(cls, documents: Sequence[Sequence[str]]) -> Segment:
        if not documents or not any(documents):
            return cls(None, len(documents), 0.0, {})
        retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
        retriever.index([list(d) for d in documents], show_progress=False)
        return cls(retriever, len(documents), _average_length(documents),
                   _frequencies_from(retriever))

    @property
    def vocabulary(self) -> dict[str, int]:
        return self.retriever.vocab_dict if self.retriever is not None else {}

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens (unknown tokens add nothing)."""
        if self.retriever is None:
            return np.zeros(self.n_docs, dtype=np.float32)
        ids = self.retriever.get_tokens_ids(list(tokens))
        if not ids:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.retriever.get_scores_from_ids(ids), dtype=np.float32)

    def idf(self, token: str, n_docs: int | None = None, frequency: int | None = None) -> float:
        n = self.n_docs if n_docs is None else n_docs
        df = self.frequencies.get(token, 0) if frequency is None else frequency
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def score_documents(self, tokens: Sequence[str],
                        documents: Sequence[Sequence[str]]) -> np.ndarray:
        """Scores of documents that are not in the index, on the index's scale.

        With an empty index the documents are their own corpus, so a fresh installation
        ranks well before its first build.
        """
        result = np.zeros(len(documents), dtype=np.float32)
        if not documents:
            return result
        if self.n_docs and self.retriever is not None:
            n, average, frequency = self.n_docs, self.average_length, self.frequencies.get
        else:
            n, average = len(documents), _average_length(documents) or 1.0
            counted = Counter(t for d in documents for t in set(d))
            frequency = counted.get
        wanted = set(tokens)
        idf = {t: self.idf(t, n, frequency(t, 0) or 0) for t in wanted}
        for row, document in enumerate(documents):
            counts = Counter(t for t in document if t in wanted)
            if not counts:
                continue
            norm = K1 * ((1 - B) + B * len(document) / average)
            result[row] = sum(idf[t] * tf / (tf + norm) for t, tf in counts.items())
        return result

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self.retriever is not None:
            self.retriever.save(str(directory / "bm25s"), show_progress=False)
        (directory / "stats.json").write_text(json.dumps(
            {"n_docs": self.n_docs, "average_length": self.average_length}))

    @classmethod
    def load(cls, directory: Path) -> Segment:
        stats = json.loads((directory / "stats.json").read_text())
        retriever = None
        if (directory / "bm25s").exists():
            retriever = bm25s.BM25.load(str(directory / "bm25s"), mmap=True,
                                        show_progress=False)
        frequencies = _frequencies_from(retriever) if retriever is not None else {}
        return cls(retriever, stats["n_docs"], stats["average_length"], frequencies)


def _average_length(documents: Sequence[Sequence[str]]) -> float:
    return sum(len(d) for d in documents) / max(len(documents), 1)


def _frequencies_from(retriever: bm25s.BM25) -> dict[str, int]:
    """Document frequencies read off the index: a token's column holds one score per document
    containing it (Lucene's idf is always positive, so no score is stored as zero)."""
    per_token = np.diff(np.asarray(retriever.scores["indptr"]))
    return {token: int(per_token[i]) for token, i in retriever.vocab_dict.items()
            if i < len(per_token)}
