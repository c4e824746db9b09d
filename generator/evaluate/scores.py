"""Department scores (arts. 17-18): 0-100 per unit and year, each indicator shown.

Weights and penalties come from the rules file, so the published method and the
computed score cannot drift apart. A year is scored only for the part of it a rule set was in
force (``score_period``): before the measures took effect nothing is scored, and a partial
year's targets are prorated. An indicator with nothing to measure is "not
applicable" and its weight is shared out among the others; a unit with no applicable
indicator is "not scored" (score None) rather than divided by zero.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .facts import Deadline, Evidence, Indicator, ProjectFacts, ScorePeriod, UnitScore
from .rulebook import RuleBook

RESERVE_STAGES = ("collection", "assessment", "policy")
ATTRACTING = "attracting"
SERVICE_ROLES = ("approving", "utility", "review", "park")
INDICATOR_NAMES = {
    "signed_investment": "签约引资完成率",
    "completed_investment": "年度投资计划完成率",
    "physical_progress": "工程形象进度推进率",
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


def _in_period(d: Deadline, period: ScorePeriod, as_of: dt.date) -> bool:
    """Fell due in the period, and is settled: due by ``as_of`` or already done."""
    return d.judged and d.deadline is not None and period.start <= d.deadline <= period.end and (
        d.deadline <= as_of or d.completed is not None)


def _within(value: Any, period: ScorePeriod) -> bool:
    return isinstance(value, str) and period.start.isoformat() <= value[:10] <= period.end.isoformat()


def score_period(book: RuleBook, year: int, as_of: dt.date) -> ScorePeriod | None:
    """The part of ``year`` under a rule set, up to ``as_of``; None when no set covers it."""
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)
    sets = book.covering(first, last)
    if not sets or last < first:
        return None
    start = max(first, sets[0].effective_from)
    end = min(last, max(r.expires for r in sets))
    weights = book.rule_set_at(end) or sets[-1]
    return ScorePeriod(year, start, end, weights.id)


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


def _scaled(value: Any, share: float) -> float | None:
    return round(float(value) * share, 2) if value else None


def _physical(pids: list[str], records: dict[str, dict[str, Any]], period: ScorePeriod
              ) -> tuple[float | None, tuple[Evidence, ...]]:
    """Projects that reported in the period and had not reached 100% before it: the share
    whose latest physical progress (形象进度) in the period is above the last figure before it
    (or has reached 100%)."""
    first, last = period.start.isoformat()[:7], period.end.isoformat()[:7]
    counted, advanced = [], 0
    for pid in pids:
        reports = sorted(records[pid].get("monthly_reports", []), key=lambda r: r["month"])
        before = [float(r["progress_percent"]) for r in reports if r["month"] < first]
        during = [r for r in reports if first <= r["month"] <= last]
        start = before[-1] if before else 0.0
        if not during or start >= 100:
            continue
        latest = float(during[-1]["progress_percent"])
        counted.append((pid, "monthly_report", str(during[-1]["month"])))
        advanced += latest > start or latest >= 100
    return (advanced / len(counted) if counted else None), tuple(counted)


def attracting_score(unit: str, period: ScorePeriod, as_of: dt.date,
                     projects: list[ProjectFacts], records: dict[str, dict[str, Any]],
                     targets: list[dict[str, Any]], weights: dict[str, float]) -> UnitScore:
    mine = [p for p in projects if p.lead_unit == unit]
    target = _target(targets, period.year, unit)
    signed = []
    for p in mine:
        signing = records[p.id].get("signing", {})
        if _within(signing.get("signed"), period):
            signed.append((p.id, float(signing.get("agreement_investment", p.total_investment))))
    task = _scaled(target.get("attraction_task"), period.share)
    amount = sum(a for _, a in signed)
    plan = _scaled(target.get("investment_plan"), period.share)
    months = (period.start.isoformat()[:7], period.end.isoformat()[:7])
    invested = sum(v for p in mine for (m, v, _, _) in p.progress.series
                   if months[0] <= m <= months[1])
    invested_evidence: tuple[Evidence, ...] = tuple((p.id, "monthly_report", str(period.year))
                              for p in mine if p.progress.series)
    if target.get("confirmed_investment") is not None:
        # Art. 18: assessed with the statistics bureau; its confirmed figure comes first.
        invested = float(target["confirmed_investment"])
        invested_evidence = ((None, "confirmed_investment", str(period.year)),)
    reserve = [p.id for p in mine
               if _within(records[p.id].get("collection", {}).get("form_submitted"), period)]
    reserve_task = _scaled(target.get("reserve_task"), period.share)
    physical, phys_evidence = _physical([p.id for p in mine], records, period)
    prephase, pre_evidence = _share([d for p in mine for d in p.deadlines
                                     if d.kind in ("signing", "registration")
                                     and _in_period(d, period, as_of)])
    reports, rep_evidence = _share([d for p in mine for d in p.of_kind("monthly_report")
                                    if _in_period(d, period, as_of)])
    indicators = [
        _indicator("signed_investment", weights.get("signed_investment", 0),
                   amount / task if task else None, amount, task,
                   tuple((pid, "signing", "signed") for pid, _ in signed)),
        _indicator("completed_investment", weights.get("completed_investment", 0),
                   invested / plan if plan else None, invested, plan, invested_evidence),
        _indicator("physical_progress", weights.get("physical_progress", 0), physical, physical,
                   None, phys_evidence),
        _indicator("prephase_on_time", weights.get("prephase_on_time", 0), prephase,
                   prephase, None, pre_evidence),
        _indicator("reserve", weights.get("reserve", 0),
                   len(reserve) / reserve_task if reserve_task else None, len(reserve),
                   reserve_task, tuple((pid, "collection", "form_submitted") for pid in reserve)),
        _indicator("reports_on_time", weights.get("reports_on_time", 0), reports, reports, None,
                   rep_evidence),
    ]
    return UnitScore(unit, period.year, ATTRACTING, _total(indicators), tuple(indicators),
                     period)


def service_score(unit: str, period: ScorePeriod, as_of: dt.date, handled: list[Deadline],
                  county: list[Deadline], weights: dict[str, float],
                  caps: dict[str, float]) -> UnitScore:
    """``handled``: the approvals and problems of every project that ``unit`` handles."""
    approvals = [d for d in handled if d.kind == "approval" and _in_period(d, period, as_of)]
    on_time, evidence = _share(approvals)
    late = sum(d.overdue_workdays for d in approvals)
    late_evidence = tuple((d.project, d.kind, d.ref) for d in approvals if d.overdue_workdays)
    penalty = caps.get("overdue_workday_penalty", CAP_DEFAULTS["overdue_workday_penalty"])
    w_late = weights.get("overdue_workdays", 0)
    notices = [d for d in county if d.kind == "notice" and d.unit == unit and d.start
               and period.start <= d.start <= period.end]
    w_notice = weights.get("notices", 0)
    notice_penalty = caps.get("notice_penalty", CAP_DEFAULTS["notice_penalty"])
    problems, prob_evidence = _share([d for d in handled
                                      if d.kind == "problem" and _in_period(d, period, as_of)])
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
    score = None if on_time is None and problems is None else _total(indicators)
    return UnitScore(unit, period.year, "service", score, tuple(indicators), period)


def unit_scores(units: dict[str, dict[str, Any]], period: ScorePeriod, as_of: dt.date,
                projects: list[ProjectFacts], county: list[Deadline],
                records: dict[str, dict[str, Any]], targets: list[dict[str, Any]],
                scoring: dict[str, Any]) -> tuple[UnitScore, ...]:
    """One score per unit and group: a unit that attracts projects and also serves them
    (approvals, utilities, review, park) is scored in both groups."""
    scores = []
    handled: dict[str | None, list[Deadline]] = {}
    for p in projects:
        for d in p.deadlines:
            if d.kind in ("approval", "problem"):
                handled.setdefault(d.unit, []).append(d)
    for uid, unit in sorted(units.items()):
        roles = unit.get("roles", [])
        if ATTRACTING in roles:
            scores.append(attracting_score(uid, period, as_of, projects, records, targets,
                                           scoring.get("attracting", {})))
        if any(r in roles for r in SERVICE_ROLES):
            scores.append(service_score(uid, period, as_of, handled.get(uid, []), county,
                                        scoring.get("service", {}), scoring.get("caps", {})))
    return tuple(scores)
