"""Money is Decimal VND, never float; shown with the grouping of the reader's language."""

from __future__ import annotations

from decimal import Decimal

# Vietnamese writes 1.250.000 ₫; English readers expect 1,250,000.
GROUP_SEPARATORS = {"vi": ".", "en": ","}


def format_vnd(amount: Decimal | int, language: str = "vi") -> str:
    """Whole đồng with thousands grouped; VND has no minor unit in everyday use."""
    whole = int(Decimal(amount).to_integral_value())
    grouped = f"{abs(whole):,}".replace(",", GROUP_SEPARATORS.get(language[:2], "."))
    return f"-{grouped}" if whole < 0 else grouped
