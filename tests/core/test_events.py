"""The outbox: an event is written with its change, or neither is."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from sangkien.accounts.models import Organisation, OrganisationKind
from sangkien.core.events import (
    OutsideTransactionError,
    deliver_pending,
    record_event,
    registered_consumers,
)
from sangkien.core.models import AppendOnlyError, Event, EventCursor, Notification


class BrokenRule(Exception):
    pass


def organisation_create_then_fail(name: str) -> None:
    """A service that changes state, records its event, then breaks a business rule."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, kind=OrganisationKind.ENTERPRISE)
        record_event("organisation.created", organisation, payload={"name": name})
        raise BrokenRule("tax code rejected")


@pytest.mark.django_db(transaction=True)
def test_failed_service_leaves_neither_change_nor_event():
    events_before = Event.objects.count()
    tasks_before = DBTaskResult.objects.count()
    with pytest.raises(BrokenRule):
        organisation_create_then_fail("Công ty Cổ phần Thử Nghiệm")
    assert not Organisation.objects.filter(name="Công ty Cổ phần Thử Nghiệm").exists()
    assert Event.objects.count() == events_before
    assert DBTaskResult.objects.count() == tasks_before


@pytest.mark.django_db(transaction=True)
def test_committed_change_has_its_event_and_a_queued_delivery(hanoi_unit):
    event = Event.objects.get(type="unit.created")
    assert event.subject_id == str(hanoi_unit.pk)
    assert event.unit == hanoi_unit
    assert event.payload == {"code": "sokhcn-ha-noi", "territory": [1]}
    assert DBTaskResult.objects.filter(task_path="sangkien.core.tasks.deliver_events").exists()


@pytest.mark.django_db(transaction=True)
def test_event_outside_any_transaction_is_refused(proposer):
    before = Event.objects.count()
    with pytest.raises(OutsideTransactionError, match=r"account\.touched"):
        record_event("account.touched", proposer)
    assert Event.objects.count() == before


@pytest.mark.django_db
def test_events_are_append_only(proposer):
    event = Event.objects.filter(type="account.registered").get()
    event.type = "account.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(type="account.forged")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).type == "account.registered"


@pytest.mark.django_db
def test_event_ids_increase_in_the_order_changes_happen(proposer, officer_hanoi):
    types = list(Event.objects.order_by("id").values_list("type", flat=True))
    assert types[0] == "account.registered"
    assert types.index("unit.created") < types.index("unit.officer_added")


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_events_to_notifications_once(officer_hanoi):
    assert "accounts.notifications" in registered_consumers()
    assert not Notification.objects.exists()

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    texts = {n.text for n in Notification.objects.filter(recipient=officer_hanoi)}
    assert "You are now an officer of %(unit)s." in texts
    messages = {n.message for n in Notification.objects.filter(recipient=officer_hanoi)}
    assert any("Sở Khoa học và Công nghệ Hà Nội" in m for m in messages)
    cursor = EventCursor.objects.get(consumer="accounts.notifications")
    assert cursor.position == Event.objects.order_by("-id").first().id
    assert not DBTaskResult.objects.ready().exists()

    # Running again (a retried task) delivers nothing twice.
    count = Notification.objects.count()
    assert deliver_pending("accounts.notifications") == 0
    assert Notification.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_a_failing_consumer_keeps_its_cursor_and_changes_nothing(proposer, monkeypatch):
    from sangkien.core import events

    def broken(event):
        Notification.objects.create(recipient=proposer, event=event, text="half done")
        raise BrokenRule("consumer bug")

    monkeypatch.setitem(events._consumers, "test.broken", broken)
    with pytest.raises(BrokenRule):
        deliver_pending("test.broken")
    assert not Notification.objects.filter(text="half done").exists()
    assert not EventCursor.objects.filter(consumer="test.broken", position__gt=0).exists()


def _deliveries() -> int:
    return DBTaskResult.objects.filter(task_path="sangkien.core.tasks.deliver_events").count()


@pytest.mark.django_db(transaction=True)
def test_one_delivery_is_queued_per_transaction_not_per_event(proposer):
    before = _deliveries()
    with transaction.atomic():
        for n in range(3):
            record_event("test.bulk", proposer, payload={"n": n})
    assert _deliveries() == before + 1


@pytest.mark.django_db(transaction=True)
def test_rolled_back_savepoint_does_not_swallow_the_delivery(proposer):
    before = _deliveries()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record_event("test.discarded", proposer)
                raise BrokenRule("inner step failed")
        except BrokenRule:
            pass
        record_event("test.kept", proposer)
    assert _deliveries() == before + 1
    assert not Event.objects.filter(type="test.discarded").exists()
    assert Event.objects.filter(type="test.kept").exists()
