"""Chart geometry for server-rendered SVG (pure): no script and no CDN, so the charts work
offline, print, and read in either language because their labels are the page's text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    link: str = ""


def bars(values: Sequence[tuple[str, int, str]], width: float = 600, height: float = 180,
         gap: float = 12) -> list[Bar]:
    """Vertical bars scaled to the largest value; each (label, value, link)."""
    if not values:
        return []
    top = max(max(v for _l, v, _k in values), 1)
    step = width / len(values)
    result = []
    for i, (label, value, link) in enumerate(values):
        h = height * value / top
        result.append(Bar(label, value, i * step + gap / 2, height - h, step - gap, h, link))
    return result


def polyline(values: Sequence[int], width: float = 600, height: float = 140,
             top: int | None = None) -> str:
    """SVG points of a line through the values, spread over the width."""
    if not values:
        return ""
    top = max(top if top is not None else max(values), 1)
    step = width / max(len(values) - 1, 1)
    return " ".join(f"{i * step:.1f},{height - height * v / top:.1f}"
                    for i, v in enumerate(values))
