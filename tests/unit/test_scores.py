"""Department scores computed by hand for a small fixture (arts. 17-18)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.evaluate import evaluate
from generator.records import Records
from generator.workdays import WorkCalendar

AS_OF = dt.date(2026, 11, 26)
RULES = {
    "effective_from": "2026-01-15", "expires": "2027-01-14", "signing_months": 1,
    "registration_workdays": 10, "report_grace_days": 5, "warning_workdays": 5,
    "key_project_threshold": 50000, "problem_response_workdays": {"general": 10, "county": 20},
    "meetings_per_month": 0,
    "scoring": {
        "attracting": {"signed_investment": 30, "completed_investment": 30,
                       "prephase_on_time": 20, "reserve": 10, "reports_on_time": 10},
        "service": {"approvals_on_time": 50, "overdue_workdays": 20, "notices": 15,
                    "problems_resolved": 15},
        "caps": {"overdue_workday_penalty": 0.5, "notice_penalty": 5},
    },
}
UNITS = {
    "zs": {"id": "zs", "name": "招商局", "roles": ["attracting"]},
    "hb": {"id": "hb", "name": "生态环境局", "roles": ["approving"]},
    "idle": {"id": "idle", "name": "无项目的局", "roles": ["approving"]},
    "new": {"id": "new", "name": "新设招引单位", "roles": ["attracting"]},
}
ITEMS = {"eia": {"id": "eia", "name": "环评", "unit": "hb", "committed_limit": {"value": 10, "source": "sample"}}}


def report(month, invested, cumulative, reported):
    return {"month": month, "invested": invested, "cumulative": cumulative,
            "progress_percent": 10, "reported": reported}


def records(rules=RULES):
    signed = {
        "id": "a", "name": "甲", "stage": "landing", "lead_unit": "zs", "industry": "other",
        "location": {"township": "t"}, "total_investment": 9000, "investor": {"name": "甲公司"},
        "policy": {"kind": "standard", "agreed": "2026-08-10"},
        # signed 2026-09-01: on time (deadline 09-10); registrations due 2026-09-15
        "signing": {"signed": "2026-09-01", "agreement_investment": 6000, "registrations": {
            "company": {"completed": "2026-09-10"}, "bank_account": {"completed": "2026-09-10"},
            "tax": {"completed": "2026-09-18"}}},  # late
        "monthly_reports": [report("2026-09", 1000, 1000, "2026-09-30"),
                            report("2026-10", 2000, 3000, "2026-11-10")],  # late (due 11-05)
        "approvals": [
            # 10 working days after 2026-09-01 -> 2026-09-15; done 09-14 on time
            {"item": "eia", "submitted": "2026-09-01", "completed": "2026-09-14"},
            # 10 working days after 2026-10-12 -> 2026-10-26; done 10-28: 2 working days late
            {"item": "eia", "submitted": "2026-10-12", "completed": "2026-10-28",
             "delay_reason": "企业补正材料"},
        ],
    }
    reserve = {"id": "b", "name": "乙", "stage": "assessment", "lead_unit": "zs",
               "industry": "other", "location": {"township": "t"}, "total_investment": 100,
               "investor": {"name": "乙公司"}}
    notices = [{"id": "n1", "number": "吉投督〔2026〕1号", "issued": "2026-10-01", "unit": "hb",
                "reason": "环评慢", "reply_deadline": "2026-10-10", "replied": "2026-10-09"}]
    targets = [{"year": 2026, "units": [{"unit": "zs", "attraction_task": 12000,
                                        "investment_plan": 6000, "reserve_task": 2}]}]
    return Records(projects={"a": signed, "b": reserve}, units=UNITS, approval_items=ITEMS,
                   notices=notices, targets=targets, rules=rules)


def scores(rules=RULES):
    facts = evaluate(records(rules), rules, WorkCalendar(), AS_OF)
    return {s.unit: s for s in facts.scores}


def test_an_attracting_unit_scores_each_indicator_as_computed_by_hand():
    zs = scores()["zs"]
    points = {i.key: i.points for i in zs.indicators}
    assert points == {
        "signed_investment": 15.0,       # 6000 / 12000 of 30
        "completed_investment": 15.0,    # (1000 + 2000) / 6000 of 30
        "prephase_on_time": 15.0,        # signing + 2 registrations of 4 on time: 3/4 of 20
        "reserve": 5.0,                  # 1 reserve project of 2: 1/2 of 10
        "reports_on_time": 5.0,          # 1 of 2 reports on time (November not yet due)
    }
    assert zs.score == 55.0


def test_an_approving_unit_scores_approvals_overdue_days_and_notices():
    hb = scores()["hb"]
    points = {i.key: i.points for i in hb.indicators}
    assert points["approvals_on_time"] == 25.0     # 1 of 2 on time, of 50
    assert points["overdue_workdays"] == 19.0      # 20 - 2 working days x 0.5
    assert points["notices"] == 10.0               # 15 - 1 notice x 5
    assert points["problems_resolved"] is None     # no problems: not applicable
    assert hb.score == round((25 + 19 + 10) / 85 * 100, 1)


def test_a_unit_with_no_projects_is_not_scored_and_nothing_divides_by_zero():
    result = scores()
    assert result["idle"].score is None
    assert result["new"].score is None  # no targets, no projects


def test_changing_a_weight_changes_the_score():
    rules = {**RULES, "scoring": {**RULES["scoring"], "attracting": {
        **RULES["scoring"]["attracting"], "signed_investment": 60, "completed_investment": 0}}}
    zs = scores(rules)["zs"]
    # 30 (half of 60) + 0 + 15 + 5 + 5 of 100 applicable points
    assert zs.score == pytest.approx(55.0)
    assert {i.key: i.weight for i in zs.indicators}["signed_investment"] == 60
    rules["scoring"]["attracting"]["reserve"] = 40
    assert scores(rules)["zs"].score == round((30 + 0 + 15 + 20 + 5) / 130 * 100, 1)


def test_every_figure_names_the_entries_behind_it():
    zs = scores()["zs"]
    evidence = {i.key: i.evidence for i in zs.indicators}
    assert evidence["signed_investment"] == (("a", "signing", "signed"),)
    assert ("a", "registration", "tax") in evidence["prephase_on_time"]
    assert evidence["reserve"] == (("b", "stage", "reserve"),)
