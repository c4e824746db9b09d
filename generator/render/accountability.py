"""Pages of accountability (arts. 12, 15-18): problems and key-project pairing here;
meetings, notices and scores from their sibling modules.

``Accountability`` is built once per site; ``pages`` yields the summary pages, and the unit,
leader and project pages ask it for their own sections.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..evaluate.accountability import PROBLEM_LEVELS
from ..evaluate.facts import Accountability as AccountabilityFacts
from ..evaluate.facts import Facts, KeyProjectFlag, Problem
from ..records import Records
from . import labels as L
from .environment import environment
from .evidence import EvidenceIndex
from .meetings import MeetingLine, Meetings, MeetingsPage
from .notices import NoticesPage, ProposalsPage, notices_page, proposals_page
from .scoring import MethodPage, ScoresPage, Scoring, UnitScoreView
from .text import money
from .views import Lookup, Ref, Row, iso, row

# The summary pages of this module, in navigation order (pages.NAV lists them too).
PAGES: tuple[tuple[str, str], ...] = (
    ("问题清单", "problems.md"),
    ("调度会议", "meetings.md"),
    ("督办通知单", "notices.md"),
    ("督办建议", "proposed-notices.md"),
    ("考核评分", "scores.md"),
    ("考核办法", "method.md"),
)
# "Recently resolved" on the problem page: a quarter shows what the last dispatch meetings
# settled without growing into the whole history (each project page keeps all of it).
RECENT_DAYS = 90
FLAG_NAMES = {"not_flagged": "达到参考门槛，请县里研究是否列为重点项目",
              "no_leader": "重点项目未明确包联领导",
              "missed_briefings": "包联领导未按月听取汇报", "missed_visits": "包联领导未按月现场调研"}


@dataclass(frozen=True)
class ProblemLine:
    project: Ref | None
    title: str
    description: str
    level: str
    unit: Ref | None
    leader: Ref | None
    state: str                 # the record's handling status
    row: Row                   # the response deadline: dates, colour, overdue working days
    open_workdays: int
    meetings: list[Ref]
    resolution: str


@dataclass(frozen=True)
class LevelGroup:
    level: str
    label: str
    response_workdays: int | None
    lines: list[ProblemLine]

    @property
    def overdue(self) -> int:
        return sum(1 for x in self.lines if x.row.colour == "red")


@dataclass(frozen=True)
class UnitProblems:
    unit: Ref | None
    county: int
    general: int
    overdue: int
    recent: int


@dataclass
class ProblemsPage:
    open: list[LevelGroup]
    units: list[UnitProblems]
    recent: list[ProblemLine]
    recent_days: int = RECENT_DAYS

    @property
    def open_count(self) -> int:
        return sum(len(g.lines) for g in self.open)

    @property
    def overdue_count(self) -> int:
        return sum(g.overdue for g in self.open)


@dataclass(frozen=True)
class FlagLine:
    project: Ref | None
    kind: str
    text: str
    leader: Ref | None
    total_investment: float
    colour: str = "red"        # yellow: only a suggestion for the county to decide


@dataclass
class KeyFlags:
    threshold: float
    key_projects: int
    lines: list[FlagLine]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class LeaderSection:
    flags: list[FlagLine]
    open_problems: list[ProblemLine]


@dataclass
class ProjectSection:
    meetings: list[MeetingLine]
    flags: list[FlagLine]


def _render(template: str, path: str, **context: Any) -> str:
    return environment().get_template(template).render(page_path=path, **context)


class Accountability:
    """Everything the accountability pages and sections show, computed once per site."""

    def __init__(self, records: Records, facts: Facts, look: Lookup) -> None:
        self.records, self.facts, self.look = records, facts, look
        self.rules = records.rule_book.values_at(facts.as_of)
        self.acc = facts.accountability or AccountabilityFacts()
        self.evidence = EvidenceIndex(records, facts, look)
        self.scoring = Scoring(records, facts, look, self.evidence)
        self.projects = {p.id: p for p in facts.projects}
        self.flags_of: dict[str, list[KeyProjectFlag]] = defaultdict(list)   # by project
        for f in self.acc.key_flags:
            self.flags_of[f.project].append(f)
        self.problem_records: dict[str, dict[str, Any]] = {
            f"{pid}#{x['id']}": x for pid, p in records.projects.items() for x in p.get("problems", [])}
        self.meetings = Meetings(records, facts, look, self.acc.meeting_gaps, self.problem_records)

    # -- problems (art. 15) ------------------------------------------------------------------

    def _problem(self, p: Problem) -> ProblemLine:
        record = self.problem_records.get(p.ref, {})
        return ProblemLine(
            project=self.look.project(p.project), title=p.title,
            description=record.get("description", ""), level=L.label(L.PROBLEM_LEVELS, p.level),
            unit=self.look.unit(p.owner_unit), leader=self.look.leader(p.leader),
            state=L.label(L.PROBLEM_STATUSES, p.status), row=row(p.deadline, self.look),
            open_workdays=p.open_workdays,
            meetings=self.meetings.refs(p.meetings),
            resolution=record.get("resolution", "") or p.deadline.reason or "")

    def _open_sorted(self, problems: list[Problem]) -> list[Problem]:
        """Grouped by owner unit, the unit with the longest overdue first; then most overdue."""
        worst: dict[str, int] = defaultdict(int)
        for p in problems:
            worst[p.owner_unit] = max(worst[p.owner_unit], p.deadline.overdue_workdays)

        def key(p: Problem) -> tuple[int, str, int, str, str]:
            unit = self.look.unit(p.owner_unit)
            return (-worst[p.owner_unit], unit.name if unit else "", -p.deadline.overdue_workdays,
                    iso(p.deadline.start), p.ref)
        return sorted(problems, key=key)

    def problems_page(self) -> ProblemsPage:
        response = self.rules.get("problem_response_workdays") or {}
        open_ = [p for p in self.acc.problems if p.is_open]
        since = self.facts.as_of - dt.timedelta(days=RECENT_DAYS)
        recent = sorted((p for p in self.acc.problems
                         if p.deadline.completed is not None and p.deadline.completed >= since),
                        key=lambda p: (p.deadline.completed, p.ref), reverse=True)
        groups = [LevelGroup(level, L.label(L.PROBLEM_LEVELS, level), response.get(level),
                             [self._problem(p) for p in self._open_sorted(
                                 [p for p in open_ if p.level == level])])
                  for level in PROBLEM_LEVELS]
        per_unit: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for p in open_:
            counts = per_unit[p.owner_unit]
            counts[0 if p.level == "county" else 1] += 1
            counts[2] += p.deadline.status == "overdue"
        for p in recent:
            per_unit[p.owner_unit][3] += 1
        units = [UnitProblems(self.look.unit(uid), *c) for uid, c in per_unit.items()]
        units.sort(key=lambda u: (-u.overdue, -(u.county + u.general), u.unit.name if u.unit else ""))
        return ProblemsPage(groups, units, [self._problem(p) for p in recent])

    # -- key projects (art. 12) --------------------------------------------------------------

    def _flag(self, f: KeyProjectFlag) -> FlagLine:
        if f.code == "not_flagged":
            text = (f"计划总投资 {money(f.total_investment)}，达到规则文件中的参考门槛"
                    f"（{money(f.threshold)}），尚未列为重点项目。是否列为重点项目、由县级领导包联，"
                    "由县里研究确定，门槛只是建议")
        elif f.code == "no_leader":
            text = "重点项目尚未明确包联县领导"
        else:
            duty = "听取汇报" if f.code == "missed_briefings" else "到现场调研"
            text = f"{'、'.join(f.months)} 包联领导未{duty}（共 {len(f.months)} 个月）"
        return FlagLine(self.look.project(f.project), FLAG_NAMES[f.code], text,
                        self.look.leader(f.leader), f.total_investment,
                        "yellow" if f.code == "not_flagged" else "red")

    def key_flags(self) -> KeyFlags:
        flags = self.acc.key_flags
        return KeyFlags(float(self.rules.get("key_project_threshold") or 0),
                        sum(1 for p in self.facts.projects if p.key_project and p.status == "active"),
                        [self._flag(f) for f in flags],
                        {name: sum(1 for f in flags if f.code == code) for code, name in FLAG_NAMES.items()})

    # -- sections of the unit, leader and project pages --------------------------------------

    def unit_score(self, uid: str) -> list[UnitScoreView]:
        return self.scoring.unit(uid)

    def leader(self, lid: str) -> LeaderSection:
        mine = {pid for pid, p in self.projects.items() if p.leader == lid}
        return LeaderSection(
            flags=[self._flag(f) for f in self.acc.key_flags if f.project in mine],
            open_problems=[self._problem(p) for p in self._open_sorted(
                [p for p in self.acc.problems if p.is_open and (p.project in mine or p.leader == lid)])])

    def project(self, pid: str) -> ProjectSection:
        return ProjectSection(self.meetings.project(pid),
                              [self._flag(f) for f in self.flags_of.get(pid, ())])

    # -- the summary pages -------------------------------------------------------------------

    def meetings_page(self) -> MeetingsPage:
        return self.meetings.page()

    def notices_page(self) -> NoticesPage:
        return notices_page(self.records, self.facts, self.look, len(self.acc.proposed_notices))

    def proposals_page(self) -> ProposalsPage:
        return proposals_page(self.records, self.acc.proposed_notices, self.look, self.evidence)

    def scores_page(self) -> ScoresPage:
        return self.scoring.page()

    def method_page(self) -> MethodPage:
        return self.scoring.method()

    def pages(self, common: dict[str, Any]) -> Iterator[tuple[str, str]]:
        yield "problems.md", _render("problems.md.j2", "problems.md", pr=self.problems_page(), **common)
        yield "meetings.md", _render("meetings.md.j2", "meetings.md", mt=self.meetings_page(), **common)
        yield "notices.md", _render("notices.md.j2", "notices.md", nt=self.notices_page(), **common)
        if common["internal"]:   # machine drafts, never published as if issued (art. 16)
            yield "proposed-notices.md", _render("proposed_notices.md.j2", "proposed-notices.md",
                                                 pn=self.proposals_page(), **common)
        yield "scores.md", _render("scores.md.j2", "scores.md", sc=self.scores_page(), **common)
        yield "method.md", _render("method.md.j2", "method.md", me=self.method_page(), **common)


# Pages only the internal edition has: the machine-drafted supervision notices.
INTERNAL_ONLY = frozenset({"proposed-notices.md"})

__all__ = ["INTERNAL_ONLY", "PAGES", "Accountability"]
