"""Excel export: the ledger (台账) as the county keeps it, in three sheets.

* 项目台账 — one row per project with this month's figures and its colour;
* 审批事项 — every approval with its deadline and status, red for overdue or done late,
  yellow for due soon;
* 月度报送 — every monthly report up to the evaluation date.

The columns a clerk fills in (see ``xlsx_form``) have an orange header with a note and
data validation, so the ledger that goes out is the form that comes back (``portal import``).
With ``unit`` the ledger is one department's (``view.unit_projects``).

Header rows are bold and frozen, with a filter; dates are real Excel dates; text is always
stored as text (never as a formula). The output is deterministic: the workbook's created and
modified times and the zip entries' times come from ``as_of``, so two exports of the same
data on the same ``as_of`` are byte-identical.

Written with XlsxWriter in its constant-memory mode: each row goes to a temporary file as
soon as it is written, so neither the cells nor the sheets are held in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..evaluate.facts import Facts
from ..records import Records
from . import xlsx_form
from .view import LEDGER_COLUMNS, Names, handles_approval, ledger_rows, public, status_name, unit_projects

TITLE = "吉木萨尔县社会投资项目台账"
PUBLISHER = "吉木萨尔县招商引资领导小组办公室"

# Fill colours (RGB)
RED = "FFC7CE"
YELLOW = "FFEB9C"
GREEN = "C6EFCE"
GREY = "E7E6E6"
HEADER_FILL = "D9E1F2"
BORDER_COLOUR = "A6A6A6"
COLOUR_FILLS = {"红": RED, "黄": YELLOW, "绿": GREEN, "灰": GREY}
STATUS_FILLS = {"overdue": RED, "done_late": RED, "due_soon": YELLOW}

DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"
AMOUNT_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"

APPROVAL_COLUMNS = ("项目编号", "项目名称", "审批事项", "办理部门", "申报日期", "办理时限（工作日）",
                    "截止日期", "办结日期", "状态", "逾期工作日", "延误原因", "事项编号")
REPORT_COLUMNS = ("项目编号", "项目名称", "月份", "当月完成投资（万元）", "累计完成投资（万元）",
                  "形象进度（%）", "形象进度说明", "存在的重大问题", "填报日期", "迟报原因", "更正说明")

# Characters an xlsx file cannot hold (XML 1.0 control characters): dropped from text.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

MAX_WIDTH = 50          # the widest a column is made, in characters (a CJK character counts 2)

RowFills = Sequence[str | None] | None  # a fill colour per column, or None: no fill at all


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
    return _text_width(str(value))


@lru_cache(maxsize=4096)  # names and units repeat on every row of a sheet
def _text_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


class _Formats:
    """The workbook's cell formats: the header's, and one per number format and fill."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        header = {
            "bold": True, "pattern": 1, "bg_color": f"#{HEADER_FILL}",
            "bottom": 1, "bottom_color": f"#{BORDER_COLOUR}",
            "align": "center", "valign": "vcenter", "text_wrap": True,
        }
        self.header = wb.add_format(header)
        self.fill_in = wb.add_format({**header, "bg_color": f"#{xlsx_form.FILL_IN}"})
        self.cells: dict[tuple[str | None, str | None], Format | None] = {(None, None): None}

    def cell(self, number_format: str | None, fill: str | None) -> Format | None:
        key = (number_format, fill)
        if key not in self.cells:
            properties: dict[str, Any] = {}
            if number_format is not None:
                properties["num_format"] = number_format
            if fill is not None:
                properties.update(pattern=1, bg_color=f"#{fill}")
            self.cells[key] = self.wb.add_format(properties)
        return self.cells[key]


def _write(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None,
           fill: str | None, formats: _Formats) -> None:
    """One cell: text always as text, numbers and dates formatted, empty cells only if filled."""
    if isinstance(value, str):
        text = value if value.isprintable() else ILLEGAL_CHARACTERS.sub("", value)   # most are
        ws.write_string(row, col, text, formats.cell(None, fill))
    elif value is None:
        if fill is not None:
            ws.write_blank(row, col, None, formats.cell(None, fill))
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, formats.cell(number_format, fill))
    else:
        ws.write_number(row, col, value, formats.cell(number_format, fill))


def _sheet(wb: xlsxwriter.Workbook, formats: _Formats, title: str, columns: Sequence[str],
           rows: Iterable[Sequence[Any]], fills: Iterable[RowFills] = (), note: str = "",
           form: tuple[int, Sequence[str]] = (0, ())) -> None:
    """Header row (bold, frozen, filtered), the rows, sensible widths and print titles.

    ``form``: the number of projects (rows of 项目台账) and the approval item ids, for the
    drop-down lists of the fill-in columns.
    """
    ws = wb.add_worksheet(title)
    fill_in = xlsx_form.fill_in_columns(title)
    for col, column in enumerate(columns):
        ws.write_string(0, col, column, formats.fill_in if column in fill_in else formats.header)
    xlsx_form.decorate(ws, title, columns, *form)
    number_formats = [_format_of(c) for c in columns]
    widths = [_width(c) + 2 for c in columns]
    no_fills = [None] * len(columns)
    row = 0
    for row, (values, row_fills) in enumerate(zip(rows, _padded(fills), strict=False), start=1):
        for col, (value, fill) in enumerate(zip(values, row_fills or no_fills, strict=True)):
            _write(ws, row, col, value, number_formats[col], fill, formats)
            if value is not None and widths[col] < MAX_WIDTH:   # wider is no wider
                widths[col] = max(widths[col], _width(value) + 2)
    for col, width in enumerate(widths):  # kept aside by XlsxWriter, written before the rows
        ws.set_column(col, col, min(max(width, 8), MAX_WIDTH))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, row, len(columns) - 1)
    ws.repeat_rows(0)
    ws.set_header(f"&C{_escape_header(f'{TITLE}·{title}')}")
    ws.set_footer(f"&L{_escape_header(note)}&R第 &P 页，共 &N 页")
    xlsx_form.item_list(ws, columns, row, form[1])


