"""Rules files for tests: plain values wrapped with their sources, as rules.yaml writes them.

A number the measures fix (``MEASURES_NUMBERS``) gets its article when its value matches;
every other number is a sample placeholder unless ``sources`` says otherwise.
"""

from __future__ import annotations

from typing import Any

from generator.evaluate.rulebook import MEASURES_NUMBERS, RuleBook, parse_rules

VALUES: dict[str, Any] = {   # the sample data's values (data/rules.yaml)
    "signing_months": 1, "registration_workdays": 10, "review_opinion_workdays": 5,
    "report_grace_days": 0, "warning_workdays": 5, "key_project_threshold": 50000,
    "expiry_warning_days": 60,
    "problem_response_workdays": {"general": 10, "county": 20},
    "meetings_per_month": 1, "leader_briefings_per_month": 1, "leader_visits_per_month": 1,
    "proposed_notice": {"overdue_approvals": 2, "missing_reports": 2, "county_problem_workdays": 30},
    "scoring": {
        "attracting": {"signed_investment": 30, "completed_investment": 30, "prephase_on_time": 20,
                       "reserve": 10, "reports_on_time": 10},
        "service": {"approvals_on_time": 50, "overdue_workdays": 20, "notices": 15,
                    "problems_resolved": 15},
        "caps": {"overdue_workday_penalty": 0.5, "notice_penalty": 5}},
}
COUNTY_DOC = {"id": "xize-2026", "title": "社会投资项目服务管理办法实施细则",
              "number": "吉招领〔2026〕1号", "date": "2026-03-01", "adopted_by": "招商领导小组"}


def _wrap(values: dict[str, Any], sources: dict[str, dict[str, Any]], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        path = prefix + key
        if isinstance(value, dict):
            out[key] = _wrap(value, sources, path + ".")
        elif path in sources:
            out[key] = {"value": value, **sources[path]}
        elif MEASURES_NUMBERS.get(path, (None,))[0] == value:
            out[key] = {"value": value, "source": "measures", "article": MEASURES_NUMBERS[path][1]}
        else:
            out[key] = {"value": value, "source": "sample"}
    return out


def rule_set(overrides: dict[str, Any] | None = None, *, sources: dict[str, dict[str, Any]] | None = None,
             id: str = "measures-2026", effective_from: str = "2026-01-15",
             expires: str = "2027-01-14") -> dict[str, Any]:
    values = {**VALUES, **(overrides or {})}
    return {"id": id, "title": "吉木萨尔县社会投资项目服务管理办法", "effective_from": effective_from,
            "expires": expires, **_wrap(values, sources or {})}


def rules_file(overrides: dict[str, Any] | None = None, *,
               sources: dict[str, dict[str, Any]] | None = None, **dates: str) -> dict[str, Any]:
    """One rule set (2026-01-15 .. 2027-01-14 unless given) with the sample values."""
    return {"interpreted_by": "招商领导小组", "documents": [COUNTY_DOC],
            "rule_sets": [rule_set(overrides, sources=sources, **dates)]}


def rule_book(overrides: dict[str, Any] | None = None, **kw: Any) -> RuleBook:
    return parse_rules(rules_file(overrides, **kw))
