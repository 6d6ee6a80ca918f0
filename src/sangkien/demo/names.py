"""Vietnamese personal names in their natural order (họ, tên đệm, tên), and their email forms.

Pure: no Django. Faker's vi_VN provider puts the given name first ("Hạnh Trần"), which no
Vietnamese reader would write, so names are composed here from common surnames (weighted
by their rough frequency), gendered middle names and given names.
"""

from __future__ import annotations

import random
import re

from sangkien.core.text import fold, nfc

# Roughly how common each surname is, in percent of the population.
SURNAMES: dict[str, float] = {
    "Nguyễn": 38,
    "Trần": 11,
    "Lê": 9.5,
    "Phạm": 7,
    "Hoàng": 5,
    "Phan": 4.5,
    "Vũ": 3.9,
    "Đặng": 2.1,
    "Bùi": 2,
    "Đỗ": 1.4,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1,
    "Huỳnh": 2,
    "Võ": 2,
    "Lý": 0.5,
    "Trịnh": 0.5,
    "Đinh": 0.5,
    "Lâm": 0.4,
    "Mai": 0.4,
    "Cao": 0.4,
    "Lương": 0.3,
    "Hà": 0.3,
    "Tạ": 0.2,
    "Tô": 0.2,
    "Kiều": 0.1,
    "Chu": 0.2,
    "Quách": 0.1,
}


def _words(text: str) -> list[str]:
    return text.split()


MIDDLE_NAMES = {
    "male": _words(
        "Văn Đức Minh Quang Thành Hữu Công Ngọc Xuân Hoàng Quốc Duy Trọng Anh Gia Bảo Thanh Mạnh"
    ),
    # Thị is by far the most common middle name of women, hence its weight.
    "female": _words(
        "Thị Thị Thị Thu Ngọc Thanh Minh Phương Hoài Thùy Mỹ Khánh Bích Kim Diệu Hồng Bảo"
    ),
}
GIVEN_NAMES = {
    "male": _words(
        "Anh Bảo Cường Dũng Đạt Đức Hải Hiếu Hoàng Hùng Huy Khánh Khoa Kiên Long Lâm Minh "
        "Nam Nghĩa Phong Phúc Quân Quang Sơn Tài Thắng Thành Thịnh Toàn Trung Tuấn Tùng Việt Vinh "
        "Hưng Tâm Thiện Lộc"
    ),
    "female": _words(
        "An Anh Chi Dung Giang Hà Hạnh Hằng Hiền Hoa Hồng Hương Huyền Lan Linh Loan Mai My "
        "Nga Ngân Ngọc Nhung Oanh Phương Quyên Quỳnh Thảo Thư Trang Trinh Uyên Vân Yến Thủy Liên "
        "Diệp"
    ),
}

_SURNAME_LIST = list(SURNAMES)
_SURNAME_WEIGHTS = list(SURNAMES.values())


def vietnamese_name(rng: random.Random) -> str:
    """A full name such as "Nguyễn Thị Lan" or "Trần Quốc Bảo", in NFC."""
    gender = rng.choice(("male", "female"))
    surname = rng.choices(_SURNAME_LIST, weights=_SURNAME_WEIGHTS)[0]
    middle = rng.choice(MIDDLE_NAMES[gender])
    given = rng.choice([name for name in GIVEN_NAMES[gender] if name != middle])
    return nfc(f"{surname} {middle} {given}")


def email_local_part(full_name: str) -> str:
    """The email form of a name: "Nguyễn Thị Lan" gives "lan.nguyen" (given name first)."""
    words = re.sub(r"[^a-z ]", "", fold(full_name)).split()
    return f"{words[-1]}.{words[0]}" if len(words) > 1 else (words[0] if words else "user")
