"""`portal import`: the Excel ledger a clerk filled in, back into the project files.

Every test exports the bundled sample data (data/) through the CLI, edits the workbook with
openpyxl as a clerk would in Excel or WPS, and imports it again.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import REPO

AS_OF = "2026-12-03"
ALUMINUM = "2025-beiting-aluminum-200kt"  # reports up to 2026-10, signed 2025-11
NOODLE = "2026-santai-noodle-50kt"  # construction-permit submitted 2026-11-24, overdue on AS_OF
NEW_MONTH = [ALUMINUM, None, dt.datetime(2026, 11, 1), 500, 1400, 3, "主体结构施工", None, dt.datetime(2026, 12, 2)]


@pytest.fixture
def sample(tmp_path: Path, run) -> Path:
    """The sample data in tmp_path/data and its ledger exported to tmp_path/ledger.xlsx."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    result = run("export", "--format", "xlsx", "--data", "data", "--as-of", AS_OF, "--out", "ledger.xlsx")
    assert result.code == 0, result.err
    return tmp_path / "ledger.xlsx"


def snapshot(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data / "projects").glob("*.yaml"))}


def edit(path: Path, sheet: str, change: Callable[[Any, dict[str, int]], None]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    change(ws, {c.value: c.column for c in ws[1]})
    wb.save(path)


def find_row(ws: Any, col: dict[str, int], **match: Any) -> int:
    for row in range(2, ws.max_row + 1):
        if all(ws.cell(row, col[k]).value == v for k, v in match.items()):
            return row
    raise AssertionError(match)


def append(ws: Any, col: dict[str, int], values: list[Any]) -> int:
    row = ws.max_row + 1
    for name, value in zip(("项目编号", "项目名称", "月份", "当月完成投资（万元）", "累计完成投资（万元）",
                            "形象进度（%）", "形象进度说明", "存在的重大问题", "填报日期"), values, strict=True):
        ws.cell(row, col[name], value)
    return row


def complete_permit(ws: Any, col: dict[str, int], completed: Any = dt.datetime(2026, 12, 1)) -> int:
    row = find_row(ws, col, 项目编号=NOODLE, 事项编号="construction-permit")
    ws.cell(row, col["办结日期"], completed)
    ws.cell(row, col["延误原因"], "施工图审查意见回复延迟，企业补正材料后办结。")
    return row


def added_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.decode().splitlines(), after.decode().splitlines()))
    return [d[2:] for d in diff if d.startswith("+ ")], [d[2:] for d in diff if d.startswith("- ")]


