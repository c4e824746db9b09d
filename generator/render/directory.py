"""View models of the county-wide pages: overdue approvals, missing reports, units,
leaders, the approval catalogue and complaints."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from ..evaluate.approvals import check_limits, committed_limit
from ..evaluate.facts import Deadline, Facts, ProjectFacts
from ..records import Records
from . import labels as L
from .views import Lookup, ProjectRow, Ref, Row, by_lateness, iso, project_row, row


@dataclass(frozen=True)
class Overdue:
    open: list[Row]        # overdue approvals not yet done, most working days first
    late: list[Row]        # approvals done after their deadline
    others: list[Row]      # other overdue entries (signing, registrations, opinions, problems)


def overdue(facts: Facts, look: Lookup) -> Overdue:
    approvals = [d for p in facts.projects for d in p.approvals]
    others = [d for p in facts.projects for d in p.deadlines
              if d.kind in ("signing", "registration", "review_opinion", "problem")
              and d.status == "overdue"]
    return Overdue(open=by_lateness((d for d in approvals if d.status == "overdue"), look),
                   late=by_lateness((d for d in approvals if d.status == "done_late"), look),
                   others=by_lateness(others, look))


@dataclass(frozen=True)
class Missing:
    missing: list[Row]     # reports past due and not filed
    late: list[Row]        # filed after the due date
    due: list[Row]         # due soon or pending this month


def missing_reports(facts: Facts, look: Lookup) -> Missing:
    reports = [d for p in facts.projects for d in p.of_kind("monthly_report")]
    return Missing(
        missing=by_lateness((d for d in reports if d.status == "overdue"), look),
        late=by_lateness((d for d in reports if d.status == "done_late"), look),
        due=by_lateness((d for d in reports if d.status in ("due_soon", "pending")), look),
    )


@dataclass
class Record:
    """How a unit or an approval item meets its deadlines."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def judged(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        return round(self.on_time / self.judged * 100, 1) if self.judged else None

    def add(self, d: Deadline) -> None:
        if not d.judged:
            return  # clock started before the measures: neither on time nor late
        if d.status == "done_on_time":
            self.on_time += 1
        elif d.status == "done_late":
            self.late += 1
        elif d.status == "overdue":
            self.overdue += 1
        else:
            self.open += 1


@dataclass
class UnitView:
    """A unit with its counts, for the 单位 list; ``with_rows`` adds its page's tables."""

    id: str
    ref: Ref
    full_name: str
    short_name: str
    roles: str
    duties: str
    phone: str
    contact_person: str | None            # internal only
    project_count: int = 0                # the projects it leads
    record: Record = field(default_factory=Record)
    missing_reports: int = 0
    projects: list[ProjectRow] = field(default_factory=list)
    approvals: list[Row] = field(default_factory=list)
    others: list[Row] = field(default_factory=list)


@dataclass
class UnitFacts:
    """What a unit's page tables are made of. Kept apart from ``UnitView``: a view given to a
    template may outlive the rendering (Jinja's contexts are freed by the garbage collector),
    and the facts must not (the build lets go of them before MkDocs runs)."""

    lead: list[ProjectFacts] = field(default_factory=list)      # the projects it leads
    approvals: list[Deadline] = field(default_factory=list)
    others: list[Deadline] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)    # every project whose facts name the unit


def with_rows(view: UnitView, found: UnitFacts, look: Lookup) -> UnitView:
    """The unit's page view: its projects, approvals and other entries as table rows."""
    return replace(view, projects=[project_row(p, look) for p in found.lead],
                   approvals=by_lateness(found.approvals, look), others=by_lateness(found.others, look))


def units(records: Records, facts: Facts, look: Lookup) -> tuple[list[UnitView], dict[str, UnitFacts]]:
    """Every unit's view (without its page's rows) and what its page's rows are made of."""
    views: dict[str, UnitView] = {}
    for uid, u in sorted(records.units.items()):
        ref = look.unit(uid)
        assert ref is not None
        views[uid] = UnitView(
            id=uid, ref=ref, full_name=u["name"], short_name=u.get("short_name", ""),
            roles="、".join(L.label(L.UNIT_ROLES, r) for r in u.get("roles", [])),
            duties=u.get("duties", ""), phone=u.get("phone", ""),
            contact_person=u.get("contact_person"))
    found = {uid: UnitFacts() for uid in views}
    for p in facts.projects:
        if p.lead_unit in views:
            views[p.lead_unit].project_count += 1
            found[p.lead_unit].lead.append(p)
            found[p.lead_unit].sources.add(p.id)
        for d in p.deadlines:
            view = views.get(d.unit) if d.unit else None
            if view is None:
                continue
            mine = found[view.id]
            mine.sources.add(p.id)
            if d.kind == "approval":
                mine.approvals.append(d)
                view.record.add(d)
            elif d.kind == "monthly_report" and d.status == "overdue":
                view.missing_reports += 1
            elif d.kind != "monthly_report" and d.status != "pending":
                mine.others.append(d)
    return list(views.values()), found


@dataclass(frozen=True)
class Visit:
    date: str
    project: Ref | None
    leader: Ref | None
    kind: str
    note: str


@dataclass
class LeaderView:
    id: str
    ref: Ref
    title: str
    portfolio: str
    units: list[Ref]
    projects: list[ProjectRow] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    problems: list[Row] = field(default_factory=list)
    missed_visits: list[Row] = field(default_factory=list)


