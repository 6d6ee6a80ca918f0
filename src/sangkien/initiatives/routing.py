"""Which processing unit handles an initiative (pure: no Django).

Rules map a province and/or a field of science to a unit. The most specific rule wins:
province and field, then province alone, then field alone; the national unit is the
fallback. Where the proposer lives or submits from does not matter: the initiative's
province does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    unit_id: int
    province_code: int | None
    field_prefix: str  # "" matches every field


def _field_matches(prefix: str, fields: Sequence[str]) -> int:
    """How specific the match is (prefix length in parts), or -1 if none matches."""
    if not prefix:
        return 0
    for code in fields:
        if code == prefix or code.startswith(prefix + "."):
            return prefix.count(".") + 1
    return -1


def choose_unit(
    routes: Iterable[Route], province_code: int, fields: Sequence[str], fallback_unit_id: int
) -> int:
    best: tuple[int, int, int] | None = None  # (province matched, field depth, -unit id)
    for route in routes:
        if route.province_code is not None and route.province_code != province_code:
            continue
        depth = _field_matches(route.field_prefix, fields)
        if depth < 0:
            continue
        score = (int(route.province_code is not None), depth, -route.unit_id)
        if best is None or score > best:
            best = score
    return -best[2] if best is not None else fallback_unit_id
