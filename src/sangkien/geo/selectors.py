"""Diacritic-insensitive lookups of places."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from sangkien.core.text import fold
from sangkien.geo.models import Province, Ward

# Words people add or drop in front of a place name ("TP HCM", "tỉnh Lào Cai").
_PROVINCE_PREFIXES = ("thanh pho ", "tp. ", "tp ", "tinh ")


# Names in everyday use that are not the official ones.
_PROVINCE_ALIASES = {"hcm": "ho chi minh", "tphcm": "ho chi minh", "sai gon": "ho chi minh",
                     "saigon": "ho chi minh", "hn": "ha noi"}


def _bare(folded: str) -> str:
    for prefix in _PROVINCE_PREFIXES:
        if folded.startswith(prefix):
            folded = folded[len(prefix):]
            break
    return _PROVINCE_ALIASES.get(folded, folded)


def find_provinces(query: str) -> QuerySet[Province]:
    """Provinces whose name contains the query, ignoring case, diacritics and "Tỉnh"/"Thành phố".

    Exact names come first: "ha noi", "Hà Nội" and "HA NOI" all find Thành phố Hà Nội first.
    """
    needle = _bare(fold(query))
    if not needle:
        return Province.objects.none()
    return (
        Province.objects.filter(name_folded__contains=needle)
        .annotate(rank=Case(
            When(name_folded__endswith=" " + needle, then=Value(0)),
            When(name_folded=needle, then=Value(0)),
            default=Value(1), output_field=IntegerField(),
        ))
        .order_by("rank", "name_folded")
    )


def find_wards(query: str, province: Province | None = None) -> QuerySet[Ward]:
    needle = fold(query)
    if not needle:
        return Ward.objects.none()
    wards = Ward.objects.filter(name_folded__contains=needle).select_related("province")
    if province is not None:
        wards = wards.filter(province=province)
    return wards.order_by("province_id", "name_folded")