def test_a_filled_in_ledger_round_trips_touching_only_the_changed_lines(run, sample):
    data = sample.parent / "data"
    before = snapshot(data)
    check_before = run("check", "--data", "data", "--as-of", AS_OF).out
    edit(sample, "月度报送", lambda ws, col: append(ws, col, NEW_MONTH))
    edit(sample, "审批事项", complete_permit)

    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert result.err == ""  # a new row's blank 项目名称 is not a change
    after = snapshot(data)
    assert {n for n in before if before[n] != after[n]} == {f"{ALUMINUM}.yaml", f"{NOODLE}.yaml"}
    assert added_lines(before[f"{ALUMINUM}.yaml"], after[f"{ALUMINUM}.yaml"]) == ([
        "  - month: 2026-11", "    invested: 500", "    cumulative: 1400", "    progress_percent: 3",
        "    progress_text: 主体结构施工", "    reported: 2026-12-02"], [])
    assert added_lines(before[f"{NOODLE}.yaml"], after[f"{NOODLE}.yaml"]) == ([
        "    completed: 2026-12-01", "    delay_reason: 施工图审查意见回复延迟，企业补正材料后办结。"],
        ["    delay_reason: 施工图审查合格书尚在补正，住建局已一次性告知企业补正材料，"
         "企业补正期间办理超期，已书面说明。"])
    aluminum = after[f"{ALUMINUM}.yaml"].decode()
    assert "    reported: 2026-12-02\n# 第十五条 问题清单" in aluminum  # the heading stays above its section
    assert "    submitted: 2026-11-24\n    completed: 2026-12-01\n" in after[f"{NOODLE}.yaml"].decode()
    assert "# 开工建设\nconstruction:" in after[f"{NOODLE}.yaml"].decode()

    assert run("validate", "--data", "data").code == 0
    check_after = run("check", "--data", "data", "--as-of", AS_OF).out
    # The permit was overdue with a written reason; now it is done late with the clerk's reason.
    assert check_after.count("error[") == check_before.count("error[") == 0
    facts = json.loads(run("export", "--format", "json", "--data", "data", "--as-of", AS_OF).out)
    permit = next(a for p in facts["projects"] if p["id"] == NOODLE for a in p["approvals"]
                  if a["item"] == "construction-permit")
    assert permit["status"] == "done_late" and permit["completed"] == "2026-12-01"
    assert run("export", "--format", "xlsx", "--data", "data", "--as-of", AS_OF, "--out", "again.xlsx").code == 0
    reports = openpyxl.load_workbook(sample.parent / "again.xlsx")["月度报送"]
    rows = [r[:1] + r[2:5] for r in reports.iter_rows(values_only=True)]
    assert (ALUMINUM, dt.datetime(2026, 11, 1), 500, 1400) in rows
    again = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF)
    assert again.code == 0 and snapshot(data) == after  # importing twice changes nothing more


def test_dry_run_prints_the_diff_and_writes_nothing(run, sample):
    before = snapshot(sample.parent / "data")
    edit(sample, "审批事项", complete_permit)
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF, "--dry-run")
    assert result.code == 0, result.err
    assert f"--- a/data/projects/{NOODLE}.yaml" in result.out
    assert "+    completed: 2026-12-01" in result.out and "试运行" in result.out
    assert snapshot(sample.parent / "data") == before


def _cell(ws: Any, col: dict[str, int], row: int, name: str, value: Any) -> None:
    ws.cell(row, col[name], value)


BAD_ROWS: list[tuple[str, str, Callable[[Any, dict[str, int]], str]]] = []


def bad(sheet: str, code: str):
    def register(fn: Callable[[Any, dict[str, int]], str]):
        BAD_ROWS.append((sheet, code, fn))
        return fn
    return register


@bad("月度报送", "unknown-project")
def _unknown_project(ws, col):
    row = append(ws, col, ["2026-no-such-project", *NEW_MONTH[1:]])
    return f"A{row}"


@bad("审批事项", "unknown-approval-item")
def _unknown_item(ws, col):
    row = find_row(ws, col, 项目编号=NOODLE, 事项编号="construction-permit")
    ws.cell(row, col["事项编号"], "no-such-item")
    return f"{openpyxl.utils.get_column_letter(col['事项编号'])}{row}"


@bad("审批事项", "bad-date")
def _unreadable_date(ws, col):
    row = complete_permit(ws, col, "12月初")
    return f"H{row}"


@bad("审批事项", "completed-before-submitted")
def _completed_first(ws, col):
    row = complete_permit(ws, col, dt.datetime(2026, 11, 20))
    return f"H{row}"


@bad("月度报送", "cumulative-falls")
def _cumulative_falls(ws, col):
    row = append(ws, col, [*NEW_MONTH[:3], 0, 800, *NEW_MONTH[5:]])
    return f"E{row}"


@bad("月度报送", "invested-mismatch")
def _invested_mismatch(ws, col):
    row = append(ws, col, [*NEW_MONTH[:3], 300, *NEW_MONTH[4:]])
    return f"D{row}"


@bad("月度报送", "closed-month-change")
def _closed_month(ws, col):
    row = find_row(ws, col, 项目编号=ALUMINUM, 月份=dt.datetime(2026, 9, 1))
    ws.cell(row, col["形象进度说明"], "改写已截止月份的说明")
    return f"G{row}"


