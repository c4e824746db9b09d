"""Department scores (arts. 17-18): 0-100 per unit and year, each indicator shown.

Weights and penalties come from the rules file, so the published method and the
computed score cannot drift apart. An indicator with nothing to measure is "not
applicable" and its weight is shared out among the others; a unit with no applicable
indicator is "not scored" (score None) rather than divided by zero.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .facts import Deadline, Evidence, Indicator, ProjectFacts, UnitScore

RESERVE_STAGES = ("collection", "assessment", "policy")
ATTRACTING = "attracting"
SERVICE_ROLES = ("approving", "utility", "review", "park")
INDICATOR_NAMES = {
    "signed_investment": "签约引资完成率",
    "completed_investment": "年度投资计划完成率",
    "prephase_on_time": "前期手续按时率",
    "reserve": "项目储备完成率",
    "reports_on_time": "月报按时报送率",
    "approvals_on_time": "审批按时办结率",
    "overdue_workdays": "审批逾期工作日",
    "notices": "收到督办通知单",
    "problems_resolved": "问题按时解决率",
}
# Deductions when the rules' ``scoring.caps`` leave them out; the method page shows the same.
CAP_DEFAULTS = {"overdue_workday_penalty": 0.5, "notice_penalty": 5.0}


def _share(items: list[Deadline]) -> tuple[float | None, tuple[Evidence, ...]]:
    judged = [d for d in items if d.status in ("done_on_time", "done_late", "overdue")]
    if not judged:
        return None, ()
    on_time = sum(1 for d in judged if d.status == "done_on_time")
    return on_time / len(judged), tuple((d.project, d.kind, d.ref) for d in judged)


def _in_year(d: Deadline, year: int, as_of: dt.date) -> bool:
    return d.deadline is not None and d.deadline.year == year and (
        d.deadline <= as_of or d.completed is not None)


def _indicator(key: str, weight: float, ratio: float | None, value: float | None = None,
               target: float | None = None, evidence: tuple[Evidence, ...] = ()) -> Indicator:
    ratio = None if ratio is None else max(0.0, min(1.0, ratio))
    points = None if ratio is None else round(ratio * weight, 2)
    return Indicator(key, INDICATOR_NAMES.get(key, key), weight, value, target, ratio, points,
                     evidence)


def _total(indicators: list[Indicator]) -> float | None:
    applicable = [i for i in indicators if i.ratio is not None and i.weight > 0]
    weight = sum(i.weight for i in applicable)
    if weight <= 0:
        return None
    return round(sum(i.ratio * i.weight for i in applicable if i.ratio is not None) / weight * 100, 1)


def _target(targets: list[dict[str, Any]], year: int, unit: str) -> dict[str, Any]:
    for t in targets:
        if t.get("year") == year:
            return next((u for u in t.get("units", []) if u.get("unit") == unit), {})
    return {}


def attracting_score(unit: str, year: int, as_of: dt.date, projects: list[ProjectFacts],
                     records: dict[str, dict[str, Any]], targets: list[dict[str, Any]],
                     weights: dict[str, float]) -> UnitScore:
    mine = [p for p in projects if p.lead_unit == unit]
    target = _target(targets, year, unit)
    signed = []
    for p in mine:
        signing = records[p.id].get("signing", {})
        when = signing.get("signed")
        if when and when[:4] == str(year) and when <= as_of.isoformat():
            signed.append((p.id, float(signing.get("agreement_investment", p.total_investment))))
    task = target.get("attraction_task")
    amount = sum(a for _, a in signed)
    plan = target.get("investment_plan")
    invested = sum(v for p in mine for (m, v, _, _) in p.progress.series if m[:4] == str(year))
    reserve = [p.id for p in mine if p.stage in RESERVE_STAGES and p.status == "active"]
    reserve_task = target.get("reserve_task")
    prephase, pre_evidence = _share([d for p in mine for d in p.deadlines
                                     if d.kind in ("signing", "registration")
                                     and _in_year(d, year, as_of)])
    reports, rep_evidence = _share([d for p in mine for d in p.of_kind("monthly_report")
                                    if _in_year(d, year, as_of)])
    indicators = [
        _indicator("signed_investment", weights.get("signed_investment", 0),
                   amount / task if task else None, amount, task,
                   tuple((pid, "signing", "signed") for pid, _ in signed)),
        _indicator("completed_investment", weights.get("completed_investment", 0),
                   invested / plan if plan else None, invested, plan,
                   tuple((p.id, "monthly_report", str(year)) for p in mine if p.progress.series)),
        _indicator("prephase_on_time", weights.get("prephase_on_time", 0), prephase,
                   prephase, None, pre_evidence),
        _indicator("reserve", weights.get("reserve", 0),
                   len(reserve) / reserve_task if reserve_task else None, len(reserve),
                   reserve_task, tuple((pid, "stage", "reserve") for pid in reserve)),
        _indicator("reports_on_time", weights.get("reports_on_time", 0), reports, reports, None,
                   rep_evidence),
    ]
    return UnitScore(unit, year, ATTRACTING, _total(indicators), tuple(indicators))


def service_score(unit: str, year: int, as_of: dt.date, projects: list[ProjectFacts],
                  county: list[Deadline], weights: dict[str, float],
                  caps: dict[str, float]) -> UnitScore:
    approvals = [d for p in projects for d in p.approvals
                 if d.unit == unit and _in_year(d, year, as_of)]
    on_time, evidence = _share(approvals)
    late = sum(d.overdue_workdays for d in approvals)
    late_evidence = tuple((d.project, d.kind, d.ref) for d in approvals if d.overdue_workdays)
    penalty = caps.get("overdue_workday_penalty", CAP_DEFAULTS["overdue_workday_penalty"])
    w_late = weights.get("overdue_workdays", 0)
    notices = [d for d in county if d.kind == "notice" and d.unit == unit and d.start
               and d.start.year == year and d.start <= as_of]
    w_notice = weights.get("notices", 0)
    notice_penalty = caps.get("notice_penalty", CAP_DEFAULTS["notice_penalty"])
    problems, prob_evidence = _share([d for p in projects for d in p.of_kind("problem")
                                      if d.unit == unit and _in_year(d, year, as_of)])
    indicators = [
        _indicator("approvals_on_time", weights.get("approvals_on_time", 0), on_time, on_time,
                   None, evidence),
        _indicator("overdue_workdays", w_late,
                   (1 - late * penalty / w_late) if approvals and w_late else None, late, None,
                   late_evidence),
        _indicator("notices", w_notice,
                   1 - len(notices) * notice_penalty / w_notice if w_notice else None,
                   len(notices), None, tuple((d.project, "notice", d.ref) for d in notices)),
        _indicator("problems_resolved", weights.get("problems_resolved", 0), problems, problems,
                   None, prob_evidence),
    ]
    # Notices alone say nothing of service: without approvals or problems a unit is not scored.
    if on_time is None and problems is None:
        return UnitScore(unit, year, "service", None, tuple(indicators))
    return UnitScore(unit, year, "service", _total(indicators), tuple(indicators))


def unit_scores(units: dict[str, dict[str, Any]], year: int, as_of: dt.date,
                projects: list[ProjectFacts], county: list[Deadline],
                records: dict[str, dict[str, Any]], targets: list[dict[str, Any]],
                scoring: dict[str, Any]) -> tuple[UnitScore, ...]:
    scores = []
    for uid, unit in sorted(units.items()):
        roles = unit.get("roles", [])
        if ATTRACTING in roles:
            scores.append(attracting_score(uid, year, as_of, projects, records, targets,
                                           scoring.get("attracting", {})))
        elif any(r in roles for r in SERVICE_ROLES):
            scores.append(service_score(uid, year, as_of, projects, county,
                                        scoring.get("service", {}), scoring.get("caps", {})))
    return tuple(scores)
