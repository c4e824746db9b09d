"""Approvals: the catalogue's committed and statutory limits, and pauses of the clock
(《行政许可法》第三十二条、第四十五条). Dates are pinned; the working days around the
Mid-Autumn Festival and National Day 2026 come from the official schedule:
Fri 09-25 off, Oct 1-7 off, Sat 10-10 a make-up working day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.evaluate.approvals import approval_clock, check_limits, committed_limit, is_paused, pauses_of
from generator.evaluate.deadlines import Clock, project_deadlines
from generator.evaluate.rulebook import parse_rules
from generator.export.facts_json import approval_json
from generator.load import Document
from generator.validate.approvals import catalogue_findings
from generator.workdays import WorkCalendar
from tests.conftest import REPO
from tests.rulebooks import rules_file

D = dt.date.fromisoformat
CAL = WorkCalendar()
BOOK = parse_rules(rules_file())
ITEMS = {"title": {"id": "title", "name": "不动产权证书", "unit": "ziranziyuan",
                   "committed_limit": {"value": 5, "source": "sample"}}}


def approval(as_of: str, **entry):
    p = {"id": "p", "name": "测试项目", "stage": "landing", "lead_unit": "shanggongju",
         "approvals": [{"item": "title", **entry}]}
    [found] = [d for d in project_deadlines("p", p, ITEMS, BOOK, Clock(CAL, D(as_of), 2))
               if d.kind == "approval"]
    return found


def catalogue_item(name: str) -> dict:
    data = yaml.safe_load((REPO / "data" / "approval-items.yaml").read_text(encoding="utf-8"))
    return next(i for i in data["items"] if i["id"] == name)


# --- the catalogue --------------------------------------------------------------------------

def test_the_eia_limits_are_the_laws_60_and_30_calendar_days():
    report, form = catalogue_item("eia-report"), catalogue_item("eia-form")
    assert (report["statutory_limit"]["value"], report["statutory_limit"]["unit"]) == (60, "日")
    assert (form["statutory_limit"]["value"], form["statutory_limit"]["unit"]) == (30, "日")
    for item in (report, form):
        assert "《中华人民共和国环境影响评价法》第二十二条" in item["statutory_limit"]["basis"]


def test_no_sample_limit_pretends_to_be_the_measures_annex_or_a_county_document():
    data = yaml.safe_load((REPO / "data" / "approval-items.yaml").read_text(encoding="utf-8"))
    assert all(i["committed_limit"]["source"] == "sample" for i in data["items"])
    assert all("document" not in i["committed_limit"] for i in data["items"])
    header = (REPO / "data" / "approval-items.yaml").read_text(encoding="utf-8").split("items:")[0]
    assert "未随《办法》公布" in header


@pytest.mark.parametrize(("committed", "statutory", "unit", "expected"), [
    (21, 20, "工作日", "over"),
    (20, 20, "工作日", None),
    (31, 30, "日", "over"),          # 31 working days are at least 31 calendar days
    (20, 20, "日", "may_exceed"),    # 20 working days span at least 26 calendar days
    (10, 12, "日", None),            # 10 working days can fit in 12 calendar days
    (10, 11, "日", "may_exceed"),
    (20, 60, "日", None),
])
def test_a_committed_limit_is_compared_with_the_statutory_one_in_its_unit(
        committed, statutory, unit, expected):
    assert check_limits(committed, statutory, unit) == expected


def _catalogue(tmp_path: Path, source: dict, value: int, law: dict) -> Document:
    data = {"items": [{"id": "x", "name": "某审批", "unit": "u",
                       "committed_limit": {"value": value, **source}, "statutory_limit": law}]}
    return Document(path=tmp_path / "approval-items.yaml", display="approval-items.yaml", data=data)


def test_a_county_limit_longer_than_the_law_is_an_error_a_sample_one_a_warning(tmp_path):
    law = {"value": 30, "unit": "日", "basis": "《中华人民共和国环境影响评价法》第二十二条"}
    county = {"source": "county", "document": "chengnuo-2026"}
    [error] = catalogue_findings(_catalogue(tmp_path, county, 40, law), {"chengnuo-2026"})
    assert (error.code, error.severity) == ("committed-over-statutory", "error")
    assert "长于法定时限 30 日" in error.message
    [warning] = catalogue_findings(_catalogue(tmp_path, {"source": "sample"}, 40, law))
    assert (warning.code, warning.severity) == ("committed-over-statutory", "warning")
    [doubt] = catalogue_findings(_catalogue(tmp_path, county, 25, law), {"chengnuo-2026"})
    assert (doubt.code, doubt.severity) == ("committed-may-exceed-statutory", "warning")
    assert list(catalogue_findings(_catalogue(tmp_path, county, 10, law), {"chengnuo-2026"})) == []


# --- pauses ----------------------------------------------------------------------------------

def test_without_a_pause_five_working_days_skip_the_mid_autumn_holiday():
    # Submitted Mon 09-21: 22, 23, 24, (25 off), 28, 29
    d = approval("2026-10-30", submitted="2026-09-21")
    assert (d.deadline, d.paused_workdays) == (D("2026-09-29"), 0)


def test_a_five_working_day_pause_moves_the_deadline_by_five_working_days():
    # Paused 09-23 to 09-30: 23, 24, 28, 29, 30 (the 25th is a holiday) = 5 working days.
    # The deadline moves from 09-29 by five working days: 09-30, (Oct 1-7 off), 10-08, 10-09,
    # 10-10 (make-up Saturday), 10-12.
    d = approval("2026-10-30", submitted="2026-09-21", completed="2026-10-12",
                 pauses=[{"from": "2026-09-23", "to": "2026-09-30", "reason": "supplement"}])
    assert (d.deadline, d.paused_workdays, d.status) == (D("2026-10-12"), 5, "done_on_time")
    assert approval_json(d)["paused_workdays"] == 5
    unpaused = approval("2026-10-30", submitted="2026-09-21", completed="2026-10-12")
    assert (unpaused.status, unpaused.overdue_workdays) == ("done_late", 5)


def test_an_open_pause_stops_the_clock_so_the_approval_is_not_overdue():
    # The land fee is unpaid since 09-23; on 11-20 the title is still held, long after 09-29.
    d = approval("2026-11-20", submitted="2026-09-21",
                 pauses=[{"from": "2026-09-23", "reason": "applicant", "note": "企业未缴清土地出让金"}])
    assert d.overdue_workdays == 0
    assert is_paused(d) and not d.unexplained
    assert d.extra["paused_since"] == D("2026-09-23")
    # Only 09-22 ran before the pause; if the clock resumed today (Friday), four working days
    # would remain: 11-23, 11-24, 11-25, 11-26.
    assert (d.deadline, d.status) == (D("2026-11-26"), "pending")   # warning window: 2 days


def test_a_pause_that_starts_after_the_deadline_does_not_undo_the_lateness():
    d = approval("2026-10-20", submitted="2026-09-21",
                 pauses=[{"from": "2026-10-12", "reason": "supplement"}])
    assert (d.deadline, d.status, d.paused_workdays) == (D("2026-09-29"), "overdue", 0)
    assert not is_paused(d)
    assert d.extra["pause_workdays"] == (None,)


def test_two_pauses_both_count_and_a_pause_on_a_holiday_costs_nothing():
    pauses = pauses_of({"pauses": [{"from": "2026-09-25", "to": "2026-09-27", "reason": "hearing"},
                                   {"from": "2026-09-22", "to": "2026-09-22", "reason": "inspection"}]})
    assert [p.start for p in pauses] == [D("2026-09-22"), D("2026-09-25")]  # in date order
    clock = approval_clock(CAL, D("2026-09-21"), 5, pauses, D("2026-11-01"))
    # 09-22 paused (1 day); 09-25 to 09-27 is the holiday and a weekend: 23, 24, 28, 29, 30
    assert (clock.deadline, clock.paused_workdays, clock.counted) == (D("2026-09-30"), 1, (1, 0))


def test_a_county_limit_must_name_a_document_registered_in_the_rules_file(tmp_path):
    law = {"value": 30, "unit": "日", "basis": "某法"}
    [finding] = catalogue_findings(_catalogue(tmp_path, {"source": "county"}, 10, law), {"chengnuo-2026"})
    assert (finding.code, finding.severity) == ("county-limit-source", "error")
    assert "document" in finding.message and "rules.yaml" in finding.message
    unregistered = _catalogue(tmp_path, {"source": "county", "document": "wenjian-x"}, 10, law)
    [finding] = catalogue_findings(unregistered, {"chengnuo-2026"})
    assert finding.code == "county-limit-source"
    assert "“wenjian-x”没有在 rules.yaml 的 documents 中登记" in finding.message
    assert finding.key_path.endswith("document")


def test_a_county_limit_is_labelled_with_the_registered_number_and_date():
    documents = {"chengnuo-2026": {"id": "chengnuo-2026", "title": "审批承诺时限", "number": "吉政办发〔2026〕9号",
                                   "date": dt.date(2026, 3, 1)}}
    item = {"committed_limit": {"value": 10, "source": "county", "document": "chengnuo-2026"}}
    limit, source = committed_limit(item, documents)
    assert limit == 10 and source is not None
    assert (source.kind, source.document, source.date) == ("county", "吉政办发〔2026〕9号", "2026-03-01")
    assert "吉政办发〔2026〕9号" in source.label and "2026-03-01" in source.label
    _, sample = committed_limit({"committed_limit": {"value": 3, "source": "sample"}}, documents)
    assert sample is not None and sample.kind == "sample"
