"""View models shared by the pages: names instead of ids, deadlines as table rows, the
project list and the dashboard. Every number a page shows is computed here or in the
sibling view modules, never in a template.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..evaluate.facts import KIND_NAMES, Deadline, Facts, ProjectFacts, status_name
from ..records import Records
from . import labels as L

OPEN_LATE = "overdue"


def slug(identifier: str) -> str:
    # ``index`` would collide with a folder's index page; ids cannot contain "_".
    return "_index" if identifier == "index" else identifier


def project_path(pid: str) -> str:
    return f"projects/{slug(pid)}.md"


def unit_path(uid: str) -> str:
    return f"units/{slug(uid)}.md"


def leader_path(lid: str) -> str:
    return f"leaders/{slug(lid)}.md"


def iso(day: dt.date | str | None) -> str:
    return day.isoformat() if isinstance(day, dt.date) else (day or "")


@dataclass(frozen=True)
class Ref:
    """Something a page names, and the page that describes it (None: plain text)."""

    name: str
    path: str | None = None


class Lookup:
    """Names and pages for the ids that records and facts carry.

    Refs are immutable, so each is made once and shared: the pages ask for the same few
    thousand names hundreds of thousands of times.
    """

    def __init__(self, records: Records) -> None:
        self.records = records
        self._by_role: dict[str, str] = {}
        for uid, u in sorted(records.units.items()):
            for role in u.get("roles", []):
                self._by_role.setdefault(role, uid)
        self._units: dict[tuple[str, bool], Ref] = {}
        self._leaders: dict[str, Ref] = {}
        self._projects: dict[str, Ref] = {}

    def unit(self, uid: str | None, *, full: bool = False) -> Ref | None:
        if not uid:
            return None
        found = self._units.get((uid, full))
        if found is None:
            found = self._units[(uid, full)] = self._unit(uid, full)
        return found

    def _unit(self, uid: str, full: bool) -> Ref:
        uid = uid if uid in self.records.units else self._by_role.get(uid, uid)
        u = self.records.units.get(uid)
        if u is None:
            return Ref(L.label(L.UNIT_ROLES, uid))
        return Ref(u["name"] if full else u.get("short_name") or u["name"], unit_path(uid))

    def leader(self, lid: str | None) -> Ref | None:
        if not lid:
            return None
        found = self._leaders.get(lid)
        if found is None:
            person = self.records.leaders.get(lid)
            found = self._leaders[lid] = Ref(person["name"], leader_path(lid)) if person else Ref(lid)
        return found

    def township(self, tid: str | None) -> str:
        t = self.records.townships.get(tid or "")
        return t["name"] if t else (tid or "")

    def project(self, pid: str | None) -> Ref | None:
        if not pid:
            return None
        found = self._projects.get(pid)
        if found is None:
            p = self.records.projects.get(pid)
            found = self._projects[pid] = Ref(p["name"], project_path(pid)) if p else Ref(pid)
        return found


@dataclass(frozen=True)
class Row:
    """One deadline as every table shows it."""

    label: str
    kind: str
    project: Ref | None
    unit: Ref | None
    start: str
    deadline: str
    completed: str
    status: str
    colour: str
    overdue_workdays: int
    reason: str
    limit: str = ""


def row(d: Deadline, look: Lookup) -> Row:
    limit = d.extra.get("time_limit_workdays") if d.extra else None
    # A month that ended without its dispatch meeting (art. 15) was missed, not "late by N
    # working days": no meeting can be held for a month that is over.
    missed = d.kind == "meeting" and d.status == "overdue"
    return Row(
        label=d.label, kind=KIND_NAMES.get(d.kind, d.kind), project=look.project(d.project),
        unit=look.unit(d.unit), start=iso(d.start), deadline=iso(d.deadline),
        completed=iso(d.completed), status=status_name(d), colour=d.colour,
        overdue_workdays=0 if missed else d.overdue_workdays, reason=d.reason or "",
        limit=f"{limit} 个工作日" if limit else "",
    )


def by_lateness(deadlines: Iterable[Deadline], look: Lookup) -> list[Row]:
    """Most overdue working days first; ties by deadline, then project name."""
    def key(d: Deadline) -> tuple[int, str, str, str]:
        project = look.project(d.project)
        return -d.overdue_workdays, iso(d.deadline), project.name if project else "", d.label

    ordered = sorted(deadlines, key=key)
    return [row(d, look) for d in ordered]


@dataclass(frozen=True)
class ProjectRow:
    """A project in lists, with the keys the list filters on."""

    ref: Ref
    stage: str
    stage_key: str
    status: str
    unit: Ref | None
    unit_key: str
    industry: str
    industry_key: str
    township: str
    township_key: str
    key_project: bool
    total_investment: float
    cumulative: float
    physical_percent: float | None
    colour: str
    overdue: int
    due_soon: int
    late_workdays: int = 0       # the most working days an open item is overdue
    investor: str = ""           # for the list's keyword filter


def project_row(p: ProjectFacts, look: Lookup) -> ProjectRow:
    # A monthly report not yet due is no early warning (the colour ignores it too).
    counts = Counter(d.status for d in p.deadlines
                     if not (d.kind == "monthly_report" and d.status == "due_soon"))
    return ProjectRow(
        ref=Ref(p.name, project_path(p.id)), stage=L.label(L.STAGES, p.stage), stage_key=p.stage,
        status=p.lifecycle, unit=look.unit(p.lead_unit),
        unit_key=p.lead_unit, industry=L.label(L.INDUSTRIES, p.industry), industry_key=p.industry,
        township=look.township(p.township), township_key=p.township, key_project=p.key_project,
        total_investment=p.total_investment, cumulative=p.progress.cumulative,
        physical_percent=p.progress.physical_percent, colour=p.colour,
        overdue=counts["overdue"], due_soon=counts["due_soon"],
        late_workdays=max((d.overdue_workdays for d in p.deadlines if d.status == "overdue"), default=0),
        investor=_investor(look.records.projects.get(p.id)),
    )


def _investor(project: Any) -> str:
    investor = project.get("investor") if isinstance(project, dict) else None
    name = investor.get("name") if isinstance(investor, dict) else None
    return name if isinstance(name, str) else ""


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Filter:
    key: str      # matches data-<key> on the rows and the query string: downloads/projects.json's field
    label: str
    options: list[Option]


def list_filters(rows: list[ProjectRow]) -> list[Filter]:
    """The list's filters, offering only values that occur, in a stable order."""
    def opts(pairs: Iterable[tuple[str, str]], order: list[str] | None = None) -> list[Option]:
        seen = dict(pairs)
        keys = [k for k in order if k in seen] if order else sorted(seen, key=lambda k: seen[k])
        return [Option(k, seen[k]) for k in keys]

    return [
        Filter("stage", "阶段", opts(((r.stage_key, r.stage) for r in rows), list(L.STAGES))),
        Filter("lead_unit", "招引单位", opts((r.unit_key, r.unit.name if r.unit else "") for r in rows)),
        Filter("industry", "产业", opts(((r.industry_key, r.industry) for r in rows),
                                         list(L.INDUSTRIES))),
        Filter("township", "乡镇或园区", opts((r.township_key, r.township) for r in rows)),
        Filter("key_project", "重点项目", [Option("true", "是"), Option("false", "否")]),
        Filter("colour", "状态", [Option(c, f"{L.COLOURS[c]}：{L.COLOUR_MEANINGS[c]}")
                                  for c in ("red", "yellow", "green", "grey")]),
    ]


