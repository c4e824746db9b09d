"""The clock of one approval: the county's committed limit and the pauses that stop it.

The measures' annex 2 (审批事项及时限) was not published, so every limit the portal applies
is the county's own commitment or a sample value (DESIGN 4b): ``committed_limit`` says which.
The clock stands while the law lets it (《行政许可法》第三十二条、第四十五条: supplementing
materials, hearings, tendering, inspection, appraisal, expert review) or the applicant holds it
up; paused working days are shown, not counted, so the deadline moves out by as many.

Pure: (catalogue item, approval entry, calendar, as_of) -> numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..workdays import WorkCalendar
from .facts import Deadline, Source
from .rulebook import county_source

PAUSE_REASONS = {
    "supplement": "补正材料", "hearing": "听证", "tender_auction": "招标拍卖", "inspection": "检验检测",
    "appraisal": "鉴定", "expert_review": "专家评审", "applicant": "企业原因", "other": "其他",
}
ONE_DAY = dt.timedelta(days=1)


def committed_limit(item: dict[str, Any], documents: Mapping[str, Mapping[str, Any]]
                    ) -> tuple[int | None, Source | None]:
    """The working-day limit the county committed to, and where that number comes from: a
    county document registered in rules.yaml ``documents`` (by id), or a sample value."""
    limit = item.get("committed_limit")
    if not isinstance(limit, dict) or not isinstance(limit.get("value"), int):
        return None, None
    if limit.get("source") == "county":
        return limit["value"], county_source(limit.get("document"), documents, limit.get("note"))
    return limit["value"], Source("sample", note=limit.get("note"))


@dataclass(frozen=True)
class Pause:
    """One period the clock stood still: ``start`` to ``end`` inclusive, ``end`` None while open."""

    start: dt.date
    end: dt.date | None
    reason: str
    note: str = ""

    @property
    def reason_name(self) -> str:
        return PAUSE_REASONS.get(self.reason, self.reason)

    def workdays(self, calendar: WorkCalendar, as_of: dt.date, after: dt.date) -> int:
        """Working days paused after ``after`` (the submission day), up to ``as_of`` while open."""
        first = max(self.start, after + ONE_DAY)
        return calendar.workdays_between(first - ONE_DAY, self.end or as_of)


def pauses_of(entry: dict[str, Any]) -> list[Pause]:
    """The entry's pauses in date order; entries without a valid start are skipped (the
    validator reports them)."""
    out = []
    for p in entry.get("pauses") or []:
        start, end = _day(p.get("from")), _day(p.get("to"))
        if start is not None:
            out.append(Pause(start, end, str(p.get("reason", "")), str(p.get("note") or "")))
    return sorted(out, key=lambda p: p.start)


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ApprovalClock:
    deadline: dt.date | None
    paused_workdays: int = 0          # working days that did not count toward the limit
    paused_since: dt.date | None = None   # an open pause that stops the clock on as_of
    counted: tuple[int | None, ...] = ()  # per pause: working days counted, None: not counted


def approval_clock(calendar: WorkCalendar, submitted: dt.date | None, limit: int | None,
                   pauses: list[Pause], as_of: dt.date) -> ApprovalClock:
    """The deadline once paused working days are added back.

    A pause counts only when it starts on or before the deadline as it stands: a pause that
    begins after the deadline has passed cannot undo the lateness. An open pause counts up to
    ``as_of``, so the deadline shown is the one that holds if the clock resumes today.
    """
    if submitted is None or not limit:
        return ApprovalClock(None)
    due = calendar.add_workdays(submitted, limit)
    paused, since = 0, None
    counted: list[int | None] = []
    for p in pauses:
        if p.start > due:
            counted.append(None)
            continue
        days = p.workdays(calendar, as_of, submitted)
        counted.append(days)
        paused += days
        due = calendar.add_workdays(due, days)
        if p.end is None and p.start <= as_of:
            since = p.start
    return ApprovalClock(due, paused, since, tuple(counted))


LimitCheck = Literal["over", "may_exceed"]


def min_calendar_days(workdays: int) -> int:
    """The calendar days ``workdays`` working days take at the least with ordinary weekends:
    five working days a week, two weekend days between full weeks. Holidays lengthen the
    span; a span that ends on a make-up working day (调休) before a holiday can be a day or
    two shorter, which is why a doubt found with this count is only a warning."""
    return workdays + 2 * ((workdays - 1) // 5)


def check_limits(committed: int, statutory: int, unit: str) -> LimitCheck | None:
    """A committed limit (working days) against the statutory one (日 or 工作日).

    ``over``: certainly longer, since every working day is also a calendar day;
    ``may_exceed``: in 日, longer once ordinary weekends are counted.
    """
    if committed > statutory:
        return "over"
    if unit == "日" and min_calendar_days(committed) > statutory:
        return "may_exceed"
    return None


def is_paused(d: Deadline) -> bool:
    """An approval whose clock stands on ``as_of`` (an open pause): not counted as late."""
    return bool(d.extra.get("paused_since")) if d.kind == "approval" and d.extra else False
