"""A real headless Chromium (Debian's, not a Playwright download) for the browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module, closed with it (so is the guard lifted below)."""
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: apt-get install chromium (scripts/test does)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the browser tests, never skip them
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # ORM calls from a thread with a running loop. The tests call the ORM between page
    # actions on purpose, one at a time, so the guard has nothing to protect here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                  args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageProblems(list):
    """Console errors, uncaught exceptions and CSP violations seen by a page."""


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser, live_server, page_problems):
    """A fresh browser context per test (no shared cookies), watched for errors."""
    context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                  viewport={"width": 1280, "height": 900})
    # Report every Content-Security-Policy violation, even ones Chromium would not log.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    page.set_default_timeout(5000)
    page.on("console", lambda message: message.type == "error"
            and page_problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: page_problems.append(f"page error: {error}"))
    page.on("response", lambda response: response.status >= 400
            and page_problems.append(f"HTTP {response.status}: {response.url}"))
    yield page
    context.close()
