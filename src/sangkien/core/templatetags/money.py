from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from sangkien.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount: Decimal | int | None) -> str:
    """`{{ demand.budget_min|vnd }}` → "200.000.000" (vi) or "200,000,000" (en)."""
    if amount is None or amount == "":
        return ""
    return format_vnd(amount, get_language() or "vi")
