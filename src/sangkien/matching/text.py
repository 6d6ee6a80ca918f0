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
from functools import lru_cache

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


# Control and invisible format characters (what `str.isprintable` rejects that text holds).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e"
                          "\u2060-\u206f\ufeff]")


def clean(text: str) -> str:
    """NFC text with unpaired surrogates and control characters removed (malformed input)."""
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    return _UNPRINTABLE.sub(" ", unicodedata.normalize("NFC", text))


@lru_cache(maxsize=1 << 17)
def _forms(raw: str) -> tuple[str, str, bool]:
    """(accented, folded, is_stopword) of a word as written. Cached: a language has far fewer
    distinct words (Vietnamese about 7,000 syllables) than a corpus has words."""
    accented = raw.casefold()
    folded = fold(accented)
    return accented, folded, accented in STOPWORDS or (len(folded) < 2 and not folded.isdigit())


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
        accented, folded, _ = _forms(match.group())
        found.append(Word(match.start(), match.end(), accented, folded))
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
    """Index tokens of a document: folded words, accented words, folded syllable bigrams.

    The same tokens as `_tokens(words(...))`, without building a `Word` per word: this is
    what indexing a hundred thousand documents spends its time on."""
    tokens: list[str] = []
    previous = ""
    for raw in WORD.findall(clean(text)):
        accented, folded, stop = _forms(raw)
        if stop:
            previous = ""
            continue
        tokens.append(folded)
        if accented != folded:
            tokens.append(accented)
        if previous:
            tokens.append(previous + BIGRAM_JOINER + folded)
        previous = folded
    return tokens


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
