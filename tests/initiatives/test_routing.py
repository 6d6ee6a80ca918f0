"""Routing picks the most specific rule; the national unit is the fallback."""

from sangkien.initiatives.routing import Route, choose_unit

NATIONAL, HANOI, HANOI_IT, IT_ANYWHERE, HCM = 1, 2, 3, 4, 5
ROUTES = [
    Route(HANOI, 1, ""),
    Route(HANOI_IT, 1, "1.2"),
    Route(IT_ANYWHERE, None, "1.2"),
    Route(HCM, 79, ""),
]


def test_province_and_field_beats_province_alone():
    assert choose_unit(ROUTES, 1, ["1.2"], NATIONAL) == HANOI_IT
    assert choose_unit(ROUTES, 1, ["4.1"], NATIONAL) == HANOI


def test_province_beats_field_alone():
    assert choose_unit(ROUTES, 79, ["1.2"], NATIONAL) == HCM


def test_field_alone_when_the_province_has_no_unit():
    assert choose_unit(ROUTES, 48, ["2.2", "1.2"], NATIONAL) == IT_ANYWHERE


def test_national_fallback():
    assert choose_unit(ROUTES, 48, ["4.1"], NATIONAL) == NATIONAL
    assert choose_unit([], 1, ["1.2"], NATIONAL) == NATIONAL


def test_major_field_prefix_matches_its_subfields_only():
    routes = [Route(7, None, "1")]
    assert choose_unit(routes, 48, ["1.6"], NATIONAL) == 7
    assert choose_unit(routes, 48, ["2.1"], NATIONAL) == NATIONAL
