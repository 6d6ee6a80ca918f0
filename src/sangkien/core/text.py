"""Vietnamese text normalisation shared by every lookup and search (pure, no Django)."""

from __future__ import annotations

import unicodedata

# đ/Đ is a letter of its own, not d with a combining mark, so NFD does not split it.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def nfc(text: str) -> str:
    """Vietnamese text is stored in NFC (TCVN 6909:2001)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Case- and diacritic-folded form: "Hà Nội", "ha noi" and "HA NOI" all give "ha noi"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())
