"""The ledger import's pieces: reading cells a clerk typed, and editing YAML in place."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest

from generator.findings import Finding, render
from generator.ledger_import.plan import Change
from generator.ledger_import.workbook import BadValue, header_name, parse_date, parse_month, parse_number
from generator.ledger_import.yamledit import apply, unified_diff
from generator.load import Document, parse
from tests.conftest import REPO

SAMPLE = REPO / "data" / "projects" / "2024-wcw-semicoke-1mt.yaml"


@pytest.mark.parametrize("typed", [dt.datetime(2026, 11, 30), dt.date(2026, 11, 30), "2026-11-30", "2026/11/30",
                                   "2026年11月30日", "2026.11.30", " 2026 年 11 月 30 日 ", 46356])
def test_dates_as_excel_or_wps_writes_them(typed):
    assert parse_date(typed) == dt.date(2026, 11, 30)


@pytest.mark.parametrize("typed", ["11月30日", "2026-02-30", "2026-13-01", "明天", "30/11/2026"])
def test_dates_that_cannot_be_read(typed):
    with pytest.raises(BadValue, match="不是有效日期"):
        parse_date(typed)


@pytest.mark.parametrize("typed", ["2026-11", "2026年11月", "2026/11", "2026.11", dt.datetime(2026, 11, 1),
                                   dt.datetime(2026, 11, 17), "2026-11-30", "2026年11月30日"])
def test_months_as_text_or_any_date_in_the_month(typed):
    assert parse_month(typed) == "2026-11"


@pytest.mark.parametrize("typed", ["2026-13", "十一月", "11"])
def test_months_that_cannot_be_read(typed):
    with pytest.raises(BadValue, match="不是有效月份"):
        parse_month(typed)


def test_numbers_keep_integers_integral():
    assert parse_number(500.0) == 500 and isinstance(parse_number(500.0), int)
    assert parse_number("1,234.5") == 1234.5
    assert parse_number(None) is None
    with pytest.raises(BadValue):
        parse_number("五百")


def test_header_names_ignore_spaces_and_bracket_width():
    assert header_name(" 累计完成投资(万元) ") == "累计完成投资（万元）"
    assert header_name("形象进度（％）") == "形象进度（%）"


def test_a_cell_finding_names_sheet_row_and_column():
    f = Finding("ledger.xlsx", 12, 5, "cumulative-falls", "累计完成投资小于上月", cell="月度报送!E12")
    assert f.text() == "ledger.xlsx:月度报送!E12: error[cumulative-falls]: 累计完成投资小于上月"
    assert "file=ledger.xlsx,line=12,col=5" in render([f], "github", 1)
    assert '"cell": "月度报送!E12"' in render([f], "json", 1)


def changed_lines(before: str, after: str) -> list[str]:
    return [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:2] in ("+ ", "- ")]


def test_a_new_month_on_a_real_file_adds_only_its_lines_before_the_next_heading():
    before = SAMPLE.read_text(encoding="utf-8")
    after = apply(before, [Change("p", "monthly_reports", "2026-07", {
        "invested": 0, "cumulative": 145000, "progress_percent": 100, "progress_text": "已投产",
        "reported": dt.date(2026, 8, 3)}, new=True)])
    assert changed_lines(before, after) == [
        "+   - month: 2026-07", "+     invested: 0", "+     cumulative: 145000", "+     progress_percent: 100",
        "+     progress_text: 已投产", "+     reported: 2026-08-03"]
    assert "    reported: 2026-08-03\n# 第十五条 问题清单" in after
    doc = Document(SAMPLE, "x.yaml", None)
    assert parse(after, doc) == [] and doc.data["monthly_reports"][-1]["reported"] == "2026-08-03"


def test_a_month_in_the_middle_goes_in_month_order():
    before = SAMPLE.read_text(encoding="utf-8")
    after = apply(before, [Change("p", "monthly_reports", "2024-10", {
        "invested": 1, "cumulative": 1, "progress_percent": 0, "reported": dt.date(2024, 11, 1)}, new=True)])
    assert after.index("month: 2024-10") < after.index("month: 2024-11")
    assert len(changed_lines(before, after)) == 5


def test_changed_fields_keep_their_place_and_new_ones_follow_the_schema_order():
    before = SAMPLE.read_text(encoding="utf-8")
    doc = Document(path=SAMPLE, display="p.yaml", data=None)
    assert parse(before, doc) == []
    completed = dt.date.fromisoformat(doc.data["approvals"][0]["completed"])
    cumulative = next(r["cumulative"] for r in doc.data["monthly_reports"] if r["month"] == "2025-02")
    after = apply(before, [
        Change("p", "approvals", 0, {"completed": completed + dt.timedelta(days=1)}),
        Change("p", "monthly_reports", "2025-02", {"cumulative": cumulative + 1,
                                                    "correction_note": "财务复核后更正"}),
    ])
    assert changed_lines(before, after) == [
        f"-     completed: {completed}", f"+     completed: {completed + dt.timedelta(days=1)}",
        f"-     cumulative: {cumulative}", f"+     cumulative: {cumulative + 1}",
        "+     correction_note: 财务复核后更正"]


def test_a_cleared_cell_removes_the_field_and_its_comment_stays():
    text = ("id: x\napprovals:\n  - item: filing\n    submitted: 2026-01-05\n    completed: 2026-01-06\n"
            "# 开工\nconstruction: {}\n")
    after = apply(text, [Change("x", "approvals", 0, {"completed": None})])
    assert after == "id: x\napprovals:\n  - item: filing\n    submitted: 2026-01-05\n# 开工\nconstruction: {}\n"


def test_quoting_and_text_that_looks_like_other_types_stays_text():
    text = 'id: x\nphone: "0994"\nmonthly_reports: []\n'
    after = apply(text, [Change("x", "monthly_reports", "2026-11", {
        "invested": 1.5, "cumulative": 1.5, "progress_percent": 0, "progress_text": "2026-11-30",
        "major_problems": "true", "reported": dt.date(2026, 12, 1)}, new=True)])
    doc = Document(SAMPLE, "x.yaml", None)
    assert parse(after, doc) == []
    assert after.startswith('id: x\nphone: "0994"\n')
    report = doc.data["monthly_reports"][0]
    assert report == {"month": "2026-11", "invested": 1.5, "cumulative": 1.5, "progress_percent": 0,
                      "progress_text": "2026-11-30", "major_problems": "true", "reported": "2026-12-01"}


def test_unified_diff_names_both_sides():
    assert unified_diff("data/projects/a.yaml", "a: 1\n", "a: 2\n").splitlines()[:2] == [
        "--- a/data/projects/a.yaml", "+++ b/data/projects/a.yaml"]


def test_the_first_report_starts_the_section_above_a_trailing_comment():
    text = "id: x\nannual_plans:\n  - year: 2026\n    planned: 5\n# 尾注\n"
    after = apply(text, [Change("x", "monthly_reports", "2026-11", {
        "invested": 1, "cumulative": 1, "progress_percent": 0, "reported": dt.date(2026, 12, 1)}, new=True)])
    assert after == ("id: x\nannual_plans:\n  - year: 2026\n    planned: 5\nmonthly_reports:\n  - month: 2026-11\n"
                     "    invested: 1\n    cumulative: 1\n    progress_percent: 0\n    reported: 2026-12-01\n# 尾注\n")
