"""Working days under Vietnamese public holidays, for deadlines ("thời hạn ... ngày làm việc").

Pure module: standard library only, no Django. Three layers, each replaceable:

1. ``vietnam_public_holidays(years)``: the statutory days of Article 112(1) of the Labour Code
   2019 (Bộ luật Lao động số 45/2019/QH14, in force 1 January 2021).
2. ``compensatory_days(...)``: Article 111(3): when a weekly rest day coincides with one of
   those holidays, the worker rests instead on the next working day ("nghỉ bù").
3. ``OFFICIAL_ADJUSTMENTS``: the schedule the Government announces each year for cán bộ,
   công chức, viên chức (the processing units' staff): which days Tết really takes, and
   working days swapped with weekend days ("hoán đổi", "làm bù").

``vietnam_calendar(years)`` combines the three into a ``WorkCalendar``. The Django side keeps
the admins' per-year corrections in a table and layers them on top with
``WorkCalendar.with_changes(add_holidays=..., remove_holidays=..., add_working_days=...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType

MONDAY, THURSDAY, SATURDAY, SUNDAY = 0, 3, 5, 6
DEFAULT_WEEKEND: frozenset[int] = frozenset({SATURDAY, SUNDAY})
_DAY = timedelta(days=1)


def _dates(values: Iterable[date], name: str) -> frozenset[date]:
    result = frozenset(values)
    for value in result:
        # A datetime never equals a date, so one in a set of dates would silently never match.
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"{name} must hold datetime.date values, not {value!r}")
    return result


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are worked.

    A day is a working day when it is not one of ``holidays`` and either its weekday is not in
    ``weekend`` (0 = Monday … 6 = Sunday) or it is one of ``extra_working_days`` (a weekend day
    worked as compensation, "ngày làm bù"). No day may be both a holiday and an extra working
    day. ``years``, when given, are the years the holiday list is known for: asking about a day
    outside them raises ValueError rather than quietly counting an unknown holiday as worked.
    """

    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    weekend: frozenset[int] = DEFAULT_WEEKEND
    years: frozenset[int] | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        # Accept any iterable (a list from a queryset, a set) and store it frozen.
        object.__setattr__(self, "holidays", _dates(self.holidays, "holidays"))
        extra = _dates(self.extra_working_days, "extra_working_days")
        object.__setattr__(self, "extra_working_days", extra)
        object.__setattr__(self, "weekend", frozenset(self.weekend))
        if self.years is not None:
            object.__setattr__(self, "years", frozenset(self.years))
        if not self.weekend < frozenset(range(7)):
            raise ValueError(f"weekend must be weekdays 0-6 leaving one worked: {self.weekend}")
        both = self.holidays & self.extra_working_days
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"days cannot be both a holiday and a working day: {listed}")

    def is_working_day(self, d: date) -> bool:
        self._check(d)
        if d in self.holidays:
            return False
        return d.weekday() not in self.weekend or d in self.extra_working_days

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        self._check(d)
        d += _DAY
        while not self.is_working_day(d):
            d += _DAY
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The deadline ``n`` working days after receipt on ``start``.

        The day of receipt does not count: the first working day after ``start`` is day 1, also
        when ``start`` is itself a weekend day or a holiday (received on Sunday, 1 working day
        is Monday). ``n == 0`` is the day itself if it is worked, else the next working day.
        Callers whose rule is "received on a day off counts as received on the next working
        day, which then does not count" pass ``add_working_days(start, 0)`` as the start.
        """
        if n < 0:
            raise ValueError(f"a number of working days cannot be negative: {n}")
        if n == 0:
            return start if self.is_working_day(start) else self.next_working_day(start)
        d = start
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days in (start, end]; 0 when ``end <= start``."""
        self._check(start)
        self._check(end)
        if end <= start:
            return 0
        self._check_years(start.year, end.year)
        weeks, rest = divmod((end - start).days, 7)
        count = weeks * (7 - len(self.weekend))
        count += sum((end - i * _DAY).weekday() not in self.weekend for i in range(rest))
        # Holidays on weekdays and worked weekend days are few: correct for each one in range.
        count -= sum(start < d <= end and d.weekday() not in self.weekend for d in self.holidays)
        extra = self.extra_working_days
        count += sum(start < d <= end and d.weekday() in self.weekend for d in extra)
        return count

    def with_changes(
        self,
        *,
        add_holidays: Iterable[date] = (),
        remove_holidays: Iterable[date] = (),
        add_working_days: Iterable[date] = (),
        remove_working_days: Iterable[date] = (),
    ) -> WorkCalendar:
        """A copy with some days changed, e.g. from the admins' per-year table.

        Removals apply first, then additions. Adding a day as a holiday takes it out of the
        extra working days and the other way round, so the latest decision about a day wins;
        adding the same day both ways raises ValueError. Compensatory days are not derived
        here: a table that adds a holiday on a Saturday adds its "nghỉ bù" day too.
        """
        added_off = _dates(add_holidays, "add_holidays")
        added_on = _dates(add_working_days, "add_working_days")
        holidays = self.holidays - _dates(remove_holidays, "remove_holidays") - added_on
        worked = self.extra_working_days - _dates(remove_working_days, "remove_working_days")
        return WorkCalendar(
            holidays | added_off,
            (worked - added_off) | added_on,
            self.weekend,
            years=self.years,
        )

    def _check(self, d: date) -> None:
        if isinstance(d, datetime) or not isinstance(d, date):
            raise TypeError(f"expected a datetime.date, got {d!r}")
        self._check_years(d.year, d.year)

    def _check_years(self, first: int, last: int) -> None:
        if self.years is None:
            return
        missing = [y for y in range(first, last + 1) if y not in self.years]
        if missing:
            known = ", ".join(str(y) for y in sorted(self.years))
            raise ValueError(
                f"this calendar has no holiday list for {missing[0]} (it covers {known})"
            )


