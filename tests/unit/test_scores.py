"""Department scores computed by hand for a small fixture (arts. 17-18)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.evaluate import evaluate
from generator.records import Records
from generator.workdays import WorkCalendar
from tests.rulebooks import VALUES, rules_file

# A whole year under the rules (2026-01-01 .. as_of 2026-12-31): targets count in full.
AS_OF = dt.date(2026, 12, 31)
RULES = rules_file({"meetings_per_month": 0}, effective_from="2026-01-01", expires="2027-06-30")
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
                            report("2026-10", 2000, 3000, "2026-11-10")],  # late (due 10-31)
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
               "investor": {"name": "乙公司"}, "collection": {"form_submitted": "2026-03-02"}}
    notices = [{"id": "n1", "number": "吉投督〔2026〕1号", "issued": "2026-10-01", "unit": "hb",
                "reason": "环评慢", "reply_deadline": "2026-10-10", "replied": "2026-10-09"}]
    targets = [{"year": 2026, "units": [{"unit": "zs", "attraction_task": 12000,
                                        "investment_plan": 6000, "reserve_task": 2}]}]
    return Records(projects={"a": signed, "b": reserve}, units=UNITS, approval_items=ITEMS,
                   notices=notices, targets=targets, rules=rules)


def scores(rules=RULES, as_of=AS_OF):
    facts = evaluate(records(rules), rules, WorkCalendar(), as_of)
    return {s.unit: s for s in facts.scores}


def weights(**attracting):
    return rules_file({"meetings_per_month": 0, "scoring": {
        **VALUES["scoring"], "attracting": {**VALUES["scoring"]["attracting"], **attracting}}},
        effective_from="2026-01-01", expires="2027-06-30")


def test_an_attracting_unit_scores_each_indicator_as_computed_by_hand():
    zs = scores()["zs"]
    points = {i.key: i.points for i in zs.indicators}
    assert points == {
        "signed_investment": 15.0,       # 6000 / 12000 of 30
        "completed_investment": 15.0,    # (1000 + 2000) / 6000 of 30
        "prephase_on_time": 15.0,        # signing + 2 registrations of 4 on time: 3/4 of 20
        "physical_progress": 0.0,        # weight 0 in these rules
        "reserve": 5.0,                  # 1 project entered the reserve in 2026, of 2
        "reports_on_time": 3.33,         # Sep on time, Oct late, Nov never filed: 1 of 3
    }
    assert zs.score == 53.3


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
    zs = scores(weights(signed_investment=60, completed_investment=0))["zs"]
    # 30 (half of 60) + 0 + 15 + 5 + 3.33 of 100 applicable points
    assert zs.score == pytest.approx(53.3)
    assert {i.key: i.weight for i in zs.indicators}["signed_investment"] == 60
    rules = weights(signed_investment=60, completed_investment=0, reserve=40)
    assert scores(rules)["zs"].score == round((30 + 0 + 15 + 20 + 10 / 3) / 130 * 100, 1)


def test_every_figure_names_the_entries_behind_it():
    zs = scores()["zs"]
    evidence = {i.key: i.evidence for i in zs.indicators}
    assert evidence["signed_investment"] == (("a", "signing", "signed"),)
    assert ("a", "registration", "tax") in evidence["prephase_on_time"]
    assert evidence["reserve"] == (("b", "collection", "form_submitted"),)


# -- periods under the rules, roles, reserve, statistics and physical progress ---------------

MEASURES = rules_file()   # in force 2026-01-15 .. 2027-01-14, as in the sample data


def test_a_year_before_the_measures_is_neither_scored_nor_published():
    recs = records(MEASURES)
    recs.targets.append({"year": 2025, "units": [{"unit": "zs", "attraction_task": 100}]})
    facts = evaluate(recs, MEASURES, WorkCalendar(), dt.date(2026, 11, 26))
    assert facts.previous_scores == ()                  # 2025 had targets but no measures
    assert facts.scores and all(s.year == 2026 for s in facts.scores)
    early = evaluate(recs, MEASURES, WorkCalendar(), dt.date(2026, 1, 10))
    assert early.scores == ()                           # the measures take effect on 01-15


def test_the_first_year_is_scored_from_the_effective_date_with_prorated_targets():
    zs = scores(MEASURES, dt.date(2026, 12, 3))["zs"]
    assert zs.period is not None
    assert zs.period.label == "部分年度：2026-01-15 至 2026-12-03，任务按比例折算"
    share = (dt.date(2026, 12, 3) - dt.date(2026, 1, 15)).days + 1
    signed = next(i for i in zs.indicators if i.key == "signed_investment")
    assert signed.target == round(12000 * share / 365, 2)
    assert signed.ratio == pytest.approx(6000 / signed.target)


def test_a_unit_that_attracts_and_approves_gets_a_score_in_each_role():
    recs = records(RULES)
    recs.units["hb"] = {**recs.units["hb"], "roles": ["attracting", "approving"]}
    recs.projects["b"]["lead_unit"] = "hb"
    facts = evaluate(recs, RULES, WorkCalendar(), AS_OF)
    assert sorted(s.group for s in facts.scores if s.unit == "hb") == ["attracting", "service"]
    service = next(s for s in facts.scores if s.unit == "hb" and s.group == "service")
    assert service.score == round((25 + 19 + 10) / 85 * 100, 1)   # as for an approving unit


def test_the_reserve_counts_projects_by_the_year_they_entered_it():
    recs = records(RULES)
    recs.projects["b"]["collection"] = {"form_submitted": "2025-06-01"}   # still assessed
    recs.projects["a"]["collection"] = {"form_submitted": "2026-02-10"}   # signed since
    facts = evaluate(recs, RULES, WorkCalendar(), AS_OF)
    reserve = next(i for s in facts.scores if s.unit == "zs" for i in s.indicators
                   if i.key == "reserve")
    assert reserve.value == 1 and reserve.evidence == (("a", "collection", "form_submitted"),)


def test_a_figure_confirmed_by_the_statistics_bureau_comes_first():
    recs = records(RULES)
    recs.targets[0]["units"][0]["confirmed_investment"] = 4500
    facts = evaluate(recs, RULES, WorkCalendar(), AS_OF)
    completed = next(i for s in facts.scores if s.unit == "zs" for i in s.indicators
                     if i.key == "completed_investment")
    assert (completed.value, completed.ratio) == (4500, 0.75)   # not the reports' 3000
    assert completed.evidence == ((None, "confirmed_investment", "2026"),)


def test_physical_progress_counts_projects_whose_progress_advanced_in_the_period():
    recs = records(weights(physical_progress=10))
    stuck = {**recs.projects["a"], "id": "c", "monthly_reports": [
        {**report("2025-12", 0, 0, "2025-12-31"), "progress_percent": 40},
        {**report("2026-09", 0, 0, "2026-09-30"), "progress_percent": 40}]}
    recs.projects["c"] = stuck
    facts = evaluate(recs, recs.rules, WorkCalendar(), AS_OF)
    physical = next(i for s in facts.scores if s.unit == "zs" for i in s.indicators
                    if i.key == "physical_progress")
    # a: 0 -> 10% (advanced); c: 40% before the year, still 40%: 1 of 2
    assert physical.ratio == 0.5 and physical.points == 5.0
    assert {e[0] for e in physical.evidence} == {"a", "c"}
