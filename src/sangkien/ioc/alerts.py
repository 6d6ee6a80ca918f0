"""Deadline alerts: items at 80% of their allowed time, and items overdue, notify the
person holding them (or, if nobody holds them yet, the unit's officers) and the unit's
leaders — once per item, deadline and threshold.

The once is kept by the database, not by the caller: each alert is an insert under a unique
key, and only the transaction whose insert succeeds records the event that notifies. Two
runs at the same moment therefore notify once (PostgreSQL makes the second insert wait for
the first and then fail; SQLite runs writers one at a time).
"""

from __future__ import annotations

import math
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from sangkien.accounts.models import ProcessingUnit, User
from sangkien.core.calendar import work_calendar
from sangkien.core.events import record_event
from sangkien.core.models import Event, Notification
from sangkien.initiatives.models import Initiative
from sangkien.ioc.models import Alert, ItemStage
from sangkien.ioc.pipeline import COUNCIL_DAYS, Calendar, TabledCalendar

APPROACHING_AT = 0.8  # share of the allowed time that has passed

_TEXTS = {
    ("screening", "approaching"): gettext_noop(
        "Screening of “%(title)s” is due on %(due)s: most of the allowed time has passed."),
    ("screening", "overdue"): gettext_noop(
        "Screening of “%(title)s” was due on %(due)s and is overdue."),
    ("council", "approaching"): gettext_noop(
        "The review council of the breakthrough initiative “%(title)s” is due on %(due)s."),
    ("council", "overdue"): gettext_noop(
        "The review council of the breakthrough initiative “%(title)s” was due on %(due)s "
        "and is overdue."),
}


def threshold(due: date, today: date, allowance: int, calendar: Calendar) -> str:
    """``overdue`` after the due day, ``approaching`` once 80% of the working days allowed
    have passed, else ``""``."""
    if today > due:
        return Alert.Threshold.OVERDUE
    left = calendar.working_days_between(today, due)
    if left <= allowance - math.ceil(APPROACHING_AT * allowance):
        return Alert.Threshold.APPROACHING
    return ""


def deadline_alerts(today: date | None = None) -> int:
    """Raise every alert due today that was not raised before; returns how many."""
    today = today or timezone.localdate()
    first, last = today.year - 1, today.year + 1
    calendar = TabledCalendar(work_calendar(range(first, last + 1)), date(first, 1, 1),
                              date(last, 12, 31))  # asked once per waiting item
    allowances = dict(ProcessingUnit.objects.values_list("pk", "screening_days"))
    raised = 0
    waiting = ItemStage.objects.filter(stage__in=("submitted", "screening"),
                                       screening_due__isnull=False)
    councils = ItemStage.objects.filter(stage="in_review", council_due__isnull=False)
    candidates = [(row, "screening", row.screening_due, allowances.get(row.unit, 5))
                  for row in waiting]
    candidates += [(row, "council", row.council_due, COUNCIL_DAYS) for row in councils]
    for row, deadline, due, allowance in candidates:
        if due is None:  # excluded by the queries; says so to the type checker
            continue
        level = threshold(due, today, allowance, calendar)
        if level and _raise(row, deadline, due, level):
            raised += 1
    return raised


def _raise(row: ItemStage, deadline: str, due: date, level: str) -> bool:
    try:
        with transaction.atomic():
            alert = Alert.objects.create(item=row.item, deadline=deadline, due=due,
                                         threshold=level, unit=row.unit)
            record_event("ioc.deadline_alert", alert, unit=ProcessingUnit(pk=row.unit),
                         payload={"item": row.item, "deadline": deadline,
                                  "due": due.isoformat(), "threshold": level,
                                  "person": row.person})
    except IntegrityError:
        return False  # raised before, or by a run at the same moment
    return True


def recipients(unit: int, person: int) -> list[User]:
    """Who answers for the item, and the unit's leaders."""
    people = User.objects.filter(postings__unit=unit, postings__is_leader=True)
    if person:
        people = people | User.objects.filter(pk=person)
    else:
        people = people | User.objects.filter(postings__unit=unit)
    return list(people.distinct())


def notify_deadline(event: Event) -> None:
    if event.type != "ioc.deadline_alert":
        return
    payload = event.payload
    initiative = Initiative.objects.filter(pk=payload["item"]).first()
    if initiative is None:
        return
    text = _TEXTS[(payload["deadline"], payload["threshold"])]
    params = {"title": initiative.title,
              "due": date.fromisoformat(payload["due"]).strftime("%d/%m/%Y")}
    for user in recipients(event.unit_id or 0, int(payload.get("person") or 0)):
        _, created = Notification.objects.get_or_create(
            recipient=user, event=event, defaults={"text": text, "params": params})
        if created:
            with translation.override(user.preferred_language):
                send_mail(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
                          + gettext("A deadline needs you"),
                          message=gettext(text) % params, from_email=None,
                          recipient_list=[user.email])