@bad("月度报送", "bad-month")
def _unreadable_month(ws, col):
    row = append(ws, col, [NEW_MONTH[0], None, "十一月", *NEW_MONTH[3:]])
    return f"C{row}"


@pytest.mark.parametrize(("sheet", "code", "change"), BAD_ROWS, ids=[c for _, c, _ in BAD_ROWS])
def test_a_bad_row_is_refused_with_its_cell_and_nothing_is_written(run, sample, sheet, code, change):
    data = sample.parent / "data"
    before = snapshot(data)
    edit(sample, "审批事项", complete_permit)  # a good change in the same ledger is not applied either
    refs: list[str] = []
    edit(sample, sheet, lambda ws, col: refs.append(change(ws, col)))
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1, result.err
    assert f"ledger.xlsx:{sheet}!{refs[0]}: error[{code}]: " in result.err
    assert "没有写入任何文件" in result.err
    assert snapshot(data) == before


def test_errors_come_in_the_json_and_github_formats_too(run, sample):
    edit(sample, "月度报送", _cumulative_falls)
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF, "--format", "github")
    assert result.code == 1
    assert "::error file=ledger.xlsx,line=" in result.err and "月度报送!E" in result.err


def test_a_closed_month_changes_with_a_correction_note(run, sample):
    def correct(ws, col):
        row = find_row(ws, col, 项目编号=ALUMINUM, 月份=dt.datetime(2026, 9, 1))
        ws.cell(row, col["形象进度说明"], "前期手续办理中（更正）")
        ws.cell(row, col["更正说明"], "原填报的形象进度说明有误，据实更正。")
    edit(sample, "月度报送", correct)
    assert run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF).code == 0
    text = (sample.parent / "data" / "projects" / f"{ALUMINUM}.yaml").read_text(encoding="utf-8")
    assert "progress_text: 前期手续办理中（更正）" in text
    assert "correction_note: 原填报的形象进度说明有误，据实更正。" in text


def test_a_changed_read_only_cell_is_a_warning_and_is_not_imported(run, sample):
    before = snapshot(sample.parent / "data")
    refs: list[int] = []

    def rename(ws, col):
        refs.append(find_row(ws, col, 项目编号=ALUMINUM))
        ws.cell(refs[0], col["项目名称"], "改过的名称")
    edit(sample, "项目台账", rename)
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0
    assert f"ledger.xlsx:项目台账!B{refs[0]}: warning[read-only-cell]: “项目名称”由系统生成" in result.err
    assert snapshot(sample.parent / "data") == before


def test_a_month_before_signing_is_a_warning(run, sample):
    edit(sample, "月度报送", lambda ws, col: append(
        ws, col, [ALUMINUM, None, "2025年10月", 0, 0, 0, "前期", None, "2025/10/31"]))
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF, "--dry-run")
    assert "warning[month-before-signing]" in result.err


@pytest.mark.parametrize(("month", "reported"), [("2026年11月", "2026年12月2日"), ("2026-11", "2026/12/02"),
                                                 ("2026.11", "2026.12.2")])
def test_wps_style_text_dates_are_understood(run, sample, month, reported):
    edit(sample, "月度报送", lambda ws, col: append(ws, col, [*NEW_MONTH[:2], month, *NEW_MONTH[3:8], reported]))
    edit(sample, "审批事项", lambda ws, col: complete_permit(ws, col, "2026年12月1日"))
    assert run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF).code == 0
    projects = sample.parent / "data" / "projects"
    assert "  - month: 2026-11\n    invested: 500\n" in (projects / f"{ALUMINUM}.yaml").read_text(encoding="utf-8")
    assert "    reported: 2026-12-02\n# 第十五条" in (projects / f"{ALUMINUM}.yaml").read_text(encoding="utf-8")
    assert "    completed: 2026-12-01\n" in (projects / f"{NOODLE}.yaml").read_text(encoding="utf-8")