def compensatory_days(
    holidays: Iterable[date], weekend: frozenset[int] = DEFAULT_WEEKEND
) -> frozenset[date]:
    """The "nghỉ bù" days of Labour Code 2019 Art. 111(3) for holidays on weekly rest days.

    Each holiday on a weekend day gives the next day that is neither a weekend day, a holiday
    nor already a compensatory day: 2/9/2023 (Saturday, with 1/9 Friday off) gives Monday 4/9;
    30/4 and 1/5/2022 (Saturday, Sunday) give Monday 2/5 and Tuesday 3/5.
    """
    off = _dates(holidays, "holidays")
    taken: set[date] = set()
    for holiday in sorted(d for d in off if d.weekday() in weekend):
        d = holiday + _DAY
        while d.weekday() in weekend or d in off or d in taken:
            d += _DAY
        taken.add(d)
    return frozenset(taken)


# Gregorian date of mùng 1 Tết (1st day of the 1st lunar month) and of Giỗ Tổ Hùng Vương
# (10th day of the 3rd lunar month) in the Vietnamese lunar calendar, which is reckoned at
# UTC+7 and so occasionally differs from the Chinese one (2030: 2 Feb in Việt Nam, 3 Feb in
# China). Computed with Hồ Ngọc Đức's algorithm for UTC+7
# (https://www.informatik.uni-leipzig.de/~duc/amlich/) and checked against the tables of the
# python-holidays project (vacanza/holidays, holidays/calendars/chinese.py, with its Vietnamese
# overrides: 2030 = 2 Feb, none else in 2020-2035) and the press: Tết 2026 on 17/2 (Bộ Nội vụ
# notice 9441/TB-BNV: 16/2/2026 is 29 tháng Chạp, 20/2 mùng 4), Giỗ Tổ 7/4/2025 (thoidai.com.vn)
# and 26/4/2026 (thanhnien.vn, 23/2/2026).
LUNAR_NEW_YEAR: Mapping[int, date] = MappingProxyType(
    {
        2020: date(2020, 1, 25),
        2021: date(2021, 2, 12),
        2022: date(2022, 2, 1),
        2023: date(2023, 1, 22),
        2024: date(2024, 2, 10),
        2025: date(2025, 1, 29),
        2026: date(2026, 2, 17),
        2027: date(2027, 2, 6),
        2028: date(2028, 1, 26),
        2029: date(2029, 2, 13),
        2030: date(2030, 2, 2),
        2031: date(2031, 1, 23),
        2032: date(2032, 2, 11),
        2033: date(2033, 1, 31),
        2034: date(2034, 2, 19),
        2035: date(2035, 2, 8),
    }
)

