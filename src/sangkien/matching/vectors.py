"""Documents as weighted term vectors, and who is close to whom (pure: numpy and scipy).

The same analysis as search (folded words, accented words, syllable bigrams) weighted by
sublinear term frequency × idf and normalised, so a dot product is a cosine in [0, 1]. It
gives the expert × initiative affinity the evaluation's solver reads and the neighbours the
field suggestion votes with; a product of two sparse matrices, kept sparse by taking the
best few per row, chunk by chunk.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from sangkien.matching.text import analyse


class Vectoriser:
    """Term weights learnt from one corpus, applied to any document."""

    def __init__(self, corpus: Sequence[Sequence[str]]) -> None:
        frequency = Counter(t for document in corpus for t in set(document))
        self.vocabulary = {t: i for i, t in enumerate(sorted(frequency))}
        n = len(corpus)
        self.idf = np.array([math.log((1 + n) / (1 + frequency[t])) + 1
                             for t in self.vocabulary], dtype=np.float32)

    def transform(self, documents: Sequence[Sequence[str]]) -> sp.csr_array:
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for document in documents:
            counts = Counter(self.vocabulary[t] for t in document if t in self.vocabulary)
            indices += counts.keys()
            values += [1 + math.log(c) for c in counts.values()]
            indptr.append(len(indices))
        matrix = sp.csr_array((np.array(values, dtype=np.float32),
                               np.array(indices, dtype=np.int32), np.array(indptr)),
                              shape=(len(documents), len(self.vocabulary)))
        matrix = sp.csr_array(matrix @ sp.diags_array(self.idf))
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        return sp.csr_array(sp.diags_array(1 / norms) @ matrix)


def vectors(left: Sequence[str], right: Sequence[str]) -> tuple[sp.csr_array, sp.csr_array]:
    """Both sides as vectors, the idf learnt over both together."""
    tokens = [analyse(text) for text in (*left, *right)]
    vectoriser = Vectoriser(tokens)
    return vectoriser.transform(tokens[:len(left)]), vectoriser.transform(tokens[len(left):])


def text_similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """A len(left) × len(right) matrix of cosines: the evaluation's `TextSimilarity`."""
    a, b = vectors(left, right)
    if a.shape[1] == 0:
        return np.zeros((len(left), len(right)))
    similarity: np.ndarray = np.clip((a @ b.T).toarray(), 0.0, 1.0)
    return similarity


def nearest(left: sp.csr_array, right: sp.csr_array, k: int,
            chunk: int = 1000) -> sp.csr_array:
    """For each row of `left`, its `k` most similar rows of `right` (cosines), as a sparse
    len(left) × len(right) matrix; built a chunk of rows at a time, so memory stays at
    chunk × len(right) whatever the sizes."""
    rows, cols, values = [], [], []
    right_t = sp.csc_array(right.T)
    for start in range(0, left.shape[0], chunk):
        block = (left[start:start + chunk] @ right_t).toarray()
        keep = min(k, block.shape[1])
        if keep == 0:
            break
        best = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
        scores = np.take_along_axis(block, best, axis=1)
        positive = scores > 0
        local_rows = np.nonzero(positive)[0]
        rows.append(local_rows + start)
        cols.append(best[positive])
        values.append(scores[positive])
    if not rows:
        return sp.csr_array((left.shape[0], right.shape[0]), dtype=np.float32)
    return sp.csr_array((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
                        shape=(left.shape[0], right.shape[0]))