def test_a_re_typed_sheet_is_matched_by_its_header_names(run, sample, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["填报日期", "累计完成投资(万元)", "月份", "项目编号", "当月完成投资(万元)", "形象进度(%)"])
    ws.append(["2026/11/30", 1400, "2026年11月", ALUMINUM, 500, 3])
    wb.save(tmp_path / "typed.xlsx")
    result = run("import", "typed.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0, result.err
    text = (tmp_path / "data" / "projects" / f"{ALUMINUM}.yaml").read_text(encoding="utf-8")
    assert "  - month: 2026-11\n    invested: 500\n    cumulative: 1400\n    progress_percent: 3\n" \
           "    reported: 2026-11-30\n" in text


def test_usage_errors(run, sample, tmp_path):
    assert run("import", "missing.xlsx", "--data", "data", "--as-of", AS_OF).code == 2
    (tmp_path / "notes.xlsx").write_text("不是 Excel", encoding="utf-8")
    result = run("import", "notes.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 2 and "不是 Excel" in result.err
    (tmp_path / "ledger.csv").write_text("项目编号\n", encoding="utf-8")
    assert run("import", "ledger.csv", "--data", "data", "--as-of", AS_OF).code == 2


def test_the_would_be_files_are_validated_before_anything_is_written(run, sample):
    before = snapshot(sample.parent / "data")
    edit(sample, "月度报送", lambda ws, col: append(ws, col, [*NEW_MONTH[:5], 150, *NEW_MONTH[6:]]))
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1
    assert f"data/projects/{ALUMINUM}.yaml:" in result.err and "error[schema-" in result.err
    assert "导入后的项目文件未通过校验" in result.err
    assert snapshot(sample.parent / "data") == before


def test_a_cleared_required_cell_is_refused(run, sample):
    refs: list[int] = []

    def clear(ws, col):
        refs.append(find_row(ws, col, 项目编号=ALUMINUM, 月份=dt.datetime(2026, 10, 1)))
        ws.cell(refs[0], col["填报日期"]).value = None
    edit(sample, "月度报送", clear)
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1
    assert f"ledger.xlsx:月度报送!I{refs[0]}: error[missing-cell]: 月报须填写“填报日期”" in result.err


def test_a_new_row_in_the_project_sheet_is_not_imported(run, sample):
    edit(sample, "项目台账", lambda ws, col: ws.cell(ws.max_row + 1, 1, "2026-new-project"))
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0 and "warning[read-only-cell]: 项目台账中的项目“2026-new-project”不在数据中" in result.err


def test_raising_a_past_cumulative_above_the_next_month_is_refused(run, sample):
    refs: list[int] = []

    def raise_september(ws, col):
        refs.append(find_row(ws, col, 项目编号=ALUMINUM, 月份=dt.datetime(2026, 9, 1)))
        ws.cell(refs[0], col["累计完成投资（万元）"], 5000)
        ws.cell(refs[0], col["更正说明"], "财务复核后更正")
    edit(sample, "月度报送", raise_september)
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1
    expected = f"ledger.xlsx:月度报送!E{refs[0]}: error[cumulative-falls]: 累计完成投资大于下月（2026-10 为 900）"
    assert expected in result.err


def test_a_completion_date_needs_a_submission_date(run, sample):
    def complete_unsubmitted(ws, col):
        row = next(r for r in range(2, ws.max_row + 1)
                   if ws.cell(r, col["申报日期"]).value is None and ws.cell(r, col["项目编号"]).value)
        ws.cell(row, col["办结日期"], dt.datetime(2026, 12, 1))
    edit(sample, "审批事项", complete_unsubmitted)
    result = run("import", "ledger.xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1 and "error[missing-cell]: 填写办结日期须同时填写申报日期" in result.err
