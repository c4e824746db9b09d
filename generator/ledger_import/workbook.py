"""Reading a returned ledger: sheets and columns found by their Chinese names, values parsed.

A clerk may save the exported ledger from WPS, move columns, re-type a sheet or type dates
as text. So a sheet is found by its title, or else by the header names it carries, and a
column by its header name (spaces ignored, half-width brackets accepted), never by position.
Dates may be Excel dates or text (2026-11-30, 2026/11/30, 2026年11月30日, 2026.11.30); months
may be 2026-11, 2026年11月 or any Excel date in that month.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from ..findings import PortalError

# What identifies each sheet when its title was changed: header names it must carry.
SHEET_KEYS = {"项目台账": ("项目编号", "状态颜色"), "审批事项": ("项目编号", "办结日期"),
              "月度报送": ("项目编号", "月份", "累计完成投资（万元）")}
HEADER_ROWS = 5  # the header is looked for in the first rows (a title row above it is fine)

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


class BadValue(ValueError):
    """A cell that cannot be read as what its column holds (message in Chinese)."""


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int
    col: int  # 1-based
    value: Any

    @property
    def ref(self) -> str:
        return f"{self.sheet}!{get_column_letter(self.col)}{self.row}"


@dataclass
class Row:
    number: int
    cells: dict[str, Cell]

    def value(self, column: str) -> Any:
        cell = self.cells.get(column)
        return cell.value if cell is not None else None


@dataclass
class Ledger:
    sheets: dict[str, list[Row]]
    created: dt.date | None  # the export's as_of, kept in the workbook's properties


def header_name(value: Any) -> str:
    text = str(value or "").strip()
    text = re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）").replace("％", "%")
    return text


def _header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int]] | None:
    for i, values in enumerate(rows[:HEADER_ROWS]):
        names = [header_name(v) for v in values]
        if "项目编号" in names:
            return i, {n: c for c, n in reversed(list(enumerate(names, start=1))) if n}
    return None


def _title_of(ws_title: str, header: dict[str, int]) -> str | None:
    if ws_title.strip() in SHEET_KEYS:
        return ws_title.strip()
    for title, keys in SHEET_KEYS.items():
        if all(k in header for k in keys):
            return title
    return None


def read_ledger(path: Path) -> Ledger:
    """The ledger's known sheets as rows of named cells; usage errors as PortalError."""
    if not path.is_file():
        raise PortalError(f"找不到台账文件 {path}")
    try:
        with warnings.catch_warnings():  # e.g. WPS extensions openpyxl does not read: not our concern
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PortalError(f"{path} 不是 Excel（.xlsx）文件：请在 Excel 或 WPS 中另存为 .xlsx 格式"
                          f"（{type(exc).__name__}）") from exc
    sheets: dict[str, list[Row]] = {}
    try:
        for ws in wb.worksheets:
            values = [tuple(r) for r in ws.iter_rows(min_row=1, values_only=True)]
            found = _header(values)
            title = _title_of(ws.title, found[1]) if found else None
            if found is None or title is None or title in sheets:
                continue
            start, header = found
            sheets[title] = [
                Row(i + 1, {name: Cell(ws.title, i + 1, col, _get(values[i], col))
                            for name, col in header.items()})
                for i in range(start + 1, len(values)) if any(v not in (None, "") for v in values[i])]
        created = wb.properties.created
    finally:
        wb.close()
    if not sheets:
        raise PortalError(f"{path} 中没有台账的工作表（项目台账、审批事项、月度报送）："
                          "请用 portal export --format xlsx 导出的台账填写")
    return Ledger(sheets, created.date() if isinstance(created, dt.datetime) else None)


def _get(values: tuple[Any, ...], col: int) -> Any:
    value = values[col - 1] if col - 1 < len(values) else None
    if isinstance(value, str):
        return value.strip() or None
    return value


def parse_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        serial = from_excel(value)  # a date cell whose format was lost
        return serial.date() if isinstance(serial, dt.datetime) else None
    match = _DATE.fullmatch(str(value).strip())
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise BadValue(f"“{value}”不是有效日期：请写成 2026-11-30、2026/11/30 或 2026年11月30日")


def parse_month(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    try:
        day = parse_date(value)
    except BadValue:
        match = _MONTH.fullmatch(text)
        if match and 1 <= int(match.group(2)) <= 12:
            return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
        raise BadValue(f"“{value}”不是有效月份：请写成 2026-11 或 2026年11月") from None
    return f"{day.year:04d}-{day.month:02d}" if day else None


def parse_number(value: Any) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue(f"“{value}”不是数字")
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", "").replace("，", ""))
        except ValueError:
            raise BadValue(f"“{value}”不是数字：金额以万元为单位，只填数字") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise BadValue(f"“{value}”不是数字")
    number = round(number, 6)
    return int(number) if number.is_integer() else number


def parse_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    text = str(value).strip()
    return text or None
