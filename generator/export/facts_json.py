"""The facts dump (DESIGN §5): every project with its approvals and the entries
``portal check`` would reject, and every department."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from ..evaluate.facts import Deadline, Facts, Indicator, ProjectFacts, ScorePeriod, Source, UnitScore
from ..evaluate.rulebook import RuleBook
from ..records import Records
from . import json_text
from .json_text import Items


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def source_json(s: Source | None) -> dict[str, Any] | None:
    """Where a time limit or weight comes from: the measures' article, a county rule, a sample."""
    if s is None:
        return None
    return {"kind": s.kind, "article": s.article, "document": s.document, "date": s.date,
            "label": s.label}


def _judging(d: Deadline) -> dict[str, Any]:
    # judged false: the clock started before the measures took effect (办法施行前)
    return {"judged": d.judged, "rule_set": d.rule_set, "source": source_json(d.source)}


def deadline_json(d: Deadline) -> dict[str, Any]:
    return {"kind": d.kind, "ref": d.ref, "label": d.label, "unit": d.unit,
            "start": _date(d.start), "deadline": _date(d.deadline),
            "completed": _date(d.completed), "status": d.status,
            "overdue_workdays": d.overdue_workdays, "reason": d.reason, **_judging(d)}


def approval_json(d: Deadline) -> dict[str, Any]:
    return {"item": d.ref, "name": d.label, "department": d.unit, "submitted": _date(d.start),
            "deadline": _date(d.deadline), "completed": _date(d.completed), "status": d.status,
            "overdue_workdays": d.overdue_workdays, "reason": d.reason,
            "paused_workdays": d.paused_workdays, **_judging(d)}


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


def period_json(p: ScorePeriod | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"start": _date(p.start), "end": _date(p.end), "share": round(p.share, 4),
            "partial": p.partial, "label": p.label, "rule_set": p.rule_set}


def score_json(s: UnitScore, previous: UnitScore | None) -> dict[str, Any]:
    return {"group": s.group, "year": s.year, "score": s.score, "period": period_json(s.period),
            "indicators": {i.key: indicator_json(i) for i in s.indicators},
            "previous_score": previous.score if previous else None}


def department_json(uid: str, unit: dict[str, Any], scores: list[UnitScore],
                    previous: dict[tuple[str, str], UnitScore]) -> dict[str, Any]:
    """``score`` and ``indicators`` are the unit's first group; ``scores`` has every group
    (a unit that attracts projects and also serves them is scored in both)."""
    score = scores[0] if scores else None
    before = previous.get((uid, score.group)) if score else None
    return {
        "id": uid, "name": unit["name"], "short_name": unit.get("short_name"),
        "roles": unit.get("roles", []),
        "group": score.group if score else None,
        "year": score.year if score else None,
        "score": score.score if score else None,
        "indicators": {i.key: indicator_json(i) for i in score.indicators} if score else {},
        "previous_score": before.score if before else None,
        "scores": [score_json(s, previous.get((uid, s.group))) for s in scores],
    }


def rules_json(book: RuleBook) -> dict[str, Any]:
    """The rule sets and the source of every number, as the method page shows them."""
    return {"interpreted_by": book.interpreted_by, "rule_sets": [
        {"id": r.id, "title": r.title, "effective_from": _date(r.effective_from),
         "expires": _date(r.expires),
         "numbers": {key: {"value": value, "source": source_json(src)}
                     for key, value, src in r.numbers()}}
        for r in book.rule_sets]}


def facts_json(records: Records, facts: Facts) -> dict[str, Any]:
    return _document(records, facts, list)


def _document(records: Records, facts: Facts, projects_as: Callable[[Iterator[Any]], Any]) -> dict[str, Any]:
    """The dump, its projects passed through ``projects_as`` (``list``, or ``Items`` to write
    them one at a time)."""
    scores: dict[str, list[UnitScore]] = {}
    for s in facts.scores:
        scores.setdefault(s.unit, []).append(s)
    previous = {(s.unit, s.group): s for s in facts.previous_scores}
    return {
        "as_of": facts.as_of.isoformat(),
        "projects": projects_as(project_json(p) for p in facts.projects),
        "departments": [department_json(uid, u, scores.get(uid, []), previous)
                        for uid, u in sorted(records.units.items())],
        "rules": rules_json(records.rule_book),
        "county": [deadline_json(d) for d in facts.county],
        # Neither the data keepers' notices nor the machine-drafted supervision notices (art.
        # 16: drafts for the leading-group office) are published: the internal site shows them.
    }


def dump(records: Records, facts: Facts, out: BinaryIO) -> None:
    """Indented JSON in UTF-8 written to ``out`` as it is made, one project at a time."""
    json_text.dump(_document(records, facts, Items), out)
