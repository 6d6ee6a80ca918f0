from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sangkien.core.workdays import (
    HUNG_KINGS_DAY,
    LUNAR_NEW_YEAR,
    OFFICIAL_ADJUSTMENTS,
    WorkCalendar,
    compensatory_days,
    vietnam_calendar,
    vietnam_public_holidays,
)

CAL = vietnam_calendar(range(2020, 2036))
PLAIN = WorkCalendar()  # Monday to Friday, no holidays


# --- deadlines, hand-computed on a wall calendar ---------------------------------------------


def test_deadline_across_a_weekend():
    # Thursday 13/3/2025 + 5: Fri 14, (weekend), Mon 17, Tue 18, Wed 19, Thu 20.
    assert CAL.add_working_days(date(2025, 3, 13), 5) == date(2025, 3, 20)


def test_deadline_across_tet_2026():
    # Friday 13/2/2026; 14-15 weekend, 16-20 Tết Bính Ngọ, 21-22 weekend; 23, 24, 25, 26, 27.
    assert CAL.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5


def test_deadline_across_30_4_and_1_5_2025_with_the_swapped_friday():
    # Tuesday 29/4/2025; 30/4, 1/5, 2/5 (swapped with Saturday 26/4) off, 3-4/5 weekend.
    assert CAL.add_working_days(date(2025, 4, 29), 3) == date(2025, 5, 7)


def test_compensation_saturday_counts_as_a_working_day():
    assert CAL.is_working_day(date(2025, 4, 26))
    # Friday 25/4/2025 + 1 is that Saturday; + 4 is Monday 5/5 after the holiday.
    assert CAL.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert CAL.add_working_days(date(2025, 4, 25), 4) == date(2025, 5, 5)


def test_receipt_on_a_sunday_counts_from_monday():
    sunday = date(2025, 3, 16)
    assert CAL.add_working_days(sunday, 1) == date(2025, 3, 17)
    assert CAL.add_working_days(sunday, 5) == date(2025, 3, 21)


def test_zero_days_is_the_day_itself_or_the_next_working_day():
    assert CAL.add_working_days(date(2025, 3, 13), 0) == date(2025, 3, 13)
    assert CAL.add_working_days(date(2025, 3, 16), 0) == date(2025, 3, 17)  # Sunday
    assert CAL.add_working_days(date(2026, 2, 16), 0) == date(2026, 2, 23)  # 29 tháng Chạp


def test_negative_days_raise():
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(date(2025, 3, 13), -1)


def test_tet_2025_took_the_officially_announced_days():
    # 27-31/1/2025 off, Saturday 1/2 is no holiday, so no "nghỉ bù" on Monday 3/2.
    assert not CAL.is_working_day(date(2025, 1, 27))
    assert CAL.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)


def test_2026_new_year_swap_and_national_day_swap():
    assert CAL.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert CAL.is_working_day(date(2026, 1, 10))
    assert CAL.is_working_day(date(2026, 8, 22))
    # Friday 28/8/2026; 29-30 weekend, 31/8 (swapped), 1/9 and 2/9 off.
    assert CAL.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


def test_hung_kings_day_on_a_sunday_is_compensated_on_monday():
    # Giỗ Tổ 2026 is Sunday 26/4: Monday 27/4 off; then 30/4 and 1/5 (Thu, Fri).
    assert not CAL.is_working_day(date(2026, 4, 27))
    assert CAL.add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)
    assert CAL.add_working_days(date(2026, 4, 28), 2) == date(2026, 5, 4)


def test_next_working_day_is_strictly_after():
    assert CAL.next_working_day(date(2025, 3, 13)) == date(2025, 3, 14)
    assert CAL.next_working_day(date(2025, 3, 14)) == date(2025, 3, 17)


def test_working_days_between_is_zero_unless_end_is_later():
    assert CAL.working_days_between(date(2025, 3, 13), date(2025, 3, 13)) == 0
    assert CAL.working_days_between(date(2025, 3, 20), date(2025, 3, 13)) == 0
    assert CAL.working_days_between(date(2025, 3, 14), date(2025, 3, 17)) == 1


# --- properties ------------------------------------------------------------------------------

# Early enough that 60 working days or 120 calendar days later is still inside the table.
TABLE_DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 8, 31))


