"""A proposer drafting an initiative sees field suggestions appear, then the initiative it
nearly repeats with the shared passage; a visitor searches without diacritics and sees the
matched words highlighted."""

from __future__ import annotations

import pytest
from matching_data import index_now, route_provinces, submit
from personas import HA_NOI, HO_CHI_MINH, make_user
from playwright.sync_api import expect

from sangkien.accounts import services as accounts
from sangkien.accounts.models import UnitLevel
from sangkien.geo.models import Province

from .test_initiative_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = ("Bộ lọc nước giếng khoan khử sắt và mangan bằng cát phủ oxit mangan, dùng cho hộ "
           "gia đình vùng nhiễm phèn.")


def test_suggestions_duplicates_and_highlights_in_a_browser(browser, live_server, page_problems):
    hanoi = accounts.unit_create(code="sokhcn-ha-noi", name="Sở KH&CN Hà Nội",
                                 level=UnitLevel.PROVINCIAL,
                                 territory=[Province.objects.get(code=HA_NOI)])
    hcm = accounts.unit_create(code="sokhcn-tp-hcm", name="Sở KH&CN TP.HCM",
                               level=UnitLevel.PROVINCIAL,
                               territory=[Province.objects.get(code=HO_CHI_MINH)])
    route_provinces((hanoi, HA_NOI), (hcm, HO_CHI_MINH))
    first = make_user("lan@example.vn", "Nguyễn Thị Lan")
    submit(first, "Bộ lọc khử sắt cho nước giếng khoan", SUMMARY, fields=("2.7",))
    submit(first, "Máy sấy cà phê năng lượng mặt trời", "Buồng sấy dùng nhiệt mặt trời.",
           fields=("2.3",))
    copier = make_user("copy@example.vn", "Người sao chép")
    draft = submit(copier, "Thiết bị lọc nước giếng nhiễm phèn", SUMMARY + " Đã thử ở Cà Mau.",
                   province=HO_CHI_MINH, fields=("2.7",), submit=False)
    index_now()

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    log_in(page, copier.email)
    page.goto(f"/initiatives/{draft.pk}/edit/")
    # htmx posts the title and summary (with the CSRF token) as the page loads.
    expect(page.locator("#field-suggestions")).to_contain_text("2.7")
    page.goto(f"/initiatives/{draft.pk}/")
    duplicates = page.locator("section", has=page.get_by_role("heading",
                                                                name="Possible duplicates"))
    expect(duplicates).to_contain_text("Bộ lọc khử sắt cho nước giếng khoan")
    expect(duplicates.locator("blockquote").first).to_contain_text("cát phủ oxit mangan")

    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto("/search/")
    visitor.get_by_label("Search").fill("khu sat mangan")
    visitor.get_by_role("button", name="Search").click()
    expect(visitor.locator("ol.results mark").first).to_be_visible()
    expect(visitor.locator("ol.results")).to_contain_text("Bộ lọc khử sắt")
    expect(visitor.locator("ol.results")).not_to_contain_text("Máy sấy cà phê")
    assert page_problems == []
