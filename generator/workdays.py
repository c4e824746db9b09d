"""Working-day calendar: China's official holidays and make-up working days (调休).

Sources, in order of precedence: overrides from data/calendar.yaml, the chinese_calendar
package, and finally a Monday–Friday fallback for years neither knows (callers warn about
those via `fallback_years`). Pure apart from `today_shanghai`.
"""

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo

import chinese_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
Source = Literal["chinese_calendar", "override", "fallback"]


@dataclass(frozen=True)
class YearOverride:
    """One year from data/calendar.yaml."""

    year: int
    holidays: frozenset[date]  # days off (incl. weekend days inside the holiday)
    workdays: frozenset[date]  # make-up working days on weekends


class CalendarError(Exception):
    """Invalid calendar data; the message is in Chinese because editors read it."""


def _days_of_year(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range(366 if calendar.isleap(year) else 365)]


@cache
def _package_year(year: int) -> tuple[int, ...] | None:
    """Sorted working-day ordinals per chinese_calendar, or None if it doesn't know the year.

    chinese_calendar validates its range on every call and is slow per day, so each year is
    probed once and computed once.
    """
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return None
    return tuple(d.toordinal() for d in _days_of_year(year) if chinese_calendar.is_workday(d))


def _validate(o: YearOverride) -> None:
    # Report the earliest offending date so the message is deterministic.
    if both := sorted(set(o.holidays) & set(o.workdays)):
        raise CalendarError(f"{o.year} 年的日历补充自相矛盾：{both[0]} 同时列为放假日和调休上班日")
    if foreign := sorted(d for d in (*o.holidays, *o.workdays) if d.year != o.year):
        raise CalendarError(f"{o.year} 年的日历补充中，{foreign[0]} 不属于 {o.year} 年")
    if weekdays := sorted(d for d in o.workdays if d.weekday() < 5):
        raise CalendarError(
            f"{o.year} 年的日历补充中，调休上班日 {weekdays[0]} 是周一至周五，本来就是工作日，"
            "只有周末才能列为调休上班日"
        )


class WorkCalendar:
    """Answers working-day questions; each year is materialised once as sorted ordinals."""

    def __init__(self, overrides: Iterable[YearOverride] = ()) -> None:
        self._overrides: dict[int, YearOverride] = {}
        for o in overrides:
            if o.year in self._overrides:
                raise CalendarError(f"日历补充中 {o.year} 年出现了不止一次")
            _validate(o)
            self._overrides[o.year] = o
        self._years: dict[int, tuple[int, ...]] = {}

    def source(self, year: int) -> Source:
        if year in self._overrides:
            return "override"
        return "chinese_calendar" if _package_year(year) is not None else "fallback"

    def _workdays(self, year: int) -> tuple[int, ...]:
        """Sorted ordinals of the year's working days, built once per year."""
        if (days := self._years.get(year)) is None:
            o = self._overrides.get(year)
            days = _package_year(year) if o is None else None
            if days is None:  # override or fallback: Monday–Friday, adjusted by the override
                off, extra = (o.holidays, o.workdays) if o else (frozenset[date](),) * 2
                days = tuple(
                    d.toordinal()
                    for d in _days_of_year(year)
                    if (d.weekday() < 5 and d not in off) or d in extra
                )
            self._years[year] = days
        return days

    def is_workday(self, d: date) -> bool:
        days = self._workdays(d.year)
        i = bisect_left(days, d.toordinal())
        return i < len(days) and days[i] == d.toordinal()

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start not counted; n == 0 returns start)."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start
        year = start.year
        days = self._workdays(year)
        idx = bisect_right(days, start.toordinal()) + n - 1  # index of the answer in `days`
        while idx >= len(days):  # spill into following years, one bisect-free hop per year
            idx -= len(days)
            year += 1
            days = self._workdays(year)
        return date.fromordinal(days[idx])

    def workdays_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b; 0 if b <= a."""
        if b <= a:
            return 0
        total = 0  # one pair of bisects per calendar year spanned
        for year in range(a.year, b.year + 1):
            days = self._workdays(year)
            lo = bisect_right(days, a.toordinal()) if year == a.year else 0
            hi = bisect_right(days, b.toordinal()) if year == b.year else len(days)
            total += hi - lo
        return total

    def fallback_years(self, start: date, end: date) -> list[int]:
        """Years in [start.year, end.year] computed with the Monday–Friday fallback."""
        return [y for y in range(start.year, end.year + 1) if self.source(y) == "fallback"]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, n: int) -> date:
    """Same day n months later, clamped to that month's last day (Jan 31 + 1 → Feb 28/29)."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(year, month0 + 1, min(d.day, month_end(year, month0 + 1).day))


def _utc_now() -> datetime:
    # The package's only clock read; tests monkeypatch this.
    return datetime.now(UTC)


def today_shanghai() -> date:
    """Today's date in Asia/Shanghai, whatever the build machine's own timezone is."""
    return _utc_now().astimezone(SHANGHAI).date()