@given(start=TABLE_DATES, n=st.integers(min_value=0, max_value=60))
def test_working_days_between_undoes_add_working_days(start, n):
    assume(CAL.is_working_day(start))
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(start=TABLE_DATES, n=st.integers(min_value=1, max_value=60))
def test_deadline_is_the_nth_working_day_after_any_receipt_day(start, n):
    deadline = CAL.add_working_days(start, n)
    assert CAL.is_working_day(deadline)
    assert CAL.working_days_between(start, deadline) == n
    assert CAL.working_days_between(start, deadline - timedelta(days=1)) == n - 1


@given(start=TABLE_DATES, length=st.integers(min_value=0, max_value=120))
def test_working_days_between_counts_day_by_day(start, length):
    end = start + timedelta(days=length)
    by_day = sum(CAL.is_working_day(start + timedelta(days=i)) for i in range(1, length + 1))
    assert CAL.working_days_between(start, end) == by_day


# --- statutory holidays and the lunar tables -------------------------------------------------


def test_statutory_holidays_2026():
    assert vietnam_public_holidays([2026]) == {
        date(2026, 1, 1),
        *(date(2026, 2, day) for day in range(16, 21)),
        date(2026, 4, 26),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),
        date(2026, 9, 2),
    }


@pytest.mark.parametrize("year", range(2021, 2036))
def test_eleven_statutory_holidays_a_year_under_the_2019_labour_code(year):
    assert len(vietnam_public_holidays([year])) == 1 + 5 + 1 + 1 + 1 + 2


def test_2020_is_under_the_2012_code_with_one_national_day():
    assert len(vietnam_public_holidays([2020])) == 10
    assert date(2020, 9, 1) not in vietnam_public_holidays([2020])


@pytest.mark.parametrize(
    ("year", "adjacent"),
    [
        (2021, date(2021, 9, 3)),  # Thursday 2/9
        (2022, date(2022, 9, 1)),  # Friday
        (2023, date(2023, 9, 1)),  # Saturday
        (2024, date(2024, 9, 3)),  # Monday
        (2025, date(2025, 9, 1)),  # Tuesday
        (2026, date(2026, 9, 1)),  # Wednesday
    ],
)
def test_national_day_adjacent_day_as_the_government_chose_it(year, adjacent):
    assert adjacent in vietnam_public_holidays([year])


@pytest.mark.parametrize(
    ("table", "year", "expected"),
    [
        (LUNAR_NEW_YEAR, 2024, date(2024, 2, 10)),
        (LUNAR_NEW_YEAR, 2025, date(2025, 1, 29)),
        (LUNAR_NEW_YEAR, 2026, date(2026, 2, 17)),
        (LUNAR_NEW_YEAR, 2030, date(2030, 2, 2)),  # a day before the Chinese New Year
        (HUNG_KINGS_DAY, 2023, date(2023, 4, 29)),  # after a leap second month
        (HUNG_KINGS_DAY, 2024, date(2024, 4, 18)),
        (HUNG_KINGS_DAY, 2025, date(2025, 4, 7)),
        (HUNG_KINGS_DAY, 2026, date(2026, 4, 26)),
    ],
)
def test_known_lunar_dates(table, year, expected):
    assert table[year] == expected


def test_lunar_tables_are_shaped_like_lunar_years():
    assert set(LUNAR_NEW_YEAR) == set(HUNG_KINGS_DAY) == set(range(2020, 2036))
    for year, tet in LUNAR_NEW_YEAR.items():
        assert date(year, 1, 21) <= tet <= date(year, 2, 20)
        # Two or three lunar months of 29-30 days, then nine days.
        assert (HUNG_KINGS_DAY[year] - tet).days in {67, 68, 69, 96, 97, 98, 99}
        if year + 1 in LUNAR_NEW_YEAR:
            assert (LUNAR_NEW_YEAR[year + 1] - tet).days in {353, 354, 355, 383, 384, 385}


@pytest.mark.parametrize("year", [2019, 2036])
def test_years_outside_the_table_raise(year):
    with pytest.raises(ValueError, match=f"no lunar calendar data for {year}"):
        vietnam_public_holidays([year])
    with pytest.raises(ValueError, match=str(year)):
        vietnam_calendar([year])


def test_a_deadline_running_past_the_covered_years_raises():
    calendar = vietnam_calendar([2025])
    with pytest.raises(ValueError, match="no holiday list for 2026"):
        calendar.add_working_days(date(2025, 12, 29), 5)
    with pytest.raises(ValueError, match="no holiday list for 2026"):
        calendar.working_days_between(date(2025, 12, 1), date(2026, 1, 5))


