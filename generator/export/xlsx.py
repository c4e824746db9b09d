"""Excel export: the ledger (台账) as the county keeps it, in three sheets.

* 项目台账 — one row per project with this month's figures and its colour;
* 审批事项 — every approval with its deadline and status, red for overdue or done late,
  yellow for due soon;
* 月度报送 — every monthly report up to the evaluation date.

Header rows are bold and frozen, with a filter; dates are real Excel dates; text is always
stored as text (never as a formula). The output is deterministic: the workbook's created and
modified times and the zip entries' times come from ``as_of``, so two exports of the same
data on the same ``as_of`` are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..evaluate.facts import Facts
from ..records import Records
from .view import LEDGER_COLUMNS, Names, ledger_rows, public, status_name

TITLE = "吉木萨尔县社会投资项目台账"
PUBLISHER = "吉木萨尔县招商引资领导小组办公室"

RED = PatternFill("solid", fgColor="FFC7CE")
YELLOW = PatternFill("solid", fgColor="FFEB9C")
GREEN = PatternFill("solid", fgColor="C6EFCE")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
COLOUR_FILLS = {"红": RED, "黄": YELLOW, "绿": GREEN}
STATUS_FILLS = {"overdue": RED, "done_late": RED, "due_soon": YELLOW}
THIN = Side(style="thin", color="A6A6A6")
HEADER_BORDER = Border(bottom=THIN)

DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"
AMOUNT_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"

APPROVAL_COLUMNS = ("项目编号", "项目名称", "审批事项", "办理部门", "申报日期", "办理时限（工作日）",
                    "截止日期", "办结日期", "状态", "逾期工作日", "延误原因")
REPORT_COLUMNS = ("项目编号", "项目名称", "月份", "当月完成投资（万元）", "累计完成投资（万元）",
                  "形象进度（%）", "形象进度说明", "存在的重大问题", "填报日期")


def _format_of(column: str) -> str | None:
    if "万元" in column:
        return AMOUNT_FORMAT
    if "%" in column:
        return PERCENT_FORMAT
    if column == "月份":
        return MONTH_FORMAT
    if column.endswith("日期"):
        return DATE_FORMAT
    return None


def _width(value: Any) -> int:
    """Display width: a CJK character takes two columns."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        value = f"{value:,.2f}"
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in str(value))


def _sheet(ws: Worksheet, columns: Sequence[str], rows: Iterable[Sequence[Any]],
           fills: Iterable[PatternFill | None] = (), note: str = "") -> None:
    """Header row (bold, frozen, filtered), the rows, sensible widths and print titles."""
    widths = [_width(c) + 2 for c in columns]
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    formats = [_format_of(c) for c in columns]
    fill_list = list(fills)
    for r, values in enumerate(rows, start=2):
        fill = fill_list[r - 2] if r - 2 < len(fill_list) else None
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # text stays text: "=..." is never a formula
            else:
                cell.value = value
                if formats[c - 1] and value is not None:
                    cell.number_format = formats[c - 1]
            if fill is not None:
                cell.fill = fill
            widths[c - 1] = max(widths[c - 1], _width(value) + 2)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(width, 8), 50)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = f"{TITLE}·{ws.title}"
    ws.oddFooter.left.text = note
    ws.oddFooter.right.text = "第 &P 页，共 &N 页"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _month(value: str) -> dt.date:
    return dt.date(int(value[:4]), int(value[5:7]), 1)


def build(records: Records, facts: Facts) -> Workbook:
    shown = public(records)
    names = Names(shown)
    note = f"按 {facts.as_of.isoformat()} 计算的时限和状态"
    wb = Workbook()

    ws = wb.active
    assert ws is not None
    ws.title = "项目台账"
    projects = ledger_rows(records, facts)
    _sheet(ws, LEDGER_COLUMNS, ([row[c] for c in LEDGER_COLUMNS] for row in projects), note=note)
    colour_col = LEDGER_COLUMNS.index("状态颜色") + 1
    for r, row in enumerate(projects, start=2):
        ws.cell(row=r, column=colour_col).fill = COLOUR_FILLS[row["状态颜色"]]

    approvals = [(p, d) for p in facts.projects for d in p.approvals]
    _sheet(wb.create_sheet("审批事项"), APPROVAL_COLUMNS, (
        (p.id, p.name, d.label, names.unit(d.unit), d.start, d.extra.get("time_limit_workdays"),
         d.deadline, d.completed, status_name(d), d.overdue_workdays, d.reason)
        for p, d in approvals), fills=(STATUS_FILLS.get(d.status) for _, d in approvals), note=note)

    current = f"{facts.as_of.year:04d}-{facts.as_of.month:02d}"
    reports = [(p, r) for p in facts.projects
               for r in sorted(shown.projects.get(p.id, {}).get("monthly_reports", []),
                               key=lambda r: r["month"])
               if r["month"] <= current]
    _sheet(wb.create_sheet("月度报送"), REPORT_COLUMNS, (
        (p.id, p.name, _month(r["month"]), r["invested"], r["cumulative"], r["progress_percent"],
         r.get("progress_text"), r.get("major_problems"), _date(r.get("reported")))
        for p, r in reports), note=note)

    stamp = dt.datetime(facts.as_of.year, facts.as_of.month, facts.as_of.day)
    props = wb.properties
    props.title = f"{TITLE}（截至 {facts.as_of.isoformat()}）"
    props.subject = TITLE
    props.creator = PUBLISHER
    props.lastModifiedBy = PUBLISHER
    props.description = note + "；由 portal export --format xlsx 生成"
    props.language = "zh-CN"
    props.created = stamp
    props.modified = stamp
    return wb


def _fixed_zip(payload: bytes, stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """The same archive with every entry dated ``stamp``: byte-identical across runs."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(payload)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def dumps(records: Records, facts: Facts) -> bytes:
    """The workbook as .xlsx bytes."""
    wb = build(records, facts)
    buf = io.BytesIO()
    # openpyxl's save_workbook stamps "modified" with the clock; write through its writer
    # directly so the properties set from as_of stay as they are.
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    as_of = facts.as_of
    return _fixed_zip(buf.getvalue(), (as_of.year, as_of.month, as_of.day, 0, 0, 0))