def _padded(fills: Iterable[RowFills]) -> Iterable[RowFills]:
    """The fills of each row, then None for the rows they do not cover."""
    yield from fills
    yield from repeat(None)


def _escape_header(text: str) -> str:
    """Header and footer text: "&" starts a code there."""
    return text.replace("&", "&&")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _month(value: str) -> dt.date:
    return dt.date(int(value[:4]), int(value[5:7]), 1)


def sheets(records: Records, facts: Facts, unit: str | None = None) -> list[Sheet]:
    """The ledger's three sheets: title, columns, rows and fills (rows made as they are read).

    ``portal import`` reads the same rows to tell which cells of a returned ledger changed.
    """
    shown = public(records)
    names = Names(shown)
    projects = unit_projects(facts, unit)
    ids = {p.id for p in projects}
    rows = [row for row in ledger_rows(records, facts, names) if row["项目编号"] in ids]
    colour_col = LEDGER_COLUMNS.index("状态颜色")
    ledger = Sheet("项目台账", LEDGER_COLUMNS, ([row[c] for c in LEDGER_COLUMNS] for row in rows),
                   ([COLOUR_FILLS[row["状态颜色"]] if c == colour_col else None
                     for c in range(len(LEDGER_COLUMNS))] for row in rows))

    approvals = [(p, d) for p in facts.projects for d in p.approvals
                 if p.id in ids or handles_approval(d, unit)]
    approval_sheet = Sheet("审批事项", APPROVAL_COLUMNS, (
        (p.id, p.name, d.label, names.unit(d.unit), d.start, d.extra.get("time_limit_workdays"),
         d.deadline, d.completed, status_name(d), d.overdue_workdays, d.reason, d.ref)
        for p, d in approvals), (_whole_row(STATUS_FILLS.get(d.status), len(APPROVAL_COLUMNS))
                                 for _, d in approvals), len(approvals))

    current = f"{facts.as_of.year:04d}-{facts.as_of.month:02d}"
    reports = ((p, r) for p in projects
               for r in sorted(shown.projects.get(p.id, {}).get("monthly_reports", []),
                               key=lambda r: r["month"])
               if r["month"] <= current)
    report_sheet = Sheet("月度报送", REPORT_COLUMNS, (
        (p.id, p.name, _month(r["month"]), r["invested"], r["cumulative"], r["progress_percent"],
         r.get("progress_text"), r.get("major_problems"), _date(r.get("reported")),
         r.get("delay_reason"), r.get("correction_note"))
        for p, r in reports))
    ledger.count = len(rows)
    return [ledger, approval_sheet, report_sheet]


@dataclass
class Sheet:
    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    fills: Iterable[RowFills] = ()
    count: int = 0  # rows, when known before they are made


def _write_sheets(wb: xlsxwriter.Workbook, records: Records, facts: Facts, note: str,
                  unit: str | None = None) -> None:
    formats = _Formats(wb)
    made = sheets(records, facts, unit)
    form = (made[0].count, sorted(records.approval_items))
    for sheet in made:
        _sheet(wb, formats, sheet.title, sheet.columns, sheet.rows, sheet.fills, note, form)


def _whole_row(fill: str | None, width: int) -> RowFills:
    return [fill] * width if fill is not None else None


def _fixed_zip(payload: bytes, stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """The same archive with every entry dated ``stamp``: byte-identical across runs."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(payload)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            with src.open(info) as reader, dst.open(entry, "w") as writer:
                shutil.copyfileobj(reader, writer)  # a sheet's XML can be tens of MB
    return out.getvalue()


def dumps(records: Records, facts: Facts, unit: str | None = None) -> bytes:
    """The workbook as .xlsx bytes: the whole county's ledger, or one unit's (``unit``)."""
    as_of = facts.as_of
    note = f"按 {as_of.isoformat()} 计算的时限和状态；{xlsx_form.READ_ONLY_NOTE}"
    buf = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="portal-xlsx-") as tmpdir:
        wb = xlsxwriter.Workbook(buf, {
            "constant_memory": True, "tmpdir": tmpdir,
            # text is text: never read as a formula, a number or a link
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        })
        _write_sheets(wb, records, facts, note, unit)
        wb.set_properties({
            "title": f"{TITLE}（截至 {as_of.isoformat()}）",
            "subject": TITLE,
            "author": PUBLISHER,  # also the last to modify it
            "comments": note + "；由 portal export --format xlsx 生成",
            "created": dt.datetime(as_of.year, as_of.month, as_of.day),  # also "modified"
        })
        wb.close()
    return _fixed_zip(buf.getvalue(), (as_of.year, as_of.month, as_of.day, 0, 0, 0))