HUNG_KINGS_DAY: Mapping[int, date] = MappingProxyType(
    {
        2020: date(2020, 4, 2),
        2021: date(2021, 4, 21),
        2022: date(2022, 4, 10),
        2023: date(2023, 4, 29),
        2024: date(2024, 4, 18),
        2025: date(2025, 4, 7),
        2026: date(2026, 4, 26),
        2027: date(2027, 4, 16),
        2028: date(2028, 4, 4),
        2029: date(2029, 4, 23),
        2030: date(2030, 4, 12),
        2031: date(2031, 4, 1),
        2032: date(2032, 4, 19),
        2033: date(2033, 4, 9),
        2034: date(2034, 4, 28),
        2035: date(2035, 4, 17),
    }
)

LABOUR_CODE_2019_FROM = 2021


def vietnam_public_holidays(years: Iterable[int]) -> frozenset[date]:
    """The statutory public holidays ("ngày nghỉ lễ, tết") of the given years.

    Labour Code 2019 Art. 112(1), 11 days: Tết Dương lịch 1/1; Tết Âm lịch 5 days; Ngày Chiến
    thắng 30/4; Quốc tế Lao động 1/5; Quốc khánh 2/9 and one adjacent day; Giỗ Tổ Hùng Vương
    10/3 âm lịch. That is the law as it stands: the Politburo chose 24/11 as Vietnamese Culture
    Day to become a paid holiday, and Government Resolution 30/NQ-CP asks for Art. 112(1) to be
    amended accordingly (VnEconomy, 26/2/2026), but no amendment had been passed in the sources
    read, so 24/11 is not here; when it is law, add it (or add it per year with with_changes).
    2020 is under the Labour Code 2012 (Art. 115), whose Quốc khánh was 2/9 alone: 10 days.

    Art. 112(3) lets the Prime Minister fix the Tết and Quốc khánh days each year; the default
    here is the last day of the lunar year and mùng 1-4 (as in 2022 and 2026), and the adjacent
    day chosen as described in ``_national_day_adjacent``. Years announced otherwise are
    corrected by ``OFFICIAL_ADJUSTMENTS`` in ``vietnam_calendar``.
    """
    result: set[date] = set()
    for year in years:
        result.update(_statutory_days(year))
    return frozenset(result)


def _statutory_days(year: int) -> list[date]:
    if year not in LUNAR_NEW_YEAR or year not in HUNG_KINGS_DAY:
        first, last = min(LUNAR_NEW_YEAR), max(LUNAR_NEW_YEAR)
        raise ValueError(
            f"no lunar calendar data for {year}: Vietnamese public holidays are known for "
            f"{first}-{last}; extend LUNAR_NEW_YEAR and HUNG_KINGS_DAY in "
            "sangkien.core.workdays"
        )
    tet = LUNAR_NEW_YEAR[year]
    days = [date(year, 1, 1), HUNG_KINGS_DAY[year], date(year, 4, 30), date(year, 5, 1)]
    days += [tet + offset * _DAY for offset in range(-1, 4)]
    days.append(date(year, 9, 2))
    if year >= LABOUR_CODE_2019_FROM:
        days.append(_national_day_adjacent(year))
    return days


def _national_day_adjacent(year: int) -> date:
    """The day next to 2/9 that Quốc khánh takes (Art. 112(1)(đ): "trước hoặc sau").

    The Government has picked the one that joins the holiday to a weekend, and 1/9 otherwise:
    3/9 when 2/9 is a Thursday (2021) or a Monday (2024, as 1/9 was a Sunday); 1/9 when it is
    a Friday (2022), Saturday (2023), Tuesday (2025) or Wednesday (2026, notice 9441/TB-BNV).
    A Sunday 2/9 (2029, 2035) has not happened since 2021; 3/9 is assumed, and either choice
    leaves the same working days once Art. 111(3) compensation is applied.
    """
    national_day = date(year, 9, 2)
    if national_day.weekday() in {MONDAY, THURSDAY, SUNDAY}:
        return national_day + _DAY
    return national_day - _DAY


