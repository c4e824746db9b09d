"""The rule book: rule sets in force by date, every number's source, events judged by the set
in force when their clock started, and nothing judged before the measures took effect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.evaluate import evaluate
from generator.evaluate.deadlines import Clock, project_deadlines
from generator.evaluate.facts import status_name
from generator.evaluate.rulebook import parse_rules
from generator.load.dataset import load_dataset
from generator.records import Records
from generator.workdays import WorkCalendar
from tests.rulebooks import rule_set, rules_file

D = dt.date.fromisoformat
CAL = WorkCalendar()
REPO = Path(__file__).parents[2]
ITEMS = {"eia": {"id": "eia", "name": "环评审批", "unit": "shengtai",
                 "committed_limit": {"value": 5, "source": "sample"}}}


def project(**extra):
    base = {"id": "p", "name": "测试项目", "stage": "landing", "lead_unit": "shanggongju",
            "industry": "new_energy", "location": {"township": "t"}, "total_investment": 1000,
            "investor": {"name": "某公司"}}
    return {**base, **extra}


def deadlines(p, as_of, book=None):
    book = book or parse_rules(rules_file())
    return project_deadlines("p", p, ITEMS, book, Clock(CAL, D(as_of), 5))


def test_the_set_in_force_is_found_by_date_and_none_before_the_first():
    book = parse_rules({"rule_sets": [
        rule_set(id="second", effective_from="2027-01-15", expires="2028-01-14"),
        rule_set(id="first")]})
    assert [r.id for r in book.rule_sets] == ["first", "second"]
    assert book.rule_set_at(D("2026-01-14")) is None
    assert book.rule_set_at(D("2026-01-15")).id == "first"
    assert book.rule_set_at(D("2027-01-14")).id == "first"
    assert book.rule_set_at(D("2027-01-15")).id == "second"
    assert book.rule_set_at(D("2028-01-15")) is None


def test_every_number_gives_its_plain_value_and_its_source():
    rs = parse_rules(rules_file()).rule_sets[0]
    assert rs["signing_months"] == 1 and rs["problem_response_workdays"]["county"] == 20
    assert rs.source("signing_months").label == "《办法》第七条"
    assert rs.source("meetings_per_month").label == "《办法》第十五条"
    assert rs.source("problem_response_workdays.general").label == "示例值（待县里确定）"
    assert rs.source("scoring.attracting.reserve").kind == "sample"


def test_the_sample_data_credits_the_measures_only_with_their_own_numbers():
    records = Records.from_dataset(load_dataset(REPO / "data"))
    rs = records.rule_book.rule_sets[0]
    measures = {key for key, _, src in rs.numbers() if src.kind == "measures"}
    assert measures == {"validity_years", "signing_months", "registration_workdays",
                        "report_grace_days", "meetings_per_month", "leader_briefings_per_month",
                        "leader_visits_per_month"}
    assert rs["report_grace_days"] == 0
    assert records.rule_book.interpreted_by == "招商领导小组"
    assert all(src.kind == "sample" for key, _, src in rs.numbers() if key.startswith("scoring."))


def test_an_approval_submitted_before_the_measures_is_not_judged():
    entry = {"item": "eia", "submitted": "2025-04-10"}
    [approval] = [d for d in deadlines(project(approvals=[entry]), "2026-11-26")
                  if d.kind == "approval"]
    assert approval.judged is False and approval.deadline is None
    assert approval.status == "pending" and approval.colour == "green"
    assert not approval.unexplained and status_name(approval) == "办法施行前"


def test_an_approval_submitted_under_the_measures_names_its_rule_set():
    [approval] = [d for d in deadlines(project(approvals=[{"item": "eia", "submitted": "2026-09-25"}]),
                                       "2026-11-26") if d.kind == "approval"]
    assert approval.judged and approval.rule_set == "measures-2026"
    assert approval.status == "overdue" and approval.unexplained


def test_a_signing_clock_started_before_the_measures_is_not_judged():
    p = project(policy={"kind": "standard", "agreed": "2025-12-15"})
    [signing] = [d for d in deadlines(p, "2026-11-26") if d.kind == "signing"]
    assert not signing.judged and signing.deadline is None and not signing.unexplained


@pytest.mark.parametrize(("kind", "expected"), [("sample", "warning"), ("county", "error")])
def test_a_problem_limit_is_a_warning_when_sampled_and_an_error_when_the_county_adopted_it(
        kind, expected):
    source = {"source": "county", "document": "xize-2026"} if kind == "county" else {"source": "sample"}
    book = parse_rules(rules_file(sources={"problem_response_workdays.general": source}))
    p = project(problems=[{"id": "pr1", "title": "用电", "level": "general", "raised": "2026-09-01",
                           "owner_unit": "gongdian", "status": "open"}])
    [problem] = [d for d in deadlines(p, "2026-11-26", book) if d.kind == "problem"]
    assert problem.unexplained and problem.severity == expected
    assert problem.source is not None and problem.source.kind == kind


def test_reports_for_months_before_the_measures_are_not_owed():
    p = project(signing={"signed": "2025-11-10"})
    months = [d.ref for d in deadlines(p, "2026-03-10") if d.kind == "monthly_report"]
    assert months == ["2026-01", "2026-02", "2026-03"]


def test_meetings_are_counted_from_the_month_the_measures_took_effect():
    records = Records(projects={}, rules=rules_file())
    facts = evaluate(records, records.rules, CAL, D("2026-03-10"))
    assert [d.ref for d in facts.county if d.kind == "meeting"] == ["2026-01", "2026-02", "2026-03"]
    expiry = next(d for d in facts.county if d.kind == "rules_expiry")
    assert expiry.source is not None and expiry.source.label == "《办法》第二十条"