def leaders(records: Records, facts: Facts, look: Lookup) -> list[LeaderView]:
    views: dict[str, LeaderView] = {}
    for lid, person in sorted(records.leaders.items()):
        ref = look.leader(lid)
        assert ref is not None
        views[lid] = LeaderView(
            id=lid, ref=ref, title=person.get("title", ""), portfolio=person.get("portfolio", ""),
            units=[r for r in (look.unit(u) for u in person.get("units", [])) if r])
    facts_by_id: dict[str, ProjectFacts] = {p.id: p for p in facts.projects}
    for pid, p in sorted(records.projects.items()):
        pf = facts_by_id.get(pid)
        if pf is None:
            continue
        if p.get("leader") in views:
            view = views[p["leader"]]
            view.projects.append(project_row(pf, look))
            view.missed_visits.extend(row(d, look) for d in sorted(
                pf.of_kind("leader_briefing") + pf.of_kind("leader_visit"), key=lambda d: d.ref)
                if d.status == "overdue")
        for v in p.get("visits", []):
            if v.get("leader") in views:
                views[v["leader"]].visits.append(Visit(
                    v["date"], look.project(pid), look.leader(v["leader"]), L.label(L.VISIT_KINDS, v.get("kind")),
                    v.get("note", "")))
        problems = {d.ref: d for d in pf.of_kind("problem")}
        for pr in p.get("problems", []):
            if pr.get("leader") in views and pr["id"] in problems:
                views[pr["leader"]].problems.append(row(problems[pr["id"]], look))
    for view in views.values():
        view.visits.sort(key=lambda v: v.date, reverse=True)
    return list(views.values())


@dataclass(frozen=True)
class ItemView:
    name: str
    unit: Ref | None
    limit: int | None             # the county's committed limit in working days
    source: str                   # where it comes from: 本县细则（文件，日期） or 示例值
    sample: bool
    statutory: str                # "60 日", "20 工作日" or 法律未规定时限 / 未登记
    statutory_basis: str
    check: str                    # the committed limit against the statutory one, if doubtful
    phase: str
    legal_basis: str
    note: str
    record: Record


LIMIT_CHECKS = {"over": "承诺时限长于法定时限", "may_exceed": "按每周 5 个工作日折算，可能超过法定时限"}


def item_view(item: dict[str, Any], look: Lookup, record: Record) -> ItemView:
    limit, source = committed_limit(item, look.records.rule_book.documents)
    law = item.get("statutory_limit") or {}
    value, unit = law.get("value"), law.get("unit")
    statutory = (f"{value} 个工作日" if unit == "工作日" else f"{value} {unit}") if value else (
        "法律未规定时限" if law else "未登记")
    check = check_limits(limit, value, unit) if limit and value and unit else None
    return ItemView(name=item["name"], unit=look.unit(item.get("unit")), limit=limit,
                    source=source.label if source else "", sample=bool(source and source.kind == "sample"),
                    statutory=statutory, statutory_basis=law.get("basis", ""),
                    check=LIMIT_CHECKS[check] if check else "",
                    phase=L.label(L.APPROVAL_PHASES, item.get("phase", "landing")),
                    legal_basis=item.get("legal_basis", ""), note=item.get("note", ""), record=record)


def catalogue(records: Records, facts: Facts, look: Lookup) -> list[ItemView]:
    per_item: dict[str, Record] = defaultdict(Record)
    for p in facts.projects:
        for d in p.approvals:
            per_item[d.ref].add(d)
    return [item_view(i, look, per_item[iid])
            for iid, i in sorted(records.approval_items.items(), key=lambda kv: kv[1]["name"])]


@dataclass(frozen=True)
class ComplaintView:
    date: str
    project: Ref | None
    channel: str
    summary: str
    complainant: str | None         # internal only
    handler: Ref | None
    status: str
    resolved: str
    result: str


def complaints_of(pid: str, project: dict[str, Any], look: Lookup) -> list[ComplaintView]:
    return [ComplaintView(
        date=c["date"], project=look.project(pid), channel=L.label(L.COMPLAINT_CHANNELS, c.get("channel")),
        summary=c["summary"], complainant=c.get("complainant"), handler=look.unit(c.get("handler_unit")),
        status=L.label(L.COMPLAINT_STATUSES, c["status"]), resolved=iso(c.get("resolved")),
        result=c.get("result", "")) for c in project.get("complaints", [])]


@dataclass(frozen=True)
class Complaints:
    office: Ref | None
    office_phone: str
    rows: list[ComplaintView]
    counts: dict[str, int]


def complaints(records: Records, look: Lookup) -> Complaints:
    rows = [c for pid, p in sorted(records.projects.items()) for c in complaints_of(pid, p, look)]
    rows.sort(key=lambda c: c.date, reverse=True)
    office = look.unit("leading_office", full=True)
    office_id = next((uid for uid, u in sorted(records.units.items())
                      if "leading_office" in u.get("roles", [])), None)
    phone = records.units[office_id].get("phone", "") if office_id else ""
    counts = {name: sum(1 for c in rows if c.status == name) for name in L.COMPLAINT_STATUSES.values()}
    return Complaints(office=office if office_id else None, office_phone=phone, rows=rows,
                      counts=counts)

