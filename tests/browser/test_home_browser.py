"""A first visit in a real browser: home page, language switch, log in, the welcome message."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from personas import PASSWORD
from playwright.sync_api import expect

from sangkien.core.events import deliver_pending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = {"phone": (390, 844), "desktop": (1280, 900)}
SCREENSHOT_DIR = Path(tempfile.gettempdir())  # for a person to look at; never committed


def test_visitor_switches_to_english_logs_in_and_reads_the_welcome(page, page_problems,
                                                                    proposer):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mỗi ý tưởng hay đều xứng đáng được đưa vào cuộc sống")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Every good idea deserves a chance to be put to use")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")

    navigation = page.get_by_role("navigation", name="Main navigation")
    navigation.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(proposer.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    # The welcome is written by the event worker, which has not run yet.
    expect(page.get_by_text("No notifications yet.")).to_be_visible()

    deliver_pending("accounts.notifications")
    page.reload()
    welcome = "Welcome to Sáng Kiến. You can now submit initiatives."
    expect(page.get_by_text(welcome)).to_be_visible()
    expect(page.get_by_text("Proposer", exact=True)).to_be_visible()

    assert page_problems == []


def test_home_page_fits_a_phone_and_the_skip_link_comes_first(page, page_problems):
    for name, (width, height) in SCREENSHOTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        # Nothing may stick out sideways: no horizontal scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=SCREENSHOT_DIR / f"sangkien-home-{name}.png", full_page=True)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Chuyển đến nội dung chính")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    assert page_problems == []
