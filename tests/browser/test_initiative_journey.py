"""The whole intake in a real browser: sign up, draft with an attachment, submit, returned by
an officer, resubmitted; the public sees the summary and never the confidential text."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from matching_data import index_now
from personas import HA_NOI, PASSWORD
from playwright.sync_api import Page, expect
from samples import make_pdf

from sangkien.accounts import services as accounts
from sangkien.accounts.models import UnitLevel
from sangkien.geo.models import Province
from sangkien.initiatives import services
from sangkien.initiatives.models import Initiative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "thu.tran@example.vn"
SECRET = "Tỷ lệ phối trộn bí mật: 3 phần vỏ trấu, 1 phần than sinh học"
FIRST_SUMMARY = "Viên nén đốt lò từ vỏ trấu, thay than đá cho làng nghề."
SECOND_SUMMARY = "Viên nén đốt lò từ vỏ trấu và rơm, thay than đá cho làng nghề gốm."


@pytest.fixture
def routed(hanoi_unit, officer_hanoi):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    services.routing_rule_set(hanoi_unit, provinces=[Province.objects.get(code=HA_NOI)])
    return officer_hanoi


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/me/$"))


def english(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_proposer_submits_is_returned_resubmits_and_the_public_sees_the_summary(
        page, page_problems, browser, live_server, routed):
    english(page)
    # Sign up and confirm the email address.
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    log_in(page, EMAIL)

    # Draft the initiative.
    page.get_by_role("link", name="My initiatives").click()
    page.get_by_role("link", name="New initiative").click()
    page.get_by_label("Title").fill("Viên nén trấu thay than cho lò gốm")
    page.get_by_label("Summary").fill(FIRST_SUMMARY)
    page.get_by_label("Full description").fill(SECRET)
    page.get_by_label("Current solution and its weaknesses").fill("Đốt than đá, khói bụi.")
    page.get_by_label("Purpose of the proposed solution").fill("Giảm khói, giảm chi phí.")
    page.get_by_label("Novelty").fill("Tận dụng phụ phẩm nông nghiệp tại chỗ.")
    page.get_by_label("Applicability").fill("Làng gốm Bát Tràng và các làng nghề.")
    page.get_by_label("Expected benefits").fill("Giảm 30% chi phí nhiên liệu.")
    page.get_by_label("Fields of science and technology").select_option(["2.7", "4.1"])
    page.get_by_label("Technology readiness level").select_option("6")
    page.get_by_label("Province or city").select_option(str(HA_NOI))
    # The communes of the chosen province arrive through htmx.
    expect(page.locator("#id_ward option")).not_to_have_count(1)
    page.locator("#id_ward").select_option(index=1)
    page.locator("#id_authors-0-name").fill("Trần Thị Thu")
    page.locator("#id_authors-0-share").fill("100")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    # Attach the description as a PDF, then submit.
    page.locator("#id_file").set_input_files(
        files=[{"name": "ban-mo-ta.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}])
    page.get_by_role("button", name="Attach").click()
    expect(page.get_by_role("link", name="ban-mo-ta.pdf")).to_be_visible()
    page.get_by_role("link", name="View the initiative and submit it").click()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Done.")).to_be_visible()
    expect(page.locator(".page-header .badge")).to_have_text("Submitted")
    initiative = Initiative.objects.get()
    assert initiative.ward is not None and initiative.attachments.count() == 1

    page.get_by_role("link", name="My initiatives").click()
    expect(page.get_by_role("link", name="Viên nén trấu thay than cho lò gốm")).to_be_visible()

    # The officer of the Hà Nội unit returns it for revision.
    officer_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    officer = officer_context.new_page()
    log_in(officer, routed.email)
    officer.goto(f"/initiatives/queue/{initiative.unit.code}/")
    officer.get_by_role("link", name="Viên nén trấu thay than cho lò gốm").click()
    expect(officer.get_by_text(SECRET)).to_be_visible()
    officer.get_by_role("button", name="Start screening").click()
    officer.locator("#reason-return_for_revision").fill("Bổ sung số liệu đo khói bụi.")
    officer.get_by_role("button", name="Return for revision").click()
    expect(officer.locator(".page-header .badge")).to_have_text("Returned for revision")
    officer_context.close()

    # The proposer sees why, revises the summary and resubmits.
    page.goto(f"/initiatives/{initiative.pk}/")
    expect(page.get_by_text("Bổ sung số liệu đo khói bụi.")).to_be_visible()
    page.get_by_role("link", name="Edit the draft and its attachments").click()
    page.get_by_label("Summary").fill(SECOND_SUMMARY)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    page.get_by_role("link", name="View the initiative and submit it").click()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".page-header .badge")).to_have_text("Submitted")
    assert initiative.versions.count() == 2

    # The public: the summary in the catalogue (found without diacritics), never the secret.
    index_now()  # the worker's part: the resubmitted version joins the search index
    public_context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    public = public_context.new_page()
    public.goto("/initiatives/?q=vien nen trau")
    public.get_by_role("link", name="Viên nén trấu thay than cho lò gốm").click()
    expect(public.get_by_text(SECOND_SUMMARY)).to_be_visible()
    assert SECRET not in public.content()
    assert "ban-mo-ta.pdf" not in public.content()
    public_context.close()

    assert page_problems == []
