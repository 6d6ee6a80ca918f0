from decimal import Decimal

import pytest

from sangkien.core.money import format_vnd


@pytest.mark.parametrize(("amount", "language", "shown"), [
    (Decimal("200000000"), "vi", "200.000.000"),
    (Decimal("200000000"), "en", "200,000,000"),
    (Decimal("999"), "vi", "999"),
    (Decimal("1000"), "vi", "1.000"),
    (Decimal("-1250000"), "vi", "-1.250.000"),
    (0, "en", "0"),
])
def test_vnd_is_grouped_for_the_reader(amount, language, shown):
    assert format_vnd(amount, language) == shown
