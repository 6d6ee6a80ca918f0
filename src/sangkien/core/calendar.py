"""The working-day calendar the platform counts deadlines in: the built-in Vietnamese
public-sector calendar with the admins' per-day changes (`CalendarDay`) applied."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangkien.core import workdays
from sangkien.core.events import record_event
from sangkien.core.models import CalendarDay, DayKind


def work_calendar(years: Iterable[int]) -> workdays.WorkCalendar:
    covered = sorted(set(years))
    changes = CalendarDay.objects.filter(date__year__in=covered)
    days: dict[str, list[date]] = {kind: [] for kind in DayKind.values}
    for change in changes:
        days[change.kind].append(change.date)
    return workdays.vietnam_calendar(covered).with_changes(
        add_holidays=days[DayKind.HOLIDAY],
        remove_holidays=days[DayKind.NOT_HOLIDAY],
        add_working_days=days[DayKind.WORKING],
    )


@transaction.atomic
def calendar_day_set(day: CalendarDay, actor: object) -> CalendarDay:
    """Save an admin's change to one day, with its audit event."""
    day.full_clean()
    if day.date.year not in workdays.LUNAR_NEW_YEAR:
        raise ValidationError({"date": _("The calendar covers %(first)s to %(last)s.") % {
            "first": min(workdays.LUNAR_NEW_YEAR), "last": max(workdays.LUNAR_NEW_YEAR)}})
    day.save()
    record_event("calendar.day_changed", day, actor=actor,
                 payload={"date": day.date.isoformat(), "kind": day.kind, "note": day.note})
    return day


@transaction.atomic
def calendar_day_remove(day: CalendarDay, actor: object) -> None:
    payload = {"date": day.date.isoformat(), "kind": day.kind}
    record_event("calendar.day_removed", day, actor=actor,
                 payload=payload)
    day.delete()
