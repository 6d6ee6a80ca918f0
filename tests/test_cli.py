"""The `sangkien` command as a newcomer runs it: separate processes on a fresh data folder."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "SANGKIEN_MODE"}}
    return {**env, "SANGKIEN_DATA_DIR": str(tmp_path)}


def _run(args, tmp_path):
    return subprocess.run([sys.executable, "-m", "sangkien", *args], env=_env(tmp_path),
                          capture_output=True, text=True, timeout=300, check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_then_worker_in_separate_processes(tmp_path):
    demo = _run(["demo", "--no-server"], tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "admin@demo.sangkien.vn" in demo.stdout

    database = sqlite3.connect(tmp_path / "sangkien.sqlite3")
    events = database.execute("SELECT max(id) FROM core_event").fetchone()[0]
    assert events > 0
    assert database.execute("SELECT count(*) FROM core_notification").fetchone()[0] == 0

    worker = _run(["worker", "--batch"], tmp_path)
    assert worker.returncode == 0, worker.stderr
    assert database.execute(
        "SELECT position FROM core_eventcursor WHERE consumer = 'accounts.notifications'"
    ).fetchone()[0] == events
    assert database.execute("SELECT count(*) FROM core_notification").fetchone()[0] > 0
    # The same worker indexed every demo initiative and demand for search.
    indexed = database.execute("SELECT count(*) FROM matching_searchdocument WHERE kind IN "
                               "('initiative', 'demand')").fetchone()[0]
    objects = database.execute("SELECT (SELECT count(*) FROM initiatives_initiative) + "
                               "(SELECT count(*) FROM initiatives_demand)").fetchone()[0]
    assert indexed == objects > 0
    rebuilt = _run(["index", "rebuild"], tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "document(s) indexed" in rebuilt.stdout
    assert any((tmp_path / "search-index").glob("build-*/public/stats.json"))

    again = _run(["demo", "--no-server"], tmp_path)
    assert again.returncode == 0, again.stderr
    assert database.execute("SELECT max(id) FROM core_event").fetchone()[0] == events


def test_demo_serves_the_home_page(tmp_path):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "sangkien", "demo", "--port", str(port)],
                              env=_env(tmp_path), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        body = None
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    body = page.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the demo server did not answer"
        assert '<html lang="vi"' in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as health:
            assert health.status == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in output


@pytest.mark.parametrize("scale", ["0", "101"])
def test_seed_refuses_a_bad_scale_in_one_line(tmp_path, scale):
    result = _run(["seed", "--scale", scale], tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "scale" in result.stderr
