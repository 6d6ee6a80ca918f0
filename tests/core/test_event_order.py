"""Concurrent writers never make a consumer skip or repeat an event.

On PostgreSQL, ids are drawn before commit, so without the advisory lock in record_event a
consumer can move past an id whose transaction commits later (this test then fails in about
two runs of three). SQLite serialises writers, and its in-memory test database cannot share
tables across threads, so the test runs in the PostgreSQL pass of the suite.
"""

from __future__ import annotations

import random
import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from sangkien.accounts.models import Organisation, OrganisationKind
from sangkien.core import events
from sangkien.core.events import deliver_pending, record_event
from sangkien.core.models import Event

WRITERS = 3
EVENTS_PER_WRITER = 15


def _writer(number: int, errors: list[BaseException]) -> None:
    rng = random.Random(number)
    try:
        for i in range(EVENTS_PER_WRITER):
            with transaction.atomic():
                organisation = Organisation.objects.create(
                    name=f"Writer {number} organisation {i}", kind=OrganisationKind.OTHER)
                record_event("test.concurrent", organisation, payload={"writer": number})
                # Hold the transaction open a little, as a real service would.
                time.sleep(rng.uniform(0, 0.01))
    except BaseException as exc:  # reported to the main thread
        errors.append(exc)
    finally:
        close_old_connections()
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_consumer_sees_every_event_once_in_order_while_writers_commit(monkeypatch):
    seen: list[int] = []
    monkeypatch.setitem(events._consumers, "test.order", lambda event: seen.append(event.id))
    errors: list[BaseException] = []
    writers = [threading.Thread(target=_writer, args=(n, errors)) for n in range(WRITERS)]
    for thread in writers:
        thread.start()
    while any(thread.is_alive() for thread in writers):
        deliver_pending("test.order", batch_size=7)
        time.sleep(0.003)
    for thread in writers:
        thread.join()
    deliver_pending("test.order")

    assert not errors
    expected = list(Event.objects.order_by("id").values_list("id", flat=True))
    assert len(expected) == WRITERS * EVENTS_PER_WRITER
    assert seen == expected
