"""The Excel ledger's building blocks: widths, formats, a reproducible archive."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import zipfile
from typing import Any

import openpyxl

from generator.export import xlsx, xlsx_form
from generator.pipeline import load_and_evaluate
from tests.conftest import AS_OF, REPO


def test_widths_count_chinese_characters_double():
    assert xlsx._width("abc") == 3
    assert xlsx._width("北庭镇") == 6
    assert xlsx._width(dt.date(2026, 1, 1)) == 10
    assert xlsx._width(None) == 0


def test_number_formats_follow_the_column():
    assert xlsx._format_of("计划总投资（万元）") == xlsx.AMOUNT_FORMAT
    assert xlsx._format_of("形象进度（%）") == xlsx.PERCENT_FORMAT
    assert xlsx._format_of("申报日期") == xlsx.DATE_FORMAT
    assert xlsx._format_of("月份") == xlsx.MONTH_FORMAT
    assert xlsx._format_of("最新月报月份") is None  # a YYYY-MM label, kept as text
    assert xlsx._format_of("项目名称") is None


def test_fixed_zip_dates_every_entry():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.xml", "<a/>")
        z.writestr("b.xml", "<b/>")
    fixed = xlsx._fixed_zip(buf.getvalue(), (2026, 11, 26, 0, 0, 0))
    with zipfile.ZipFile(io.BytesIO(fixed)) as z:
        assert [(i.filename, i.date_time) for i in z.infolist()] == [
            ("a.xml", (2026, 11, 26, 0, 0, 0)), ("b.xml", (2026, 11, 26, 0, 0, 0))]
        assert z.read("b.xml") == b"<b/>"


def test_workbook_properties_come_from_as_of(data_dir):
    result = load_and_evaluate(data_dir, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    payload = xlsx.dumps(result.records, result.facts)
    props = openpyxl.load_workbook(io.BytesIO(payload)).properties
    assert props.created == props.modified == dt.datetime(2026, 11, 26)
    assert props.creator == props.lastModifiedBy == "吉木萨尔县招商引资领导小组办公室"
    assert payload == xlsx.dumps(result.records, result.facts)


def test_text_stays_text_and_loses_what_xlsx_cannot_hold(data_dir):
    """Formula-like and error-like text is stored as text; XML control characters are dropped."""
    result = load_and_evaluate(data_dir, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    first, *rest = result.facts.projects
    for name in ("=1+1", "#N/A", "+86 电话", "a\x01b\x1fc"):
        facts = dataclasses.replace(result.facts, projects=(dataclasses.replace(first, name=name), *rest))
        ws = openpyxl.load_workbook(io.BytesIO(xlsx.dumps(result.records, facts)))["项目台账"]
        cell = next(row[1] for row in ws.iter_rows(min_row=2) if row[0].value == first.id)
        assert (cell.value, cell.data_type) == (name.replace("\x01", "").replace("\x1f", ""), "s")


def _unit_ledger(run, tmp_path, unit: str) -> openpyxl.Workbook:
    shutil.copytree(REPO / "data", tmp_path / "data")
    result = run("export", "--format", "xlsx", "--data", "data", "--as-of", "2026-12-03", "--unit", unit,
                 "--out", "unit.xlsx")
    assert result.code == 0, result.err
    return openpyxl.load_workbook(tmp_path / "unit.xlsx")


def _lead_units() -> dict[str, str]:
    return {p.stem: re.search(r"^lead_unit: (\S+)$", p.read_text(encoding="utf-8"), re.M).group(1)
            for p in (REPO / "data" / "projects").glob("*.yaml")}


def test_a_units_ledger_holds_its_projects_and_the_approvals_it_handles(run, tmp_path):
    wb = _unit_ledger(run, tmp_path, "fagaiwei")
    led = {pid for pid, unit in _lead_units().items() if unit == "fagaiwei"}
    ledger = [r[0] for r in wb["项目台账"].iter_rows(min_row=2, values_only=True)]
    assert led and sorted(ledger) == sorted(led)
    reports = {r[0] for r in wb["月度报送"].iter_rows(min_row=2, values_only=True)}
    assert reports and reports <= led
    approvals = list(wb["审批事项"].iter_rows(min_row=2, values_only=True))
    others = [r for r in approvals if r[0] not in led]
    assert others and all(r[3] == "吉木萨尔县发展和改革委员会" for r in others)


def test_a_units_ledger_is_a_form_with_validations_and_highlighted_columns(run, tmp_path):
    wb = _unit_ledger(run, tmp_path, "fagaiwei")
    ws = wb["月度报送"]
    header = {c.value: c for c in ws[1]}
    assert header["累计完成投资（万元）"].fill.fgColor.rgb.endswith(xlsx_form.FILL_IN)
    assert not header["项目名称"].fill.fgColor.rgb.endswith(xlsx_form.FILL_IN)
    assert "不得小于上月" in header["累计完成投资（万元）"].comment.text
    rules = {(str(v.sqref).split(":")[0].rstrip("0123456789"), v.type): v
             for v in ws.data_validations.dataValidation}
    assert rules[("A", "list")].formula1.startswith("'项目台账'!$A$2")
    assert ("C", "date") in rules and ("I", "date") in rules
    assert rules[("E", "decimal")].operator == "greaterThanOrEqual"
    assert (rules[("F", "decimal")].formula1, rules[("F", "decimal")].formula2) == ("0", "100")
    approvals = {(str(v.sqref)[0], v.type) for v in wb["审批事项"].data_validations.dataValidation}
    assert {("E", "date"), ("H", "date"), ("A", "list"), ("I", "list"), ("L", "list")} <= approvals


def test_a_units_ledger_comes_back_through_import(run, tmp_path):
    wb = _unit_ledger(run, tmp_path, "beiting-park-mc")
    ws = wb["月度报送"]
    latest: dict[str, tuple[Any, ...]] = {}
    for r in ws.iter_rows(min_row=2, values_only=True):
        if r[0] not in latest or r[2] > latest[r[0]][2]:
            latest[r[0]] = r
    # A project whose November report is still owed (explained in its file, not yet filed).
    last = next(r for pid, r in sorted(latest.items()) if r[2] == dt.datetime(2026, 10, 1))
    pid, cumulative = last[0], last[4]
    ws.append([pid, None, dt.datetime(2026, 11, 1), 10, cumulative + 10, last[5], "续建", None,
               dt.datetime(2026, 12, 1)])
    wb.save(tmp_path / "unit.xlsx")
    result = run("import", "unit.xlsx", "--data", "data", "--as-of", "2026-12-03")
    assert result.code == 0, result.err
    text = (tmp_path / "data" / "projects" / f"{pid}.yaml").read_text(encoding="utf-8")
    assert f"  - month: 2026-11\n    invested: 10\n    cumulative: {cumulative + 10}\n" in text


def test_an_unknown_unit_is_a_usage_error_listing_the_units(run, tmp_path):
    shutil.copytree(REPO / "data", tmp_path / "data")
    result = run("export", "--format", "xlsx", "--data", "data", "--unit", "nosuch", "--out", "x.xlsx",
                 "--as-of", "2026-12-03")
    assert result.code == 2
    assert "nosuch" in result.err and "fagaiwei（吉木萨尔县发展和改革委员会）" in result.err
    assert not (tmp_path / "x.xlsx").exists()
