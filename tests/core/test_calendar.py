"""Admins' changes to the working-day calendar move deadlines, with an audit event each."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from sangkien.core import calendar
from sangkien.core.models import CalendarDay, DayKind, Event
from sangkien.initiatives import services

pytestmark = pytest.mark.django_db

# Thursday 19 Nov 2026; Tuesday 24 Nov is Vietnamese Culture Day, not yet a statutory holiday.
THURSDAY = timezone.make_aware(datetime.datetime(2026, 11, 19, 9, 0))


def test_a_declared_holiday_pushes_the_deadline_by_one_day(hanoi_unit, admin_user):
    # Five working days from Thu 19/11: Fri 20, Mon 23, Tue 24, Wed 25, Thu 26.
    assert services.screening_deadline(hanoi_unit, THURSDAY) == datetime.date(2026, 11, 26)
    calendar.calendar_day_set(CalendarDay(date=datetime.date(2026, 11, 24),
                                          kind=DayKind.HOLIDAY, note="Ngày Văn hóa Việt Nam"),
                              admin_user)
    assert services.screening_deadline(hanoi_unit, THURSDAY) == datetime.date(2026, 11, 27)
    assert Event.objects.filter(type="calendar.day_changed", actor=admin_user).count() == 1


def test_a_swapped_saturday_and_a_cancelled_holiday(hanoi_unit, admin_user):
    calendar.calendar_day_set(CalendarDay(date=datetime.date(2026, 11, 21),
                                          kind=DayKind.WORKING), admin_user)
    # Sat 21 now counts: Fri 20, Sat 21, Mon 23, Tue 24, Wed 25.
    assert services.screening_deadline(hanoi_unit, THURSDAY) == datetime.date(2026, 11, 25)
    cal = calendar.work_calendar([2026])
    assert cal.is_working_day(datetime.date(2026, 9, 2)) is False
    calendar.calendar_day_set(CalendarDay(date=datetime.date(2026, 9, 2),
                                          kind=DayKind.NOT_HOLIDAY), admin_user)
    assert calendar.work_calendar([2026]).is_working_day(datetime.date(2026, 9, 2)) is True


def test_removing_a_change_restores_the_built_in_calendar(hanoi_unit, admin_user):
    day = calendar.calendar_day_set(CalendarDay(date=datetime.date(2026, 11, 24),
                                                kind=DayKind.HOLIDAY), admin_user)
    calendar.calendar_day_remove(day, admin_user)
    assert services.screening_deadline(hanoi_unit, THURSDAY) == datetime.date(2026, 11, 26)
    assert list(Event.objects.filter(type__startswith="calendar.").values_list(
        "type", flat=True)) == ["calendar.day_changed", "calendar.day_removed"]


def test_a_year_outside_the_calendar_is_refused_and_nothing_saved(admin_user):
    events = Event.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        calendar.calendar_day_set(CalendarDay(date=datetime.date(2040, 1, 2),
                                              kind=DayKind.HOLIDAY), admin_user)
    assert error.value.message_dict == {"date": ["The calendar covers 2020 to 2035."]}
    assert not CalendarDay.objects.exists()
    assert Event.objects.count() == events


def test_admin_adds_a_holiday_through_the_admin_site(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/core/calendarday/add/", {
        "date": "2026-11-24", "kind": "holiday", "note": "Ngày Văn hóa Việt Nam"})
    assert response.status_code == 302
    assert CalendarDay.objects.get().kind == DayKind.HOLIDAY
    assert Event.objects.filter(type="calendar.day_changed").count() == 1
