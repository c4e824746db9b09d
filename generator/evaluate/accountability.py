"""Accountability (arts. 12, 15, 16): problems and who owns them, months without a dispatch
meeting, key projects without their leader, briefings or site visits, and supervision notices to propose.

Pure: (records, rules, calendar, as_of, evaluated projects and county deadlines) -> facts.
The drafts are proposals for the leading-group office to review, never issued notices.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..records import Records
from ..workdays import WorkCalendar
from .approvals import is_paused
from .facts import (
    NOTICE_CODES,
    Accountability,
    Deadline,
    Evidence,
    FlagCode,
    KeyProjectFlag,
    Problem,
    ProjectFacts,
    ProposedNotice,
)

PROBLEM_LEVELS = ("county", "general")   # county-level first: they go to a county leader

# Art. 12's two monthly duties of the paired leader, as deadline kinds, and their gap flags.
MISSED_DUTY: tuple[tuple[str, FlagCode], ...] = (("leader_briefing", "missed_briefings"),
                                                 ("leader_visit", "missed_visits"))


def accountability(records: Records, rules: dict[str, Any], calendar: WorkCalendar,
                   as_of: dt.date, projects: Iterable[ProjectFacts],
                   county: Iterable[Deadline]) -> Accountability:
    projects, county = tuple(projects), tuple(county)
    problems = tuple(project_problems(records, calendar, as_of, projects))
    return Accountability(
        problems=problems,
        meeting_gaps=meeting_gaps(county),
        key_flags=key_project_flags(projects, float(rules.get("key_project_threshold") or 0)),
        proposed_notices=proposed_notices(records, rules.get("proposed_notice") or {}, projects,
                                          problems),
    )


def project_problems(records: Records, calendar: WorkCalendar, as_of: dt.date,
                     projects: Iterable[ProjectFacts]) -> list[Problem]:
    discussed: dict[str, list[str]] = defaultdict(list)
    for m in sorted(records.meetings, key=lambda m: (m["date"], m["id"])):
        for ref in m.get("problems", []):
            discussed[ref].append(m["id"])
    out = []
    for pf in projects:
        record = records.projects.get(pf.id, {})
        deadlines = {d.ref: d for d in pf.of_kind("problem")}
        for pr in record.get("problems", []):
            d = deadlines.get(pr["id"])
            if d is None or d.start is None:
                continue
            end = d.completed or as_of
            leader = pr.get("leader") or (pf.leader if pr["level"] == "county" else None)
            out.append(Problem(
                project=pf.id, id=pr["id"], title=pr["title"], level=pr["level"],
                owner_unit=pr["owner_unit"], leader=leader, status=pr["status"], deadline=d,
                open_workdays=calendar.workdays_between(d.start, end),
                meetings=tuple(discussed.get(f"{pf.id}#{pr['id']}", ()))))
    return out


def meeting_gaps(county: Iterable[Deadline]) -> tuple[Deadline, ...]:
    """Months that ended with fewer dispatch meetings than the rules ask (art. 15)."""
    return tuple(d for d in county if d.kind == "meeting" and d.status == "overdue")


def key_project_flags(projects: Iterable[ProjectFacts], threshold: float) -> tuple[KeyProjectFlag, ...]:
    """Art. 12 on active projects: large enough but not key (only a suggestion: the county
    decides which projects are key); key without a leader, briefings or site visits.

    Paused and cancelled projects owe no pairing: their visits are not counted either.
    """
    flags = []
    for p in projects:
        if p.status != "active":
            continue
        if not p.key_project and threshold and p.total_investment >= threshold:
            flags.append(KeyProjectFlag(p.id, "not_flagged", p.leader, p.total_investment, threshold))
        if p.key_project and not p.leader:
            flags.append(KeyProjectFlag(p.id, "no_leader", None, p.total_investment, threshold))
        for kind, code in MISSED_DUTY if p.key_project else ():
            missed = tuple(d.ref for d in p.of_kind(kind) if d.status == "overdue")
            if missed:
                flags.append(KeyProjectFlag(p.id, code, p.leader, p.total_investment,
                                            threshold, missed))
    return tuple(flags)


def _unit_name(records: Records, uid: str) -> str:
    u = records.units.get(uid, {})
    return str(u.get("short_name") or u.get("name") or uid)


def _project_name(records: Records, pid: str | None) -> str:
    return str(records.projects.get(pid or "", {}).get("name") or pid or "")


def _evidence(deadlines: Iterable[Deadline]) -> tuple[Evidence, ...]:
    return tuple((d.project, d.kind, d.ref) for d in deadlines)


def _projects_of(deadlines: Iterable[Deadline]) -> tuple[str, ...]:
    return tuple(sorted({d.project for d in deadlines if d.project}))


def _issued(records: Records, unit: str, projects: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n["id"] for n in sorted(records.notices, key=lambda n: (n["issued"], n["id"]))
                 if n["unit"] == unit and n.get("project") in projects)


def _names(records: Records, pids: tuple[str, ...]) -> str:
    return "、".join(_project_name(records, p) for p in pids)


def proposed_notices(records: Records, thresholds: dict[str, Any],
                     projects: Iterable[ProjectFacts],
                     problems: Iterable[Problem]) -> tuple[ProposedNotice, ...]:
    """Drafts for every condition of ``rules.proposed_notice`` the facts meet (art. 16).

    A condition missing from the rules is not checked. Most serious first within each kind.
    Overdue approvals and reports with a written reason, and approvals whose clock is paused
    (the applicant, an expert review ... holds them up), are not the unit's to answer for.
    """
    projects = tuple(projects)
    out: list[ProposedNotice] = []
    if limit := thresholds.get("overdue_approvals"):
        out.extend(_overdue_approvals(records, projects, limit))
    if limit := thresholds.get("missing_reports"):
        out.extend(_missing_reports(records, projects, limit))
    if limit := thresholds.get("county_problem_workdays"):
        out.extend(_county_problems(records, problems, limit))
    rank = {code: i for i, code in enumerate(NOTICE_CODES)}
    return tuple(sorted(out, key=lambda n: (rank[n.code], -n.count, n.unit, n.projects)))


def _overdue_approvals(records: Records, projects: tuple[ProjectFacts, ...], limit: Any) -> list[ProposedNotice]:
    out: list[ProposedNotice] = []
    by_unit: dict[str, list[Deadline]] = defaultdict(list)
    for p in projects:
        for d in p.approvals:
            if d.status == "overdue" and d.unit and not (d.reason or is_paused(d)):
                by_unit[d.unit].append(d)
    for uid, items in by_unit.items():
        if len(items) < limit:
            continue
        items.sort(key=lambda d: (-d.overdue_workdays, d.project or "", d.ref))
        pids = _projects_of(items)
        out.append(ProposedNotice(
            "overdue_approvals", uid, pids,
            f"{_unit_name(records, uid)}办理的 {len(items)} 项审批事项超过承诺时限仍未办结"
            f"（最长逾期 {items[0].overdue_workdays} 个工作日），涉及{_names(records, pids)}，"
            f"达到督办条件（{limit} 项及以上）。请于收到通知后按期书面反馈办理进度和办结时间。",
            len(items), int(limit), _evidence(items), _issued(records, uid, pids)))
    return out


def _missing_reports(records: Records, projects: tuple[ProjectFacts, ...], limit: Any) -> list[ProposedNotice]:
    out: list[ProposedNotice] = []
    by_lead: dict[str, list[Deadline]] = defaultdict(list)
    for p in projects:
        by_lead[p.lead_unit].extend(d for d in p.of_kind("monthly_report")
                                    if d.status == "overdue" and not d.reason)
    for uid, items in by_lead.items():
        if not items or len(items) < limit:
            continue
        items.sort(key=lambda d: (d.project or "", d.ref))
        pids = _projects_of(items)
        out.append(ProposedNotice(
            "missing_reports", uid, pids,
            f"{_unit_name(records, uid)}招引的{_names(records, pids)}共有 {len(items)} 份月报逾期未报送"
            f"（第十四条），达到督办条件（{limit} 份及以上）。请督促项目单位补报并说明原因。",
            len(items), int(limit), _evidence(items), _issued(records, uid, pids)))
    return out


def _county_problems(records: Records, problems: Iterable[Problem], limit: Any) -> list[ProposedNotice]:
    out: list[ProposedNotice] = []
    for pr in problems:
        if pr.level != "county" or not pr.is_open or pr.open_workdays <= limit:
            continue
        leader = records.leaders.get(pr.leader or "", {}).get("name")
        out.append(ProposedNotice(
            "county_problem", pr.owner_unit, (pr.project,),
            f"{_project_name(records, pr.project)}的县级问题“{pr.title}”自 {pr.deadline.start} 提出，"
            f"已 {pr.open_workdays} 个工作日未解决（超过 {limit} 个工作日），责任单位"
            f"{_unit_name(records, pr.owner_unit)}"
            + (f"，分管县领导{leader}" if leader else "") + "。请限期提出解决方案并书面反馈。",
            pr.open_workdays, int(limit), ((pr.project, "problem", pr.id),),
            _issued(records, pr.owner_unit, (pr.project,))))
    return out
