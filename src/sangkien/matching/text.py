"""Vietnamese-first text analysis for search, duplicates and matching (pure, no Django).

Every text, Vietnamese or English, goes through one pipeline:

- NFC, then case folding; words are runs of letters and digits.
- Each word gives its diacritic-folded form ("hà" → "ha"), so "ha noi" finds "Hà Nội", and,
  when it carries diacritics, its accented form too, so an accented query ranks the exact
  spelling above an unaccented one.
- Adjacent content syllables give a folded bigram ("nhap_man"): most Vietnamese words are
  two syllables, and the bigram recovers them without a segmenter (see the evaluation script
  for the measurement against pyvi's word segmentation).
- Function words of both languages are dropped when they are written with their diacritics;
  unaccented Vietnamese keeps them, because "trong" may be "trong" (in) or "trồng" (to plant).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from sangkien.core.text import fold

WORD = re.compile(r"[^\W_]+")
BIGRAM_JOINER = "_"
MAX_QUERY_CHARS = 2000  # longer queries are cut: nobody types more, and it bounds the work

_VIETNAMESE_STOPWORDS = """
và của các những một là có cho với trong được để đến từ tại theo này đó khi thì mà sẽ đã đang
còn cũng như về bằng hoặc hay không rất nhiều ít mỗi trên dưới sau trước vào ra lên nên nếu
vì do bởi qua giữa nhằm hơn nhất đều chỉ việc sự nó họ chúng tôi ta bị phải cần thể ở lại
những nào gì ai đây đấy vẫn nữa cùng
"""
_ENGLISH_STOPWORDS = """
a an the and or but of to in on at by for from with into onto over under as is are was were be
been being it its this that these those their there which who whom whose what when where why
how not no than then so such can could will would shall should may might must do does did has
have had our your we you they he she his her them us also more most other using use used based
via per each any all both either very
"""
STOPWORDS = frozenset(_VIETNAMESE_STOPWORDS.split()) | frozenset(_ENGLISH_STOPWORDS.split())
# For comparing two texts word by word, where both sides must drop the same words whether or
# not they were typed with diacritics.
FOLDED_STOPWORDS = frozenset(fold(w) for w in STOPWORDS)


@dataclass(frozen=True)
class Word:
    """One word of a text, where it is, its accented (case-folded) and folded forms."""

    start: int
    end: int
    accented: str
    folded: str

    @property
    def is_stopword(self) -> bool:
        return self.accented in STOPWORDS or (len(self.folded) < 2 and not self.folded.isdigit())

    @property
    def is_comparable(self) -> bool:
        return self.folded not in FOLDED_STOPWORDS and (len(self.folded) > 1
                                                        or self.folded.isdigit())


def clean(text: str) -> str:
    """NFC text with unpaired surrogates and control characters removed (malformed input)."""
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    text = unicodedata.normalize("NFC", text)
    return "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def words(text: str) -> list[Word]:
    """The words of `text` (already NFC) with their offsets, for tokens and highlighting."""
    found = []
    for match in WORD.finditer(text):
        accented = match.group().casefold()
        found.append(Word(match.start(), match.end(), accented, fold(accented)))
    return found


def _tokens(items: list[Word]) -> Iterator[str]:
    previous: Word | None = None
    for word in items:
        if word.is_stopword:
            previous = None
            continue
        yield word.folded
        if word.accented != word.folded:
            yield word.accented
        if previous is not None:
            yield previous.folded + BIGRAM_JOINER + word.folded
        previous = word


def analyse(text: str) -> list[str]:
    """Index tokens of a document: folded words, accented words, folded syllable bigrams."""
    return list(_tokens(words(clean(text))))


def comparable_words(text: str) -> list[str]:
    """Folded words without any stopword, in order: what shingles and reasons compare."""
    return [w.folded for w in words(clean(text)) if w.is_comparable]


def is_unigram(token: str) -> bool:
    return BIGRAM_JOINER not in token


def is_folded(token: str) -> bool:
    return token.isascii()


def query_tokens(text: str, fix: TypoFixer | None = None) -> list[str]:
    """Tokens of a query, each once (repeating a word in a query should not weigh it more);
    with `fix`, misspelt words are first replaced by the nearest indexed word."""
    items = words(clean(text[:MAX_QUERY_CHARS]))
    if fix is not None:
        items = [fix(word) for word in items]
    return list(dict.fromkeys(_tokens(items)))


class TypoFixer:
    """Replaces a folded word the index has never seen by the nearest indexed word.

    One edit is allowed for words of 4–7 letters, two from 8 letters; shorter words and
    words with no close neighbour are kept as typed (they then simply match nothing).
    """

    def __init__(self, known: set[str] | dict[str, int]) -> None:
        self.known = known
        self.vocabulary = [t for t in known if is_unigram(t) and is_folded(t) and len(t) >= 3]

    def __call__(self, word: Word) -> Word:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if word.folded in self.known or len(word.folded) < 4 or word.folded.isdigit():
            return word
        allowed = 1 if len(word.folded) < 8 else 2
        best = process.extractOne(word.folded, self.vocabulary, scorer=Levenshtein.distance,
                                  score_cutoff=allowed)
        if best is None:
            return word
        return Word(word.start, word.end, best[0], best[0])