@dataclass(frozen=True)
class StageLine:
    key: str
    label: str
    count: int
    investment: float
    cumulative: float


@dataclass
class Dashboard:
    as_of: str
    projects: int
    investment: float
    cumulative: float
    stages: list[StageLine]
    colours: dict[str, int]
    overdue: int
    due_soon: int
    year: int
    year_invested: float
    year_plan: float | None
    year_rate: float | None
    county_plan: float | None
    county_rate: float | None
    county_rows: list[Row] = field(default_factory=list)
    key_projects: int = 0
    standing_by: int = 0                 # paused or cancelled: grey, outside counts and totals


def _rate(done: float, plan: float | None) -> float | None:
    return round(done / plan * 100, 1) if plan else None


def dashboard(records: Records, facts: Facts, look: Lookup) -> Dashboard:
    ps = [p for p in facts.projects if not p.standing_by]
    year = facts.as_of.year
    plans = [p.progress.year_plan for p in ps if p.progress.year_plan is not None]
    year_plan = sum(plans) if plans else None
    year_invested = sum(p.progress.year_invested for p in ps)
    target: dict[str, Any] = next((t for t in records.targets if t.get("year") == year), {})
    county_plan = target.get("county_investment_plan")
    deadlines = [d for p in ps for d in p.deadlines] + list(facts.county)
    stages = [StageLine(key, name, sum(1 for p in ps if p.stage == key),
                        sum(p.total_investment for p in ps if p.stage == key),
                        sum(p.progress.cumulative for p in ps if p.stage == key))
              for key, name in L.STAGES.items()]
    county = [d for d in facts.county if d.status in ("overdue", "due_soon")]
    return Dashboard(
        as_of=facts.as_of.isoformat(), projects=len(ps),
        investment=sum(p.total_investment for p in ps),
        cumulative=sum(p.progress.cumulative for p in ps), stages=stages,
        colours={c: sum(1 for p in ps if p.colour == c) for c in ("red", "yellow", "green")},
        overdue=sum(1 for d in deadlines if d.status == "overdue"),
        due_soon=sum(1 for d in deadlines if d.status == "due_soon"),
        year=year, year_invested=year_invested, year_plan=year_plan,
        year_rate=_rate(year_invested, year_plan),
        county_plan=float(county_plan) if county_plan is not None else None,
        county_rate=_rate(year_invested, county_plan),
        county_rows=by_lateness(county, look),
        key_projects=sum(1 for p in ps if p.key_project),
        standing_by=len(facts.projects) - len(ps),
    )
