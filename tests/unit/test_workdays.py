"""Working-day calendar around real Chinese holidays and make-up working days (调休).

Schedules used (State Council notices; chinese_calendar 1.11.0 agrees day for day):
* Spring Festival 2025: off Tue Jan 28 – Tue Feb 4; make-up workdays Sun Jan 26, Sat Feb 8.
* National Day + Mid-Autumn 2025: off Wed Oct 1 – Wed Oct 8; make-up Sun Sep 28, Sat Oct 11.
* New Year 2026: off Thu Jan 1 – Sat Jan 3; make-up Sun Jan 4.
* Spring Festival 2026 (as chinese_calendar 1.11.0 has it): off Sun Feb 15 – Mon Feb 23;
  make-up workdays Sat Feb 14 and Sat Feb 28.
* Mid-Autumn 2026: off Fri Sep 25 – Sun Sep 27.
* National Day 2026 (as chinese_calendar 1.11.0 has it): off Thu Oct 1 – Wed Oct 7;
  make-up workdays Sun Sep 20 and Sat Oct 10.
chinese_calendar 1.11.0 knows 2004–2026; later years use overrides or the Mon–Fri fallback.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest

from generator import workdays
from generator.workdays import (
    CalendarError,
    WorkCalendar,
    YearOverride,
    add_months,
    month_end,
    today_shanghai,
)

D = date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def override(year: int, holidays: list[date], make_up: list[date]) -> YearOverride:
    return YearOverride(year=year, holidays=frozenset(holidays), workdays=frozenset(make_up))


# A fictional 2030 Golden Week: Tue Oct 1 – Mon Oct 7 off, make-up Sun Sep 29 and Sat Oct 12.
GOLDEN_WEEK_2030 = override(
    2030, [D(2030, 10, 1) + timedelta(days=i) for i in range(7)], [D(2030, 9, 29), D(2030, 10, 12)]
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 1, 26), True),  # Sunday make-up workday before Spring Festival
        (D(2025, 1, 28), False),  # Spring Festival eve, first day off
        (D(2025, 2, 4), False),  # last day of Spring Festival holiday (a Tuesday)
        (D(2025, 2, 8), True),  # Saturday make-up workday
        (D(2025, 3, 8), False),  # ordinary Saturday
        (D(2025, 9, 28), True),  # Sunday make-up workday before National Day
        (D(2025, 10, 8), False),  # last day of National Day holiday (a Wednesday)
        (D(2025, 10, 11), True),  # Saturday make-up workday
        (D(2026, 1, 4), True),  # Sunday make-up after New Year 2026
        (D(2026, 2, 14), True),  # Saturday make-up before Spring Festival 2026
        (D(2026, 2, 23), False),  # Monday, last day of Spring Festival 2026
        (D(2026, 2, 28), True),  # Saturday make-up after Spring Festival 2026
        (D(2026, 9, 25), False),  # Mid-Autumn 2026 (a Friday)
        (D(2026, 10, 10), True),  # Saturday make-up after National Day 2026
    ],
)
def test_is_workday_follows_the_official_schedule(cal: WorkCalendar, day: date, expected: bool):
    assert cal.is_workday(day) is expected


def test_every_day_of_2025_and_2026_agrees_with_chinese_calendar(cal: WorkCalendar):
    day = D(2025, 1, 1)
    while day.year <= 2026:
        assert cal.is_workday(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        (D(2025, 3, 7), 1, D(2025, 3, 10), "ordinary Friday: next Monday"),
        (D(2025, 3, 7), 10, D(2025, 3, 21), "ordinary Friday: two weeks later"),
        (D(2025, 1, 24), 1, D(2025, 1, 26), "Friday before Spring Festival: the make-up Sunday"),
        (D(2025, 1, 27), 1, D(2025, 2, 5), "day before the holiday: first day after it"),
        (D(2025, 1, 27), 4, D(2025, 2, 8), "lands on the make-up Saturday"),
        (D(2025, 1, 27), 5, D(2025, 2, 10), "crosses the make-up Saturday"),
        (D(2025, 1, 30), 1, D(2025, 2, 5), "submitted on a holiday: counts from next workday"),
        (D(2025, 1, 30), 5, D(2025, 2, 10), "submitted on a holiday, five workdays"),
        (D(2025, 10, 9), 2, D(2025, 10, 11), "make-up Saturday counts as a workday"),
        (D(2025, 10, 10), 2, D(2025, 10, 13), "span crossing the make-up Saturday"),
        (D(2025, 9, 26), 10, D(2025, 10, 16), "signed the Friday before National Day 2025"),
        (D(2025, 9, 30), 10, D(2025, 10, 21), "signed the day before National Day 2025"),
        (D(2025, 10, 3), 10, D(2025, 10, 21), "signed during the holiday: same as Sep 30"),
        (D(2025, 12, 31), 1, D(2026, 1, 4), "across New Year into the make-up Sunday"),
        (D(2026, 2, 13), 1, D(2026, 2, 14), "Friday before Spring Festival 2026: make-up Sat"),
        (D(2026, 2, 13), 2, D(2026, 2, 24), "then straight past the nine-day holiday"),
        (D(2026, 2, 18), 5, D(2026, 2, 28), "holiday submission ending on the make-up Saturday"),
        (D(2026, 9, 18), 1, D(2026, 9, 20), "Friday before the make-up Sunday of 2026"),
        (D(2026, 9, 18), 6, D(2026, 9, 28), "skips Mid-Autumn 2026"),
        (D(2026, 9, 30), 10, D(2026, 10, 20), "signed the day before National Day 2026"),
        (D(2026, 12, 31), 1, D(2027, 1, 1), "into 2027, which only the fallback serves"),
    ],
)
def test_add_workdays_counts_working_days_after_the_start(
    cal: WorkCalendar, start: date, n: int, expected: date, why: str
):
    assert cal.add_workdays(start, n) == expected, why


def test_add_workdays_with_zero_returns_the_start_even_on_a_holiday(cal: WorkCalendar):
    assert cal.add_workdays(D(2025, 10, 1), 0) == D(2025, 10, 1)


def test_add_workdays_rejects_a_negative_count(cal: WorkCalendar):
    with pytest.raises(ValueError):
        cal.add_workdays(D(2025, 10, 1), -1)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2025, 1, 27), D(2025, 2, 5), 1),  # the whole Spring Festival holiday counts nothing
        (D(2025, 1, 24), D(2025, 2, 10), 7),  # Jan 26, 27, Feb 5, 6, 7, 8 (Sat), 10
        (D(2025, 9, 30), D(2025, 10, 9), 1),
        (D(2025, 10, 8), D(2025, 10, 15), 6),  # overdue by Oct 9, 10, 11 (Sat), 13, 14, 15
        (D(2025, 12, 31), D(2026, 1, 5), 2),  # Sun Jan 4 (make-up) and Mon Jan 5
        (D(2026, 2, 13), D(2026, 2, 28), 6),  # Feb 14, 24, 25, 26, 27, 28
        (D(2025, 10, 15), D(2025, 10, 15), 0),  # same day
        (D(2025, 10, 15), D(2025, 10, 1), 0),  # b before a
    ],
)
def test_workdays_between_counts_days_after_a_up_to_and_including_b(
    cal: WorkCalendar, a: date, b: date, expected: int
):
    assert cal.workdays_between(a, b) == expected


@pytest.mark.parametrize("start", [D(2025, 1, 24), D(2025, 9, 27), D(2026, 2, 15), D(2026, 11, 2)])
@pytest.mark.parametrize("n", [1, 3, 10, 30, 250, 1500])
def test_workdays_between_inverts_add_workdays_even_across_fallback_years(
    cal: WorkCalendar, start: date, n: int
):
    deadline = cal.add_workdays(start, n)
    assert cal.is_workday(deadline)
    assert cal.workdays_between(start, deadline) == n
    assert cal.workdays_between(start, deadline - timedelta(days=1)) == n - 1


def test_add_workdays_matches_a_naive_day_by_day_count(cal: WorkCalendar):
    start = D(2025, 1, 1)
    for offset in range(0, 700, 7):
        day, n = start + timedelta(days=offset), 1 + offset % 23
        expected, left = day, n
        while left:
            expected += timedelta(days=1)
            left -= chinese_calendar.is_workday(expected)
        assert cal.add_workdays(day, n) == expected, (day, n)


def test_the_package_serves_the_years_it_knows(cal: WorkCalendar):
    assert cal.source(2025) == "chinese_calendar"
    assert cal.source(2026) == "chinese_calendar"


def test_a_year_beyond_the_package_uses_the_monday_to_friday_fallback(cal: WorkCalendar):
    assert cal.source(2031) == "fallback"
    assert cal.is_workday(D(2031, 1, 1))  # Wednesday; the fallback knows no New Year holiday
    assert not cal.is_workday(D(2031, 1, 4))  # Saturday
    assert cal.add_workdays(D(2031, 1, 3), 1) == D(2031, 1, 6)  # Friday -> Monday
    assert cal.add_workdays(D(2031, 1, 3), 10) == D(2031, 1, 17)
    assert cal.workdays_between(D(2031, 1, 3), D(2031, 1, 17)) == 10


def test_fallback_years_reports_every_year_neither_source_knows():
    cal = WorkCalendar([GOLDEN_WEEK_2030])
    assert cal.fallback_years(D(2025, 6, 1), D(2031, 3, 1)) == [2027, 2028, 2029, 2031]
    assert cal.fallback_years(D(2025, 1, 1), D(2026, 12, 31)) == []


def test_an_override_year_replaces_the_fallback():
    cal = WorkCalendar([GOLDEN_WEEK_2030])
    assert cal.source(2030) == "override"
    assert not cal.is_workday(D(2030, 10, 1))
    assert cal.is_workday(D(2030, 9, 29))  # make-up Sunday
    assert cal.add_workdays(D(2030, 9, 27), 1) == D(2030, 9, 29)
    # Oct 8, 9, 10, 11, 12 (make-up Sat), 14, 15, 16, 17, 18
    assert cal.add_workdays(D(2030, 9, 30), 10) == D(2030, 10, 18)


def test_an_override_wins_over_the_package_for_the_same_year():
    # Fictional: 2026 with only National Day; Spring Festival days become plain weekdays.
    cal = WorkCalendar([override(2026, [D(2026, 10, 1), D(2026, 10, 2)], [D(2026, 10, 10)])])
    assert cal.source(2026) == "override"
    assert cal.is_workday(D(2026, 2, 16))  # a package holiday, but not in the override
    assert not cal.is_workday(D(2026, 2, 14))  # the package's make-up Saturday is gone
    assert not cal.is_workday(D(2026, 10, 2))
    assert WorkCalendar().is_workday(D(2026, 2, 14))  # other calendars are unaffected


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            [override(2027, [D(2027, 2, 6)], [D(2027, 2, 6)])],
            "2027 年的日历补充自相矛盾：2027-02-06 同时列为放假日和调休上班日",
        ),
        ([override(2027, [D(2028, 1, 1)], [])], "2027 年的日历补充中，2028-01-01 不属于 2027 年"),
        ([override(2027, [], [D(2026, 12, 26)])], "2026-12-26 不属于 2027 年"),
        ([override(2027, [], []), override(2027, [], [])], "日历补充中 2027 年出现了不止一次"),
        ([override(2027, [], [D(2027, 2, 8)])], "调休上班日 2027-02-08 是周一至周五"),
    ],
)
def test_contradictory_overrides_raise_a_calendar_error_in_chinese(
    overrides: list[YearOverride], message: str
):
    with pytest.raises(CalendarError, match=re.escape(message)):
        WorkCalendar(overrides)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),  # into the next year
        (D(2026, 1, 15), 12, D(2027, 1, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 5, 20), 0, D(2026, 5, 20)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_month_end(day: date, n: int, expected: date):
    assert add_months(day, n) == expected


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2026, 2, D(2026, 2, 28)), (2028, 2, D(2028, 2, 29)), (2026, 12, D(2026, 12, 31))],
)
def test_month_end_is_the_last_day_of_the_month(year: int, month: int, expected: date):
    assert month_end(year, month) == expected


@pytest.mark.parametrize(
    ("utc_instant", "expected"),
    [
        (datetime(2026, 11, 25, 17, 30, tzinfo=UTC), D(2026, 11, 26)),  # already tomorrow
        (datetime(2026, 11, 25, 15, 59, tzinfo=UTC), D(2026, 11, 25)),  # 23:59 in Shanghai
        (datetime(2026, 12, 31, 16, 0, tzinfo=UTC), D(2027, 1, 1)),  # midnight, new year
    ],
)
def test_today_shanghai_returns_the_date_in_shanghai_not_utc(
    monkeypatch: pytest.MonkeyPatch, utc_instant: datetime, expected: date
):
    monkeypatch.setattr(workdays, "_utc_now", lambda: utc_instant)
    assert today_shanghai() == expected
