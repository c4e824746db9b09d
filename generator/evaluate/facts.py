"""Facts: what evaluation computes from the records for one ``as_of`` date.

Plain frozen dataclasses, so render, check and export all read the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..sharing import share_fields

Status = Literal["pending", "due_soon", "overdue", "done_on_time", "done_late"]
STATUSES: tuple[Status, ...] = ("pending", "due_soon", "overdue", "done_on_time", "done_late")
STATUS_NAMES = {"pending": "未到期", "due_soon": "即将到期", "overdue": "已逾期",
                "done_on_time": "按时办结", "done_late": "逾期办结"}
# Three colours of the measures' ledger: red overdue, yellow due soon, green otherwise.
STATUS_COLOURS = {"pending": "green", "due_soon": "yellow", "overdue": "red",
                  "done_on_time": "green", "done_late": "red"}
KIND_NAMES = {
    "approval": "审批事项", "signing": "协议签订", "registration": "签约后登记",
    "review_opinion": "会审预审意见", "monthly_report": "月度报送", "problem": "问题解决",
    "notice": "督办反馈", "leader_briefing": "包联领导听取汇报",
    "leader_visit": "包联领导现场调研", "meeting": "项目调度会",
    "rules_expiry": "规则有效期",
}


SourceKind = Literal["measures", "county", "sample"]
SOURCE_KIND_NAMES = {"measures": "《办法》", "county": "本县细则", "sample": "示例值"}
CHINESE_NUMERALS = "〇一二三四五六七八九"


def article_name(article: int) -> str:
    """7 -> "第七条", 17 -> "第十七条", 20 -> "第二十条" (the measures have 20 articles)."""
    tens, ones = divmod(article, 10)
    text = ("" if tens <= 1 else CHINESE_NUMERALS[tens]) + ("十" if tens else "") + (
        CHINESE_NUMERALS[ones] if ones or not tens else "")
    return f"第{text}条"


@dataclass(frozen=True)
class Source:
    """Where a number the portal applies comes from (DESIGN 4b): the measures' article, the
    county's own detail rule (细则, with its document number and date), or a sample placeholder.
    A finding that rests on a ``sample`` number is a warning, never a CI error."""

    kind: SourceKind
    article: int | None = None     # measures: the article that fixes the number
    document: str | None = None    # county: document number (文号) or title
    date: str | None = None        # county: date the document was adopted
    note: str | None = None

    @property
    def label(self) -> str:
        if self.kind == "measures":
            return f"《办法》{article_name(self.article)}" if self.article else "《办法》"
        if self.kind == "county":
            detail = "，".join(x for x in (self.document, self.date) if x)
            return f"本县细则（{detail}）" if detail else "本县细则"
        return "示例值（待县里确定）"


_NO_EXTRA: Mapping[str, Any] = {}


@dataclass(frozen=True, slots=True)
class Deadline:
    """One timed obligation of the measures and how it stands on ``as_of``.

    In slots, without a dictionary each: the deadlines of 4,000 demo projects took 41.0 MiB
    instead of 50.8 (traced when the downloads' child is forked, which copies what it reads;
    2026-12-04)."""

    kind: str                      # approval, signing, registration, monthly_report, ...
    ref: str                       # which one: approval item id, "company", "2026-09" ...
    label: str                     # Chinese label for people
    deadline: dt.date | None       # None when the clock has not started (not submitted)
    status: Status
    overdue_workdays: int = 0
    start: dt.date | None = None
    completed: dt.date | None = None
    reason: str | None = None      # written explanation of a delay, if any
    project: str | None = None
    unit: str | None = None        # unit responsible for meeting the deadline
    key_path: tuple[str | int, ...] = ()   # where the entry sits in its file
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)  # never changed
    source: Source | None = None   # where the time limit behind ``deadline`` comes from
    rule_set: str | None = None    # id of the rule set in force when the clock started
    judged: bool = True            # False: the clock started before the measures took effect
    paused_workdays: int = 0       # working days the clock stood still (pauses), not counted

    def __post_init__(self) -> None:
        # Repeated over tens of thousands of deadlines (``sharing``); the empty ``extra`` of
        # most is one and the same: nothing ever changes an ``extra``.
        share_fields(self, "ref", "label", "key_path", "deadline", "start", "completed")
        if not self.extra:
            object.__setattr__(self, "extra", _NO_EXTRA)

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def late(self) -> bool:
        return self.status in ("overdue", "done_late")

    @property
    def unexplained(self) -> bool:
        """An overdue or late entry nobody explained: what `portal check` rejects."""
        return self.judged and self.late and not self.reason

    @property
    def severity(self) -> str:
        """"warning" when the limit is only a sample placeholder: never a CI error."""
        return "warning" if self.source is not None and self.source.kind == "sample" else "error"


def status_name(d: Deadline) -> str:
    """The status in words: 办法施行前 for an entry the measures do not judge (its clock started
    before they took effect), 未召开 for a month that ended without its dispatch meeting,
    暂停计时 for an approval whose clock a pause holds, 逾期填报 for a monthly report filed
    after its due date."""
    if not d.judged:
        return "办法施行前"
    if d.kind == "meeting" and d.status == "overdue":
        return "未召开"
    if d.extra.get("paused_since"):
        return "暂停计时"
    if d.kind == "monthly_report" and d.status == "done_late":
        return "逾期填报"
    return STATUS_NAMES[d.status]


@dataclass(frozen=True)
class Progress:
    """Investment and physical progress of one project from its monthly reports."""

    cumulative: float = 0.0            # 万元, latest cumulative figure
    percent_of_total: float | None = None
    physical_percent: float | None = None
    latest_month: str | None = None
    year_invested: float = 0.0         # 万元 in the as_of year
    year_plan: float | None = None     # 万元 planned for the as_of year
    series: tuple[tuple[str, float, float, float], ...] = ()  # (month, invested, cumulative, %)


@dataclass(frozen=True)
class ProjectFacts:
    id: str
    name: str
    stage: str
    status: str
    lead_unit: str
    leader: str | None
    key_project: bool
    industry: str
    township: str
    total_investment: float
    deadlines: tuple[Deadline, ...]
    progress: Progress

    def of_kind(self, kind: str) -> list[Deadline]:
        return [d for d in self.deadlines if d.kind == kind]

    @property
    def approvals(self) -> list[Deadline]:
        return self.of_kind("approval")

    @property
    def unexplained_overdue(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.unexplained]

    @property
    def standing_by(self) -> bool:
        """Paused or cancelled: grey, outside the colour counts and the totals."""
        return self.status in ("paused", "cancelled")

    @property
    def colour(self) -> str:
        """Today's colour: grey when paused or cancelled; else red with anything overdue,
        yellow with a deadline due soon (the early warning: a routine monthly report that is
        not due yet does not count), green otherwise.

        A late completion stays red on the entry itself but no longer colours the project.
        """
        if self.standing_by:
            return "grey"
        statuses = {d.status for d in self.deadlines
                    if not (d.kind == "monthly_report" and d.status == "due_soon")}
        return "red" if "overdue" in statuses else "yellow" if "due_soon" in statuses else "green"

    @property
    def lifecycle(self) -> str:
        """The lifecycle in words, separate from the colour: 推进中, 暂停, 已终止 or 已投产."""
        if self.status == "cancelled":
            return "已终止"
        if self.status == "paused":
            return "暂停"
        return "已投产" if self.stage == "production" else "推进中"


Evidence = tuple[str | None, str, str]  # (project id, kind, ref) behind a figure


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    weight: float
    value: float | None          # what was measured (amount, count or share)
    target: float | None         # what it is measured against, if anything
    ratio: float | None          # 0..1 share of the weight earned; None = not applicable
    points: float | None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ScorePeriod:
    """The part of a year a rule set was in force (up to ``as_of``): what a score covers.
    Targets are multiplied by ``share``, the part of the year covered."""

    year: int
    start: dt.date
    end: dt.date
    rule_set: str                # the set whose weights apply (in force at ``end``)

    @property
    def share(self) -> float:
        days = (dt.date(self.year, 12, 31) - dt.date(self.year, 1, 1)).days + 1
        return ((self.end - self.start).days + 1) / days

    @property
    def partial(self) -> bool:
        return (self.start, self.end) != (dt.date(self.year, 1, 1), dt.date(self.year, 12, 31))

    @property
    def label(self) -> str:
        if self.partial:
            return f"部分年度：{self.start} 至 {self.end}，任务按比例折算"
        return f"全年：{self.start} 至 {self.end}"


@dataclass(frozen=True)
class UnitScore:
    unit: str
    year: int
    group: str                   # "attracting" or "service"
    score: float | None          # None: not scored
    indicators: tuple[Indicator, ...]
    period: ScorePeriod | None = None


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


# Accountability (art. 12, 15, 16): what ``accountability.py`` finds.

FlagCode = Literal["not_flagged", "no_leader", "missed_briefings", "missed_visits"]
FLAG_CODES: tuple[FlagCode, ...] = ("not_flagged", "no_leader", "missed_briefings", "missed_visits")
NoticeCode = Literal["overdue_approvals", "missing_reports", "county_problem"]
NOTICE_CODES: tuple[NoticeCode, ...] = ("overdue_approvals", "missing_reports", "county_problem")


@dataclass(frozen=True)
class Problem:
    """A problem of a project (art. 15) with its response deadline from the rules."""

    project: str
    id: str
    title: str
    level: str                 # general: the sector department; county: the leader in charge
    owner_unit: str
    leader: str | None         # a county problem without its own leader goes to the project's
    status: str                # as the record says: open, in_progress, resolved
    deadline: Deadline
    open_workdays: int         # raised -> resolved, or raised -> as_of while unresolved
    meetings: tuple[str, ...] = ()   # meetings that discussed it

    @property
    def is_open(self) -> bool:
        return self.deadline.completed is None

    @property
    def ref(self) -> str:
        return f"{self.project}#{self.id}"


@dataclass(frozen=True)
class KeyProjectFlag:
    """A gap in the pairing of art. 12 on one active project."""

    project: str
    code: FlagCode
    leader: str | None = None
    total_investment: float = 0.0
    threshold: float = 0.0
    months: tuple[str, ...] = ()   # missed_*: months that ended without the briefing or visit


@dataclass(frozen=True)
class ProposedNotice:
    """A supervision notice (art. 16) the facts call for, drafted for review."""

    code: NoticeCode
    unit: str
    projects: tuple[str, ...]
    reason: str                   # the draft text, in Chinese
    count: int                    # overdue approvals, missing reports, or working days open
    threshold: int
    evidence: tuple[Evidence, ...]
    issued: tuple[str, ...] = ()  # notices already issued to the unit about these projects


@dataclass(frozen=True)
class Accountability:
    problems: tuple[Problem, ...] = ()
    meeting_gaps: tuple[Deadline, ...] = ()       # months that ended without enough meetings
    key_flags: tuple[KeyProjectFlag, ...] = ()
    proposed_notices: tuple[ProposedNotice, ...] = ()


@dataclass(frozen=True)
class Facts:
    as_of: dt.date
    projects: tuple[ProjectFacts, ...]
    county: tuple[Deadline, ...]        # meetings, notices, rules expiry
    warnings: tuple[Warning, ...] = ()
    scores: tuple[UnitScore, ...] = ()           # the as_of year
    previous_scores: tuple[UnitScore, ...] = ()  # the year before, when targets exist for it
    accountability: Accountability | None = None  # problems, meetings, pairing, notices

    def all_deadlines(self) -> list[Deadline]:
        return [d for p in self.projects for d in p.deadlines] + list(self.county)
