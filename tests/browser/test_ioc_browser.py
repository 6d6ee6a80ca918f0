"""The live dashboard: with it open in Chromium on one web process, an officer acts on an
item in another session on another web process, and the figure changes within two seconds
(a worker process updates the roll-ups; nothing is shared but the database)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from matching_data import submit
from personas import HA_NOI, make_user
from playwright.sync_api import expect

from sangkien.accounts import services as accounts
from sangkien.accounts.models import UnitLevel
from sangkien.core.events import deliver_pending
from sangkien.geo.models import Province
from sangkien.initiatives import services

from .test_initiative_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


@pytest.fixture
def processes(live_server, tmp_path):
    """A second web process (gunicorn, as `sangkien serve` runs it) and a worker, both on
    the test database."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(), "SANGKIEN_MODE": "development",
           "SECRET_KEY": settings.SECRET_KEY, "SANGKIEN_DATA_DIR": str(tmp_path),
           "SEARCH_INDEX_DIR": str(tmp_path / "index")}
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sangkien.wsgi:application", "--workers", "1",
         "--worker-class", "gthread", "--threads", "4", "--bind", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "web.log", "w"),  # noqa: SIM115
        start_new_session=True)
    worker = subprocess.Popen(
        [sys.executable, "-m", "sangkien.cli", "worker", "--interval", "0.2"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "worker.log", "w"),  # noqa: SIM115
        start_new_session=True)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # The live server's host name, so that the browser sends the same cookies.
        yield f"http://localhost:{port}"
    finally:
        for process in (web, worker):
            # The whole group, children included; and at once, since an open event stream
            # would hold a graceful shutdown.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_the_dashboard_follows_an_officers_step_within_two_seconds(
        browser, live_server, processes, proposer, officer_hanoi, hanoi_unit):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    services.routing_rule_set(hanoi_unit, provinces=[Province.objects.get(code=HA_NOI)])
    initiative = submit(proposer, "Máy bóc vỏ lạc cho hợp tác xã", "Bóc vỏ lạc nhanh gấp 5.")
    submit(proposer, "Bẫy đèn diệt sâu năng lượng mặt trời", "Diệt sâu không cần hóa chất.")
    deliver_pending("ioc.rollups")
    reader = make_user("thu.pham@sokhcn.hanoi.gov.vn", "Phạm Minh Thư")  # another officer
    accounts.unit_officer_add(hanoi_unit, reader)

    # The dashboard, open on the second web process. (Logging in happens on the first: the
    # tests' fast password hasher is theirs alone; the session, in the database, is shared,
    # and cookies do not depend on the port.)
    watching = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    log_in(watching, reader.email)
    watching.goto(f"{processes}/operations/")

    row = f'#ioc-units tr[data-unit="{hanoi_unit.pk}"]'
    cell = watching.locator(f'{row} td[data-stage="screening"]')
    expect(cell).to_have_text("0")
    expect(watching.locator('#ioc-figures[data-connected="true"]')).to_have_count(1)

    # The officer starts screening in another session, on the first web process.
    acting = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    log_in(acting, officer_hanoi.email)
    acting.goto(f"/initiatives/{initiative.pk}/")
    acting.get_by_role("button", name="Start screening").click()
    expect(acting.locator(".page-header .badge")).to_have_text("Screening")
    started = time.monotonic()
    expect(cell).to_have_text("1", timeout=2000)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0
    expect(watching.locator(f'{row} td[data-stage="submitted"]')).to_have_text("1")
