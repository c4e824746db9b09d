"""The facts dump (DESIGN §5): every project with its approvals and the entries
``portal check`` would reject, and every department."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from ..evaluate.accountability import ProposedNotice
from ..evaluate.facts import Deadline, Facts, Indicator, ProjectFacts, UnitScore
from ..records import Records
from . import json_text
from .json_text import Items


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def deadline_json(d: Deadline) -> dict[str, Any]:
    return {"kind": d.kind, "ref": d.ref, "label": d.label, "unit": d.unit,
            "start": _date(d.start), "deadline": _date(d.deadline),
            "completed": _date(d.completed), "status": d.status,
            "overdue_workdays": d.overdue_workdays, "reason": d.reason}


def approval_json(d: Deadline) -> dict[str, Any]:
    return {"item": d.ref, "name": d.label, "department": d.unit, "submitted": _date(d.start),
            "deadline": _date(d.deadline), "completed": _date(d.completed), "status": d.status,
            "overdue_workdays": d.overdue_workdays, "reason": d.reason,
            "paused_workdays": d.paused_workdays}


def project_json(p: ProjectFacts) -> dict[str, Any]:
    pr = p.progress
    return {
        "id": p.id, "name": p.name, "stage": p.stage, "status": p.status,
        "lead_unit": p.lead_unit, "leader": p.leader, "key_project": p.key_project,
        "industry": p.industry, "township": p.township, "total_investment": p.total_investment,
        "colour": p.colour,
        "progress": {"cumulative": pr.cumulative, "percent_of_total": pr.percent_of_total,
                     "physical_percent": pr.physical_percent, "latest_month": pr.latest_month,
                     "year_invested": pr.year_invested, "year_plan": pr.year_plan},
        "approvals": [approval_json(d) for d in p.approvals],
        "deadlines": [deadline_json(d) for d in p.deadlines if d.kind != "approval"],
        "unexplained_overdue": [{"kind": d.kind, "ref": d.ref, "deadline": _date(d.deadline)}
                                for d in p.unexplained_overdue],
    }


def indicator_json(i: Indicator) -> dict[str, Any]:
    return {"name": i.name, "weight": i.weight, "value": i.value, "target": i.target,
            "ratio": i.ratio, "points": i.points,
            "evidence": [{"project": p, "kind": k, "ref": r} for p, k, r in i.evidence]}


def department_json(uid: str, unit: dict[str, Any], score: UnitScore | None,
                    previous: UnitScore | None) -> dict[str, Any]:
    return {
        "id": uid, "name": unit["name"], "short_name": unit.get("short_name"),
        "roles": unit.get("roles", []),
        "group": score.group if score else None,
        "year": score.year if score else None,
        "score": score.score if score else None,
        "indicators": {i.key: indicator_json(i) for i in score.indicators} if score else {},
        "previous_score": previous.score if previous else None,
    }


def proposed_notice_json(n: ProposedNotice) -> dict[str, Any]:
    return {"kind": n.code, "unit": n.unit, "projects": list(n.projects), "reason": n.reason,
            "count": n.count, "threshold": n.threshold,
            "evidence": [{"project": p, "kind": k, "ref": r} for p, k, r in n.evidence],
            "issued": list(n.issued)}


def facts_json(records: Records, facts: Facts) -> dict[str, Any]:
    return _document(records, facts, list)


def _document(records: Records, facts: Facts, projects_as: Callable[[Iterator[Any]], Any]) -> dict[str, Any]:
    """The dump, its projects passed through ``projects_as`` (``list``, or ``Items`` to write
    them one at a time)."""
    scores = {s.unit: s for s in facts.scores}
    previous = {s.unit: s for s in facts.previous_scores}
    return {
        "as_of": facts.as_of.isoformat(),
        "projects": projects_as(project_json(p) for p in facts.projects),
        "departments": [department_json(uid, u, scores.get(uid), previous.get(uid))
                        for uid, u in sorted(records.units.items())],
        "county": [deadline_json(d) for d in facts.county],
        "warnings": [{"code": w.code, "message": w.message} for w in facts.warnings],
        # Drafts for the leading-group office (art. 16), not issued notices.
        "proposed_notices": [proposed_notice_json(n) for n in
                             (facts.accountability.proposed_notices if facts.accountability else ())],
    }


def dumps(records: Records, facts: Facts) -> bytes:
    """The dump as indented JSON in UTF-8, one project at a time."""
    return json_text.dumps(_document(records, facts, Items))
