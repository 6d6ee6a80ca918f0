"""The one way to record that something happened: `record_event`, inside the service's transaction.

Every state change appends an Event in the same database transaction (an outbox), and the
same transaction enqueues the background task that delivers events to their consumers, so
a committed change always has its event and its delivery queued, and a rolled-back change
has neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, models, transaction

from sangkien.core.models import Event

EventHandler = Callable[[Event], None]
BatchHandler = Callable[[list[Event]], None]
_consumers: dict[str, Any] = {}  # EventHandler, or BatchHandler when it takes batches

# Any fixed 64-bit number: the PostgreSQL advisory lock that orders event commits.
_EVENT_LOCK_KEY = 0x5A4E_4B49_454E  # "SNKIEN"


class OutsideTransactionError(RuntimeError):
    """record_event was called outside the transaction of the change it describes."""


def consumer(name: str, *, batch: bool = False) -> Callable[[Any], Any]:
    """Register a function that receives every event once, in id order, under `name`.

    With `batch=True` it receives each delivered batch as a list instead, in one transaction
    with the cursor, so it can write the whole batch with a few queries.
    """

    def register(handler: Any) -> Any:
        if name in _consumers and _consumers[name] is not handler:
            raise ValueError(f"event consumer {name!r} is already registered")
        handler.takes_batch = batch
        _consumers[name] = handler
        return handler

    return register


def registered_consumers() -> dict[str, Any]:
    return dict(_consumers)


def record_event(
    type: str,
    subject: models.Model,
    *,
    actor: Any = None,
    unit: Any = None,
    province: Any = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    if not connection.in_atomic_block:
        raise OutsideTransactionError(
            f"record_event({type!r}) must run inside the transaction of the change it records"
        )
    _serialise_event_commits()
    event = Event.objects.create(
        type=type,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        unit=unit,
        province=province,
        payload=payload or {},
    )
    _enqueue_delivery()
    return event


def _serialise_event_commits() -> None:
    """Make event ids commit in increasing order, so consumers reading `id > cursor` never skip.

    On PostgreSQL two transactions can take ids 10 and 11 and commit 11 first; a consumer
    would then move past 10 for ever. A transaction-scoped advisory lock taken before the id
    is drawn orders the commits. SQLite already serialises writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_EVENT_LOCK_KEY])


def _delivery_queued_marker() -> None:
    """Its presence among the transaction's on-commit callbacks says a delivery is queued."""


def _enqueue_delivery() -> None:
    """Queue one delivery per transaction, however many events it records.

    The database task backend writes the task row in this same transaction. The marker is
    dropped by Django together with the task row if the (savepoint) block that queued them
    rolls back, so the next event queues again.
    """
    from sangkien.core.tasks import deliver_events

    if any(entry[1] is _delivery_queued_marker for entry in connection.run_on_commit):
        return
    deliver_events.enqueue()
    transaction.on_commit(_delivery_queued_marker)


def deliver_pending(consumer_name: str, batch_size: int = 500) -> int:
    """Feed the consumer every event after its cursor; returns how many it handled.

    The cursor row is locked, so concurrent workers never hand the same event to the same
    consumer twice, and a handler that raises rolls back its whole batch with the cursor.
    """
    from sangkien.core.models import EventCursor

    handler = _consumers[consumer_name]
    handled = 0
    while True:
        with transaction.atomic():
            EventCursor.objects.get_or_create(consumer=consumer_name)
            cursor = EventCursor.objects.select_for_update().get(consumer=consumer_name)
            batch = list(
                Event.objects.filter(id__gt=cursor.position).order_by("id")[:batch_size]
            )
            if getattr(handler, "takes_batch", False):
                handler(batch)
            else:
                for event in batch:
                    handler(event)
            if batch:
                cursor.position = batch[-1].id
                cursor.save(update_fields=["position", "updated_at"])
        handled += len(batch)
        if len(batch) < batch_size:
            return handled
