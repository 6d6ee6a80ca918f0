"""The 2025 administrative map is loaded offline and found whatever the accents."""

from __future__ import annotations

import socket
import unicodedata
from collections import Counter

import pytest

from sangkien.geo.models import Province, Ward
from sangkien.geo.selectors import find_provinces, find_wards
from sangkien.geo.services import places_load

pytestmark = pytest.mark.django_db


def test_the_july_2025_map_is_loaded():
    assert Province.objects.count() == 34
    assert Counter(Province.objects.values_list("kind", flat=True)) == {"tinh": 28, "thanh_pho": 6}
    assert Ward.objects.count() == 3321
    assert Counter(Ward.objects.values_list("kind", flat=True)) == {
        "xa": 2621, "phuong": 687, "dac_khu": 13}


def test_the_six_centrally_run_cities():
    cities = set(Province.objects.filter(kind="thanh_pho").values_list("name", flat=True))
    assert cities == {"Thành phố Hà Nội", "Thành phố Hải Phòng", "Thành phố Huế",
                      "Thành phố Đà Nẵng", "Thành phố Hồ Chí Minh", "Thành phố Cần Thơ"}


def test_loading_again_is_idempotent_and_needs_no_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    before = list(Ward.objects.order_by("code").values_list("code", "name", "province_id"))
    assert places_load() == (34, 3321)
    assert list(Ward.objects.order_by("code").values_list("code", "name", "province_id")) == before
    assert Province.objects.count() == 34


def test_loading_repairs_a_renamed_place():
    Province.objects.filter(code=1).update(name="Ha Noi (sai)", name_folded="ha noi (sai)")
    places_load()
    assert Province.objects.get(code=1).name == "Thành phố Hà Nội"


def test_names_are_stored_in_nfc():
    for name in Ward.objects.values_list("name", flat=True)[:500]:
        assert unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize("query", ["ha noi", "Hà Nội", "HA NOI", "hà nội", "Thành phố Hà Nội",
                                   "TP Hà Nội", "  ha   noi "])
def test_province_lookup_folds_accents_and_case(query):
    assert find_provinces(query).first().name == "Thành phố Hà Nội"


@pytest.mark.parametrize("query", ["TP HCM", "tphcm", "Sài Gòn", "Hồ Chí Minh"])
def test_province_lookup_knows_everyday_names(query):
    assert find_provinces(query).first().name == "Thành phố Hồ Chí Minh"


def test_province_lookup_accepts_decomposed_unicode():
    decomposed = unicodedata.normalize("NFD", "Đà Nẵng")
    assert find_provinces(decomposed).first().name == "Thành phố Đà Nẵng"


def test_province_lookup_with_nothing_to_find():
    assert not find_provinces("").exists()
    assert not find_provinces("Atlantis").exists()


def test_ward_lookup_folds_accents_and_can_be_limited_to_a_province():
    assert "Phường Hoàn Kiếm" in {w.name for w in find_wards("hoan kiem")}
    hanoi = Province.objects.get(code=1)
    wards = find_wards("phuong", province=hanoi)
    assert wards.exists() and all(w.province_id == 1 for w in wards)
