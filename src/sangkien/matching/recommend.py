"""Why one item fits another, and how well, in parts a page can print (pure, no Django).

A recommendation blends three things a person can check: the words both texts use (the
rarer, the more telling), the fields of science they share, and the province. The reasons
are cut from the texts given, so a caller that passes only what the reader may read shows
nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sangkien.matching.text import clean, comparable_words, words

TEXT_WEIGHT = 0.6
FIELD_WEIGHT = 0.3
PROVINCE_WEIGHT = 0.1


def field_overlap(wanted: Sequence[str], offered: Sequence[str]) -> float:
    """1 for the same sub-field, ½ for the same major field, averaged over `wanted`."""
    if not wanted or not offered:
        return 0.0

    def best(code: str) -> float:
        major = code.split(".")[0]
        return max(1.0 if code == mine else 0.5 if major == mine.split(".")[0] else 0.0
                   for mine in offered)

    return sum(best(code) for code in wanted) / len(wanted)


def shared_fields(wanted: Sequence[str], offered: Sequence[str]) -> tuple[str, ...]:
    """The codes of `offered` that are one of `wanted` or in the same major field."""
    majors = {code.split(".")[0] for code in wanted}
    return tuple(c for c in offered if c in wanted or c.split(".")[0] in majors)


def shared_terms(source: str, target: str, idf: Callable[[str], float],
                 limit: int = 6) -> tuple[str, ...]:
    """Words both texts use, the most telling first, spelt as in `target`."""
    mine = set(comparable_words(source))
    target = clean(target)
    spelling: dict[str, str] = {}
    for word in words(target):
        if word.is_comparable and word.folded in mine and len(word.folded) > 1:
            spelling.setdefault(word.folded, target[word.start:word.end])
    ranked = sorted(spelling, key=lambda w: (-idf(w), w))
    return tuple(spelling[w] for w in ranked[:limit])


@dataclass(frozen=True)
class Reasons:
    score: float
    text_score: float  # relative to the best candidate, 0–1
    terms: tuple[str, ...]
    fields: tuple[str, ...]
    same_province: bool


def reasons(text_score: float, source: str, target: str, source_fields: Sequence[str],
            target_fields: Sequence[str], same_province: bool,
            idf: Callable[[str], float]) -> Reasons:
    overlap = field_overlap(source_fields, target_fields)
    score = (TEXT_WEIGHT * text_score + FIELD_WEIGHT * overlap
             + PROVINCE_WEIGHT * float(same_province))
    return Reasons(round(score, 4), round(text_score, 4), shared_terms(source, target, idf),
                   shared_fields(source_fields, target_fields), same_province)
