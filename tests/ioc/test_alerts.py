"""Deadline alerts: at 80% of the allowed time and when overdue, to the people who answer
for the item and the unit's leaders, in the app and by email, once per threshold."""

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from matching_data import route_provinces, submit
from personas import HA_NOI, make_user

from sangkien.accounts import services as accounts
from sangkien.core.events import deliver_pending
from sangkien.core.models import Event, Notification
from sangkien.core.workdays import vietnam_calendar
from sangkien.initiatives import services as intake
from sangkien.ioc.alerts import deadline_alerts, threshold
from sangkien.ioc.models import Alert, ItemStage

CALENDAR = vietnam_calendar([2026])


def test_thresholds_in_working_days_around_tet():
    # Five working days from Thu 12 Feb 2026: 13, 23, 24, 25, 26 Feb (Tết 16–20 Feb).
    due = date(2026, 2, 26)
    assert threshold(due, date(2026, 2, 13), 5, CALENDAR) == ""
    assert threshold(due, date(2026, 2, 20), 5, CALENDAR) == ""  # 4 working days left
    assert threshold(due, date(2026, 2, 24), 5, CALENDAR) == ""  # 2 left: 60% passed
    assert threshold(due, date(2026, 2, 25), 5, CALENDAR) == "approaching"  # 1 left: 80%
    assert threshold(due, date(2026, 2, 26), 5, CALENDAR) == "approaching"
    assert threshold(due, date(2026, 2, 27), 5, CALENDAR) == "overdue"


@pytest.fixture
def waiting(proposer, officer_hanoi, hanoi_unit):
    route_provinces((hanoi_unit, HA_NOI))
    leader = make_user("giamdoc@sokhcn.hanoi.gov.vn", "Đỗ Thị Hằng")
    accounts.unit_officer_add(hanoi_unit, leader, is_leader=True)
    initiative = submit(proposer, "Hệ thống tưới nhỏ giọt tự động", "Tưới theo độ ẩm đất.")
    deliver_pending("ioc.rollups")
    return initiative, leader


@pytest.mark.django_db
def test_an_item_alerts_once_when_close_and_once_when_overdue(waiting, officer_hanoi):
    initiative, leader = waiting
    due = ItemStage.objects.get(item=initiative.pk).screening_due
    assert due == initiative.screening_due
    received = initiative.received_at.date()
    assert deadline_alerts(received) == 0
    assert deadline_alerts(due) == 1
    assert deadline_alerts(due) == 0  # the same threshold again: nothing
    deliver_pending("ioc.alerts")
    notified = {n.recipient for n in Notification.objects.filter(
        event__type="ioc.deadline_alert")}
    # Nobody holds the item yet: every officer of the unit, and the leader.
    assert notified == {officer_hanoi, leader}
    assert {m.to[0] for m in mail.outbox if initiative.title in m.body} == {
        officer_hanoi.email, leader.email}
    overdue = due + timedelta(days=1)
    assert deadline_alerts(overdue) == 1
    assert deadline_alerts(overdue + timedelta(days=3)) == 0
    assert sorted(Alert.objects.values_list("threshold", flat=True)) == [
        "approaching", "overdue"]


@pytest.mark.django_db
def test_an_item_held_by_an_officer_alerts_that_officer_and_the_leader(
        waiting, officer_hanoi, hanoi_unit):
    initiative, leader = waiting
    colleague = make_user("nam@sokhcn.hanoi.gov.vn", "Vũ Văn Nam")
    accounts.unit_officer_add(hanoi_unit, colleague)
    intake.initiative_transition(initiative, "start_screening", officer_hanoi)
    deliver_pending("ioc.rollups")
    deadline_alerts(initiative.screening_due + timedelta(days=7))
    deliver_pending("ioc.alerts")
    assert {n.recipient for n in Notification.objects.filter(
        event__type="ioc.deadline_alert")} == {officer_hanoi, leader}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_alert_runs_at_the_same_moment_alert_once(waiting):
    initiative, _leader = waiting
    day = initiative.screening_due + timedelta(days=7)
    barrier = threading.Barrier(2)
    counts = []

    def run():
        barrier.wait()
        try:
            counts.append(deadline_alerts(day))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 1]
    assert Alert.objects.count() == 1
    assert Event.objects.filter(type="ioc.deadline_alert").count() == 1


@pytest.mark.django_db
def test_the_daily_command_raises_alerts_once(waiting):
    from io import StringIO

    from django.core.management import call_command

    initiative, _leader = waiting
    day = (initiative.screening_due + timedelta(days=7)).isoformat()
    out = StringIO()
    call_command("operations", "alerts", "--today", day, stdout=out)
    call_command("operations", "alerts", "--today", day, stdout=out)
    assert out.getvalue().splitlines() == ["1 alert(s) raised", "0 alert(s) raised"]
