import unicodedata

import pytest

from sangkien.core.text import fold, nfc


@pytest.mark.parametrize(("text", "folded"), [
    ("Hà Nội", "ha noi"),
    ("HA NOI", "ha noi"),
    ("Đà Nẵng", "da nang"),
    ("đặc khu Côn Đảo", "dac khu con dao"),
    ("  Thành   phố\tHuế ", "thanh pho hue"),
    ("Nghiên cứu ỨNG DỤNG", "nghien cuu ung dung"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_is_the_same_for_composed_and_decomposed_text():
    assert fold(unicodedata.normalize("NFD", "Quảng Ngãi")) == fold("Quảng Ngãi") == "quang ngai"


def test_nfc_composes():
    assert nfc(unicodedata.normalize("NFD", "Việt")) == "Việt"
    assert len(nfc(unicodedata.normalize("NFD", "Việt"))) == 4
