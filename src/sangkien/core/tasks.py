"""Background work on the event log, run by `sangkien worker`."""

from __future__ import annotations

from django_tasks import task

from sangkien.core.events import deliver_pending, registered_consumers


@task()
def deliver_events() -> dict[str, int]:
    """Deliver every pending event to every registered consumer; safe to run twice."""
    return {name: deliver_pending(name) for name in registered_consumers()}
