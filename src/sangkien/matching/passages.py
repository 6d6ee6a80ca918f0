"""Which parts of a text to show: highlighted snippets for search results and the passages two
initiatives share, for duplicate warnings (pure, no Django).

Both work on the folded content words, so "xam nhap man" highlights "xâm nhập mặn" and a
copied paragraph is found even when the copy dropped the diacritics. Every passage is cut
from the text given, so a caller that passes only text the reader may read shows nothing
else.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sangkien.matching.text import Word, clean, comparable_words, words

SNIPPET_WORDS = 30


@dataclass(frozen=True)
class Piece:
    """A run of text, marked when it is a matched word."""

    text: str
    marked: bool = False


def highlight(text: str, query_words: Collection[str], length: int = SNIPPET_WORDS,
              ) -> list[Piece]:
    """The window of `length` words of `text` with the most query words, those marked.

    Without a match it is the opening of the text. Ellipses mark a cut.
    """
    text = clean(text)
    found = words(text)
    if not found:
        return [Piece(text)] if text else []
    hits = [w.folded in query_words and not w.is_stopword for w in found]
    start = _best_window(hits, length)
    window = found[start:start + length]
    pieces: list[Piece] = []
    if start > 0:
        pieces.append(Piece("… "))
    cursor = window[0].start
    for word, hit in zip(window, hits[start:start + length], strict=False):
        if hit:
            if word.start > cursor:
                pieces.append(Piece(text[cursor:word.start]))
            pieces.append(Piece(text[word.start:word.end], True))
            cursor = word.end
    end = window[-1].end if start + length < len(found) else len(text)
    if end > cursor:
        pieces.append(Piece(text[cursor:end]))
    if start + length < len(found):
        pieces.append(Piece(" …"))
    return pieces


def _best_window(hits: Sequence[bool], length: int) -> int:
    if len(hits) <= length or not any(hits):
        return 0
    count = sum(hits[:length])
    best, best_start = count, 0
    for start in range(1, len(hits) - length + 1):
        count += hits[start + length - 1] - hits[start - 1]
        if count > best:
            best, best_start = count, start
    # Start a little before the first hit, so the snippet reads as a sentence.
    first = next(i for i in range(best_start, best_start + length) if hits[i])
    return max(0, min(first - 3, len(hits) - length))


def shingles(items: Sequence[str], size: int = 3) -> set[tuple[str, ...]]:
    return {tuple(items[i:i + size]) for i in range(len(items) - size + 1)}


def containment(new: Sequence[str], other: Sequence[str], size: int = 3) -> float:
    """Share of the new text's word triples found in the other text (0–1)."""
    mine = shingles(new, size)
    if not mine:
        return 0.0
    return len(mine & shingles(other, size)) / len(mine)


def shared_passages(new_text: str, other_text: str, min_words: int = 5,
                    limit: int = 3) -> list[str]:
    """Passages of `other_text` of at least `min_words` content words that also occur, in the
    same order, in `new_text` — the longest first."""
    other_text = clean(other_text)
    new_words = comparable_words(new_text)
    others = [w for w in words(other_text) if w.is_comparable]
    if len(new_words) < min_words or len(others) < min_words:
        return []
    seeds = shingles(new_words, min_words)
    runs: list[tuple[int, int]] = []  # [first, last] word indexes in `others`
    folded = [w.folded for w in others]
    for i in range(len(folded) - min_words + 1):
        if tuple(folded[i:i + min_words]) in seeds:
            last = i + min_words - 1
            if runs and i <= runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], last)
            else:
                runs.append((i, last))
    runs.sort(key=lambda r: r[0] - r[1])
    return [_cut(other_text, others[a], others[b]) for a, b in runs[:limit]]


def _cut(text: str, first: Word, last: Word) -> str:
    return text[first.start:last.end]
