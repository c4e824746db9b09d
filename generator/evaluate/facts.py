"""Facts: what evaluation computes from the records for one ``as_of`` date.

Plain frozen dataclasses, so render, check and export all read the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .accountability import Accountability

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
    "notice": "督办反馈", "leader_visit": "包联领导调研", "meeting": "项目调度会",
    "rules_expiry": "规则有效期",
}


@dataclass(frozen=True)
class Deadline:
    """One timed obligation of the measures and how it stands on ``as_of``."""

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
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def late(self) -> bool:
        return self.status in ("overdue", "done_late")

    @property
    def unexplained(self) -> bool:
        """An overdue or late entry nobody explained: what `portal check` rejects."""
        return self.late and not self.reason


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
    def colour(self) -> str:
        """Today's colour: red with anything overdue, yellow with anything due soon.

        A late completion stays red on the entry itself but no longer colours the project.
        """
        statuses = {d.status for d in self.deadlines}
        return "red" if "overdue" in statuses else "yellow" if "due_soon" in statuses else "green"


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
class UnitScore:
    unit: str
    year: int
    group: str                   # "attracting" or "service"
    score: float | None          # None: not scored
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


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