@dataclass(frozen=True)
class HolidayChange:
    """One official announcement changing a year's days off for the public sector."""

    source: str
    add_holidays: frozenset[date] = frozenset()
    remove_holidays: frozenset[date] = frozenset()
    add_working_days: frozenset[date] = frozenset()


# Officially announced schedules for cán bộ, công chức, viên chức that differ from the
# statutory days (a weekday swapped with a Saturday, Tết days moved). Only what a source read
# confirms; years not listed get the statutory days and Art. 111(3) compensation, which matches
# 2022 but not Tết 2023 (officially 20-26/1/2023); years before 2025 were not researched.
OFFICIAL_ADJUSTMENTS: Mapping[int, tuple[HolidayChange, ...]] = MappingProxyType(
    {
        2025: (
            HolidayChange(
                source=(
                    "Tết Ất Tỵ 27-31/1/2025 (28 tháng Chạp to mùng 3), so 25/1-2/2 off: "
                    "VPCP 8726/VPCP-KGVX of 26/11/2024 (en.sggp.org.vn, 27/11/2024)"
                ),
                add_holidays=frozenset({date(2025, 1, 27)}),
                remove_holidays=frozenset({date(2025, 2, 1)}),
            ),
            HolidayChange(
                source=(
                    "30/4-1/5/2025: Friday 2/5 swapped with Saturday 26/4, so 30/4-4/5 off "
                    "(thoidai.com.vn; AEON Mall Tân Phú Celadon notice of 8/4/2025)"
                ),
                add_holidays=frozenset({date(2025, 5, 2)}),
                add_working_days=frozenset({date(2025, 4, 26)}),
            ),
        ),
        2026: (
            HolidayChange(
                source=(
                    "Tết Dương lịch 2026: Friday 2/1 swapped with Saturday 10/1, so 1-4/1 off: "
                    "VPCP 12729/VPCP-KGVX of 25/12/2025 (24h.com.vn, 26/12/2025)"
                ),
                add_holidays=frozenset({date(2026, 1, 2)}),
                add_working_days=frozenset({date(2026, 1, 10)}),
            ),
            HolidayChange(
                source=(
                    "Quốc khánh 2026 on 1-2/9; Monday 31/8 swapped with Saturday 22/8, so "
                    "29/8-2/9 off: Bộ Nội vụ notice 9441/TB-BNV of 16/10/2025 (vietnamnews.vn, "
                    "17/10/2025). Its Tết 16-20/2/2026 is the statutory default."
                ),
                add_holidays=frozenset({date(2026, 8, 31)}),
                add_working_days=frozenset({date(2026, 8, 22)}),
            ),
        ),
    }
)


def vietnam_calendar(
    years: Iterable[int],
    *,
    weekend: frozenset[int] = DEFAULT_WEEKEND,
    official: bool = True,
) -> WorkCalendar:
    """The public sector's working days for ``years``.

    Statutory holidays, then the official schedule of each year (``official=False`` skips it,
    e.g. for an employer that keeps the statutory days), then Art. 111(3) compensatory days.
    The calendar covers exactly ``years``; a date outside them raises ValueError.
    """
    covered = frozenset(years)
    holidays = set(vietnam_public_holidays(covered))
    worked: set[date] = set()
    changes = [c for y in sorted(covered) for c in OFFICIAL_ADJUSTMENTS.get(y, ())]
    for change in changes if official else []:
        holidays -= change.remove_holidays
        holidays |= change.add_holidays
        worked |= change.add_working_days
    holidays |= compensatory_days(holidays, weekend)
    return WorkCalendar(frozenset(holidays), frozenset(worked), weekend, years=covered)