# --- compensation and official schedules -----------------------------------------------------


def test_compensation_for_holidays_on_a_weekend_2022():
    # 1/1 Saturday, Giỗ Tổ 10/4 Sunday, 30/4 Saturday and 1/5 Sunday (checked against the
    # 2022 schedule published by the Vietnamese consulate in Fukuoka).
    assert compensatory_days(vietnam_public_holidays([2022])) == {
        date(2022, 1, 3),
        date(2022, 4, 11),
        date(2022, 5, 2),
        date(2022, 5, 3),
    }


def test_compensation_skips_holidays_already_off():
    # 2023: 1/9 Friday and 2/9 Saturday off, so Monday 4/9 is the day in lieu.
    assert date(2023, 9, 4) in compensatory_days(vietnam_public_holidays([2023]))
    calendar = vietnam_calendar([2023])
    assert calendar.add_working_days(date(2023, 8, 31), 1) == date(2023, 9, 5)


def test_official_schedule_can_be_left_out():
    statutory = vietnam_calendar([2025], official=False)
    assert statutory.is_working_day(date(2025, 1, 27))
    assert statutory.is_working_day(date(2025, 5, 2))
    assert not statutory.is_working_day(date(2025, 4, 26))
    assert not statutory.is_working_day(date(2025, 2, 3))  # in lieu of Saturday 1/2


def test_every_official_change_names_its_source_and_stays_in_its_year():
    for year, changes in OFFICIAL_ADJUSTMENTS.items():
        for change in changes:
            assert change.source
            days = change.add_holidays | change.remove_holidays | change.add_working_days
            assert {d.year for d in days} == {year}
            assert all(d.weekday() >= 5 for d in change.add_working_days)


# --- building calendars, as the Django side will ---------------------------------------------


def test_with_changes_adds_and_removes_days():
    monday, saturday = date(2025, 3, 17), date(2025, 3, 22)
    changed = PLAIN.with_changes(add_holidays=[monday], add_working_days=[saturday])
    assert not changed.is_working_day(monday)
    assert changed.is_working_day(saturday)
    restored = changed.with_changes(remove_holidays=[monday], remove_working_days=[saturday])
    assert restored == PLAIN


def test_with_changes_latest_decision_about_a_day_wins():
    day = date(2025, 5, 2)
    assert not CAL.is_working_day(day)
    assert CAL.with_changes(add_working_days=[day]).is_working_day(day)
    assert (
        not CAL.with_changes(add_working_days=[day])
        .with_changes(add_holidays=[day])
        .is_working_day(day)
    )
    with pytest.raises(ValueError, match="both a holiday and a working day"):
        CAL.with_changes(add_holidays=[day], add_working_days=[day])


def test_with_changes_keeps_weekend_and_covered_years():
    changed = CAL.with_changes(add_holidays=[date(2025, 3, 17)])
    assert changed.weekend == CAL.weekend
    assert changed.years == CAL.years


def test_calendar_accepts_any_iterable_and_compares_by_value():
    days = [date(2025, 3, 17)]
    # A list, as a queryset gives it; the fields are typed frozenset but any iterable is stored.
    assert WorkCalendar(days) == WorkCalendar(frozenset(days))  # type: ignore[arg-type]


def test_calendar_rejects_datetimes():
    with pytest.raises(TypeError, match=r"datetime\.date"):
        WorkCalendar(frozenset({datetime(2025, 3, 17, 9, 0)}))
    with pytest.raises(TypeError, match=r"datetime\.date"):
        PLAIN.is_working_day(datetime(2025, 3, 17, 9, 0))


def test_calendar_rejects_a_week_without_working_days():
    with pytest.raises(ValueError, match="weekend"):
        WorkCalendar(weekend=frozenset(range(7)))
    with pytest.raises(ValueError, match="weekend"):
        WorkCalendar(weekend=frozenset({7}))


def test_six_day_week():
    saturday_worked = WorkCalendar(weekend=frozenset({6}))
    assert saturday_worked.add_working_days(date(2025, 3, 14), 2) == date(2025, 3, 17)
    assert saturday_worked.working_days_between(date(2025, 3, 9), date(2025, 3, 16)) == 6
