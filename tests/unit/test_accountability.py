"""Accountability facts (arts. 12, 15, 16) of the accountability fixture on 2026-11-26: the
base project plus tests/fixtures/accountability (meetings, notices, targets, a key project
with problems, months without a briefing or a site visit, a large project not marked key, a key
project still in collection that owes no pairing yet). Every expected value below was worked
out by hand from those files."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.evaluate import evaluate
from generator.evaluate.accountability import (
    accountability,
    key_project_flags,
    meeting_gaps,
    proposed_notices,
)
from generator.evaluate.facts import Facts, Problem
from generator.pipeline import load_and_evaluate
from generator.records import Records
from generator.workdays import WorkCalendar
from tests.conftest import AS_OF, FIXTURES


def accountability_data(root: Path) -> Path:
    """The base fixture with the accountability files laid over it."""
    data = root / "data"
    shutil.copytree(FIXTURES / "base", data)
    shutil.copytree(FIXTURES / "accountability", data, dirs_exist_ok=True)
    return data


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Records, Facts]:
    result = load_and_evaluate(accountability_data(tmp_path_factory.mktemp("acc")),
                               dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    return result.records, result.facts


def _summary(n):
    return n.code, n.unit, n.projects, n.count, n.threshold, n.evidence, n.issued


def test_the_proposed_notices_are_exactly_the_three_conditions_the_data_meets(evaluated):
    _, facts = evaluated
    assert facts.accountability is not None
    assert [_summary(n) for n in facts.accountability.proposed_notices] == [
        # two open approvals of the environment bureau (threshold 2), most overdue first;
        # notice 2 was already issued to it about the base project
        ("overdue_approvals", "shengtai", ("2026-acc-chem", "2026-base-pv"), 2, 2,
         (("2026-base-pv", "approval", "eia-table"), ("2026-acc-chem", "approval", "eia-table")),
         ("2026-02",)),
        # the base project's reports of April to October were never filed (threshold 2)
        ("missing_reports", "shanggongju", ("2026-base-pv",), 7, 2,
         tuple(("2026-base-pv", "monthly_report", f"2026-{m:02d}") for m in range(4, 11)), ()),
        # raised on Monday 2026-08-03: 20 working days left in August, 22 in September
        # (Mid-Autumn on the 25th, make-up Sunday the 20th), 18 in October (National Day,
        # make-up Saturday the 10th), 19 up to 26 November: 79 > 30
        ("county_problem", "ziranziyuan", ("2026-acc-chem",), 79, 30,
         (("2026-acc-chem", "problem", "p1"),), ("2026-01",)),
    ]


def test_a_proposed_notice_names_the_unit_the_projects_and_the_threshold(evaluated):
    _, facts = evaluated
    assert facts.accountability is not None
    approvals, reports, problem = facts.accountability.proposed_notices
    assert approvals.reason.startswith("生态环境局办理的 2 项审批事项超过承诺时限仍未办结（最长逾期 148 个工作日）")
    assert "北庭镇20MW分布式光伏项目" in reports.reason and "7 份月报逾期未报送" in reports.reason
    assert "“项目用地征收补偿未完成”自 2026-08-03 提出，已 79 个工作日未解决（超过 30 个工作日）" in problem.reason
    assert "分管县领导李明" in problem.reason


def test_a_condition_missing_from_the_rules_is_not_checked(evaluated):
    records, facts = evaluated
    assert facts.accountability is not None
    problems = facts.accountability.problems
    assert proposed_notices(records, {}, facts.projects, problems) == ()
    only = proposed_notices(records, {"missing_reports": 8}, facts.projects, problems)
    assert only == ()  # 7 missing reports stay below 8
    assert [n.code for n in proposed_notices(records, {"county_problem_workdays": 78},
                                             facts.projects, problems)] == ["county_problem"]
    assert proposed_notices(records, {"county_problem_workdays": 79}, facts.projects, problems) == ()


def test_months_that_ended_without_a_dispatch_meeting_are_the_gaps(evaluated):
    _, facts = evaluated
    assert facts.accountability is not None
    gaps = facts.accountability.meeting_gaps
    assert [d.ref for d in gaps] == ["2026-02", "2026-07"]   # November has not ended yet
    assert all(d.colour == "red" for d in gaps)
    months = {d.ref: d.status for d in facts.county if d.kind == "meeting"}
    assert months["2026-11"] == "due_soon" and months["2026-09"] == "done_on_time"
    assert meeting_gaps(facts.county) == gaps


def test_key_project_flags_name_each_gap_in_the_pairing(evaluated):
    _, facts = evaluated
    assert facts.accountability is not None
    flags = [(f.project, f.code, f.leader, f.months) for f in facts.accountability.key_flags]
    # acc-chem's pairing starts with the policy (agreed 2026-05-20; no assessment recorded);
    # it was visited in June, July and October and heard a briefing only in September, which
    # does not stand for a site visit. November has not ended. acc-newmat is still in
    # collection with no pairing date: it owes nothing yet.
    assert flags == [
        ("2026-acc-big", "not_flagged", None, ()),            # 60,000 >= 50,000 but not key
        ("2026-acc-chem", "missed_briefings", "leader-li",
         ("2026-05", "2026-06", "2026-07", "2026-08", "2026-10")),
        ("2026-acc-chem", "missed_visits", "leader-li", ("2026-05", "2026-08", "2026-09")),
    ]


def test_the_threshold_itself_makes_a_key_project_and_paused_projects_owe_nothing(evaluated):
    _, facts = evaluated
    big = next(p for p in facts.projects if p.id == "2026-acc-big")
    assert [f.code for f in key_project_flags([replace(big, total_investment=50000)], 50000)] == [
        "not_flagged"]
    assert key_project_flags([replace(big, total_investment=49999.9)], 50000) == ()
    assert key_project_flags([replace(big, status="paused")], 50000) == ()
    newmat = next(p for p in facts.projects if p.id == "2026-acc-newmat")
    orphan = replace(newmat, leader=None)  # invalid data (key-project-leader), flagged anyway
    assert [f.code for f in key_project_flags([orphan], 50000)] == ["no_leader"]
    assert key_project_flags([replace(orphan, status="cancelled")], 50000) == ()


def test_each_problem_has_its_level_owner_deadline_and_working_days(evaluated):
    _, facts = evaluated
    assert facts.accountability is not None
    problems: dict[str, Problem] = {p.ref: p for p in facts.accountability.problems}
    p1 = problems["2026-acc-chem#p1"]
    assert (p1.level, p1.owner_unit, p1.leader, p1.status, p1.is_open) == (
        "county", "ziranziyuan", "leader-li", "in_progress", True)
    # 20 working days for a county problem: 2026-08-31, then overdue up to 2026-11-26
    assert (p1.deadline.deadline, p1.deadline.status) == (dt.date(2026, 8, 31), "overdue")
    assert (p1.open_workdays, p1.deadline.overdue_workdays) == (79, 59)
    assert p1.meetings == ("2026-09-dispatch",)
    p3 = problems["2026-acc-chem#p3"]
    assert (p3.is_open, p3.open_workdays, p3.deadline.status) == (False, 7, "done_on_time")
    assert problems["2026-acc-chem#p2"].deadline.status == "pending"


def test_a_county_problem_without_its_own_leader_goes_to_the_projects_leader():
    project = {
        "id": "x", "name": "项目", "stage": "landing", "lead_unit": "u", "leader": "boss",
        "industry": "other", "location": {"township": "t"}, "total_investment": 10,
        "investor": {"name": "公司"},
        "problems": [{"id": "p1", "title": "县级", "level": "county", "owner_unit": "u",
                      "raised": "2026-11-02", "status": "open"},
                     {"id": "p2", "title": "一般", "level": "general", "owner_unit": "u",
                      "raised": "2026-11-02", "status": "open"}],
    }
    rules = {"effective_from": "2026-01-15", "problem_response_workdays": {"general": 10, "county": 20},
             "signing_months": 1, "registration_workdays": 10, "report_grace_days": 5,
             "meetings_per_month": 0, "key_project_threshold": 50000}
    records = Records(projects={"x": project}, rules=rules)
    calendar = WorkCalendar()
    facts = evaluate(records, rules, calendar, dt.date(2026, 11, 26))
    result = accountability(records, rules, calendar, facts.as_of, facts.projects, facts.county)
    assert [(p.id, p.leader) for p in result.problems] == [("p1", "boss"), ("p2", None)]
    assert result.proposed_notices == () and result.key_flags == () and result.meeting_gaps == ()


def _with_approval(facts: Facts, project: str, item: str, **changes) -> tuple:
    """The projects with one approval changed (its reason, or an open pause)."""
    out = []
    for p in facts.projects:
        deadlines = tuple(replace(d, **changes) if (d.project, d.kind, d.ref) == (
            project, "approval", item) else d for d in p.deadlines)
        out.append(replace(p, deadlines=deadlines))
    return tuple(out)


@pytest.mark.parametrize("changes", [
    {"reason": "企业补正材料后重新受理，已书面说明"},                 # explained
    {"extra": {"paused_since": dt.date(2026, 4, 10), "time_limit_workdays": 15}},  # clock paused
])
def test_an_explained_or_paused_approval_does_not_count_toward_a_proposed_notice(evaluated, changes):
    records, facts = evaluated
    assert facts.accountability is not None
    problems = facts.accountability.problems
    thresholds = {"overdue_approvals": 2}
    before = proposed_notices(records, thresholds, facts.projects, problems)
    assert [n.count for n in before] == [2]
    projects = _with_approval(facts, "2026-base-pv", "eia-table", **changes)
    assert proposed_notices(records, thresholds, projects, problems) == ()   # 1 left, below 2
    assert proposed_notices(records, {"overdue_approvals": 1}, projects, problems)[0].evidence == (
        ("2026-acc-chem", "approval", "eia-table"),)


def test_explained_missing_reports_do_not_count_toward_a_proposed_notice(evaluated):
    records, facts = evaluated
    assert facts.accountability is not None
    problems = facts.accountability.problems
    projects = []
    for p in facts.projects:   # five of the seven missing months get a written reason
        projects.append(replace(p, deadlines=tuple(
            replace(d, reason="项目停工，已书面说明") if d.kind == "monthly_report"
            and d.ref <= "2026-08" else d for d in p.deadlines)))
    [notice] = proposed_notices(records, {"missing_reports": 2}, projects, problems)
    assert notice.count == 2 and [e[2] for e in notice.evidence] == ["2026-09", "2026-10"]
