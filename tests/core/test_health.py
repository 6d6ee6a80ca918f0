"""/healthz tells a load balancer whether the database and the task queue work."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import transaction

from sangkien.core.tasks import deliver_events


@pytest.mark.django_db
def test_healthy_platform(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["tasks"]["status"] == "ok"


@pytest.mark.django_db
def test_health_counts_waiting_tasks(client):
    with transaction.atomic():
        deliver_events.enqueue()
        deliver_events.enqueue()
    assert client.get("/healthz").json()["tasks"]["waiting"] >= 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_stopped_database_is_reported_unhealthy_by_the_real_server(tmp_path):
    """`sangkien serve` pointed at a PostgreSQL that is not running answers 503, not a crash."""
    dead_port = _free_port()
    port = _free_port()
    env = {**os.environ, "SANGKIEN_DATA_DIR": str(tmp_path), "SANGKIEN_MODE": "production",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead_port}/sangkien",
           "DB_CONNECT_TIMEOUT": "2"}
    server = subprocess.Popen(
        [sys.executable, "-m", "sangkien", "serve", "--workers", "1",
         "--bind", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        status, body = None, None
        for _ in range(100):
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.2)
        assert status == 503, server.stderr
        assert body["status"] == "unhealthy"
        assert body["database"] == {"status": "down", "error": "OperationalError"}
        assert body["tasks"]["status"] == "down"
        # The server survives the failed probe and answers again.
        assert _get(f"http://127.0.0.1:{port}/healthz")[0] == 503
    finally:
        server.terminate()
        server.wait(timeout=10)
