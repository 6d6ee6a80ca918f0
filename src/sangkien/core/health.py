"""Liveness of what the platform depends on: the database and the task queue."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone


def database_health() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # A stopped server must read as "down", never crash the probe.
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok", "vendor": connection.vendor}


def task_queue_health() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    try:
        ready = DBTaskResult.objects.ready()
        waiting = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError as exc:
        return {"status": "down", "error": type(exc).__name__}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"status": "ok", "waiting": waiting, "oldest_waiting_seconds": round(age, 1)}


def platform_health() -> tuple[bool, dict[str, Any]]:
    report = {"database": database_health(), "tasks": task_queue_health()}
    healthy = all(part["status"] == "ok" for part in report.values())
    return healthy, {"status": "ok" if healthy else "unhealthy", **report}
