"""Deadlines and status, evaluated purely for a pinned as_of."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import workdays
from generator.evaluate import evaluate
from generator.evaluate.deadlines import Clock, project_deadlines, report_due
from generator.evaluate.rulebook import parse_rules
from generator.records import Records
from generator.workdays import WorkCalendar
from tests.rulebooks import rules_file

D = dt.date.fromisoformat
CAL = WorkCalendar()
RULES = rules_file()
BOOK = parse_rules(RULES)
ITEMS = {"eia": {"id": "eia", "name": "环评审批", "unit": "shengtai",
                 "committed_limit": {"value": 5, "source": "sample"}}}


def project(**extra):
    base = {"id": "p", "name": "测试项目", "stage": "landing", "lead_unit": "shanggongju",
            "industry": "new_energy", "location": {"township": "t"}, "total_investment": 1000,
            "investor": {"name": "某公司"}}
    base.update(extra)
    return base


def deadlines(p, as_of, kind=None):
    found = project_deadlines("p", p, ITEMS, BOOK, Clock(CAL, D(as_of), 5))
    return [d for d in found if kind is None or d.kind == kind]


# An approval submitted on 2026-09-25 (Mid-Autumn holiday): counting starts on Mon 09-28,
# then National Day (Oct 1-7) stops the clock: 09-28, 09-29, 09-30, 10-08, 10-09.
@pytest.mark.parametrize(("as_of", "completed", "status", "late"), [
    ("2026-09-20", None, "pending", 0),
    ("2026-09-30", None, "due_soon", 0),
    ("2026-10-09", None, "due_soon", 0),
    ("2026-10-10", None, "overdue", 1),      # Saturday 10-10 is a make-up working day
    ("2026-10-12", None, "overdue", 2),
    ("2026-10-20", "2026-10-09", "done_on_time", 0),
    ("2026-10-20", "2026-10-13", "done_late", 3),
])
def test_an_approval_gets_its_deadline_in_working_days_and_a_status(as_of, completed, status,
                                                                    late):
    entry = {"item": "eia", "submitted": "2026-09-25"}
    if completed:
        entry["completed"] = completed
    [approval] = deadlines(project(approvals=[entry]), as_of, "approval")
    assert approval.deadline == D("2026-10-09")
    assert (approval.status, approval.overdue_workdays) == (status, late)
    assert approval.unit == "shengtai"


def test_an_approval_not_yet_submitted_has_no_deadline_and_is_pending():
    [approval] = deadlines(project(approvals=[{"item": "eia"}]), "2026-11-26", "approval")
    assert approval.deadline is None and approval.status == "pending"


def test_a_late_approval_with_a_reason_is_late_but_explained():
    entry = {"item": "eia", "submitted": "2026-09-25", "delay_reason": "补充材料耽误两天"}
    [approval] = deadlines(project(approvals=[entry]), "2026-10-20", "approval")
    assert approval.status == "overdue" and not approval.unexplained


@pytest.mark.parametrize(("agreed", "deadline"), [
    ("2026-01-31", "2026-02-28"),   # no Feb 31: the month's last day
    ("2026-03-31", "2026-04-30"),
    ("2026-05-31", "2026-06-30"),
])
def test_signing_is_due_one_calendar_month_after_the_policy_agreement(agreed, deadline):
    p = project(policy={"kind": "standard", "agreed": agreed})
    [signing] = deadlines(p, "2026-11-26", "signing")
    assert signing.deadline == D(deadline) and signing.status == "overdue"


def test_the_three_registrations_are_due_ten_working_days_after_signing_across_national_day():
    p = project(signing={"signed": "2026-09-28", "registrations": {
        "company": {"completed": "2026-10-16"}, "bank_account": {"completed": "2026-10-19"}}})
    regs = {d.ref: d for d in deadlines(p, "2026-11-26", "registration")}
    assert {d.deadline for d in regs.values()} == {D("2026-10-16")}
    assert regs["company"].status == "done_on_time"
    assert (regs["bank_account"].status, regs["bank_account"].overdue_workdays) == ("done_late", 1)
    assert regs["tax"].status == "overdue" and regs["tax"].unexplained


@pytest.mark.parametrize(("month", "due"), [
    ("2026-01", "2026-01-31"), ("2026-02", "2026-02-28"), ("2024-02", "2024-02-29"),
    ("2026-12", "2026-12-31"),
])
def test_a_monthly_report_is_due_on_the_last_day_of_its_month(month, due):
    assert report_due(month, BOOK) == D(due)  # art. 14: 每月底填报, no grace in the measures


def test_a_grace_period_applies_only_as_a_county_rule_with_its_source():
    county = parse_rules(rules_file({"report_grace_days": 3}, sources={
        "report_grace_days": {"source": "county", "document": "xize-2026"}}))
    assert report_due("2026-09", county) == D("2026-10-03")
    p = project(signing={"signed": "2026-09-10"})
    [report] = [d for d in project_deadlines("p", p, ITEMS, county, Clock(CAL, D("2026-10-02"), 5))
                if d.kind == "monthly_report" and d.ref == "2026-09"]
    assert report.source is not None and report.source.label == "本县细则（吉招领〔2026〕1号，2026-03-01）"


def test_monthly_reports_are_owed_from_signing_until_today_and_a_missing_one_is_overdue():
    report = {"month": "2026-09", "invested": 1, "cumulative": 1, "progress_percent": 1,
              "reported": "2026-09-30"}
    p = project(signing={"signed": "2026-09-10"}, monthly_reports=[report],
                delays=[{"kind": "monthly_report", "ref": "2026-10", "reason": "项目停工未统计"}])
    reports = {d.ref: d for d in deadlines(p, "2026-11-26", "monthly_report")}
    assert sorted(reports) == ["2026-09", "2026-10", "2026-11"]
    assert reports["2026-09"].status == "done_on_time"
    assert reports["2026-10"].status == "overdue" and reports["2026-10"].reason == "项目停工未统计"
    # due on 11-30, two working days after as_of: inside the warning window
    assert reports["2026-11"].status == "due_soon"


def test_a_report_filed_after_month_end_is_done_late():
    report = {"month": "2026-09", "invested": 1, "cumulative": 1, "progress_percent": 1,
              "reported": "2026-10-02"}
    p = project(signing={"signed": "2026-09-10"}, monthly_reports=[report])
    [late] = [d for d in deadlines(p, "2026-11-26", "monthly_report") if d.ref == "2026-09"]
    assert (late.deadline, late.status, late.unexplained) == (D("2026-09-30"), "done_late", True)
    assert late.source is not None and late.source.label == "《办法》第十四条"


def test_on_december_3_an_unfiled_november_report_is_overdue():
    p = project(signing={"signed": "2026-09-10"})
    reports = {d.ref: d for d in deadlines(p, "2026-12-03", "monthly_report")}
    assert reports["2026-11"].status == "overdue" and reports["2026-11"].colour == "red"
    assert reports["2026-12"].status == "pending"


def test_a_key_project_owes_a_leader_visit_every_month():
    p = project(key_project=True, leader="l", signing={"signed": "2026-09-10"},
                visits=[{"date": "2026-09-20", "leader": "l"}])
    visits = {d.ref: d.status for d in deadlines(p, "2026-11-26", "leader_visit")}
    # 2026-11-30 is two working days after as_of: inside the five-day warning window
    assert visits == {"2026-09": "done_on_time", "2026-10": "overdue", "2026-11": "due_soon"}


def test_a_paused_project_owes_no_new_reports():
    p = project(status="paused", signing={"signed": "2026-09-10"})
    assert deadlines(p, "2026-11-26", "monthly_report") == []


def test_evaluation_reads_no_clock(monkeypatch):
    def boom():
        raise AssertionError("evaluate must not read the clock")
    monkeypatch.setattr(workdays, "today_shanghai", boom)
    records = Records(projects={"p": project(approvals=[{"item": "eia", "submitted": "2026-09-25"}])},
                      approval_items=ITEMS, rules=RULES)
    first = evaluate(records, RULES, CAL, D("2026-11-26"))
    second = evaluate(records, RULES, CAL, D("2026-11-26"))
    assert first == second
    assert first.projects[0].approvals[0].status == "overdue"


def test_a_year_the_calendar_does_not_know_falls_back_with_a_warning():
    entry = {"item": "eia", "submitted": "2027-03-01"}
    rules = rules_file(expires="2027-12-31")  # the clock starts under a (renewed) rule set
    records = Records(projects={"p": project(approvals=[entry])}, approval_items=ITEMS, rules=rules)
    facts = evaluate(records, rules, CAL, D("2027-01-10"))
    assert facts.projects[0].approvals[0].deadline == D("2027-03-08")  # Monday-Friday fallback
    assert any(w.code == "calendar-fallback" and "2027" in w.message for w in facts.warnings)


def test_dispatch_meetings_are_expected_every_month_and_a_gap_is_overdue():
    meetings = [{"id": "m1", "date": "2026-01-20", "kind": "dispatch", "title": "调度会"}]
    records = Records(projects={}, meetings=meetings, rules=RULES)
    county = evaluate(records, RULES, CAL, D("2026-03-10")).county
    meeting = {d.ref: d.status for d in county if d.kind == "meeting"}
    assert meeting == {"2026-01": "done_on_time", "2026-02": "overdue", "2026-03": "pending"}


def test_the_rules_expiry_is_flagged_inside_the_warning_window():
    records = Records(projects={}, rules=RULES)
    facts = evaluate(records, rules_file({"expiry_warning_days": 60}), CAL, D("2026-11-26"))
    assert any(w.code == "rules-expiry" for w in facts.warnings)
    facts = evaluate(records, rules_file({"expiry_warning_days": 10}), CAL, D("2026-11-26"))
    assert not any(w.code == "rules-expiry" for w in facts.warnings)


def test_a_project_is_red_only_while_something_is_overdue():
    done_late = {"item": "eia", "submitted": "2026-09-25", "completed": "2026-10-13",
                 "delay_reason": "补正材料"}
    records = Records(projects={"p": project(approvals=[done_late])}, approval_items=ITEMS,
                      rules=RULES)
    facts = evaluate(records, RULES, CAL, D("2026-11-26"))
    assert facts.projects[0].approvals[0].colour == "red"  # the entry stays red
    assert facts.projects[0].colour == "green"             # the project is no longer late
    records.projects["p"]["approvals"].append({"item": "eia", "submitted": "2026-11-20"})
    assert evaluate(records, RULES, CAL, D("2026-11-26")).projects[0].colour == "yellow"


def test_deadlines_of_many_projects_share_their_repeated_labels_dates_and_key_paths():
    """Memory grows with what differs, not with how often it repeats: two projects with the
    same approval get one label, one due date and one key path between them."""
    approval = {"item": "eia", "submitted": "2026-09-01"}
    first, second = (deadlines(project(id=pid, approvals=[dict(approval)]), "2026-09-02", "approval")[0]
                     for pid in ("p", "q"))
    assert first == second
    for name in ("label", "ref", "deadline", "start", "key_path"):
        assert getattr(first, name) is getattr(second, name), name
    reports = [d for pid in ("p", "q") for d in deadlines(project(id=pid, signing={"signed": "2026-09-10"}),
                                                         "2026-11-26", "monthly_report")]
    assert len(reports) == 6 and not reports[0].extra and len({id(d.extra) for d in reports}) == 1
    assert not hasattr(first, "__dict__")   # fields in slots: no dictionary per deadline
