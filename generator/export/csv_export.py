"""CSV export: one row per project, the ledger's columns with Chinese headers.

UTF-8 with a byte-order mark so Excel opens the Chinese text correctly on a double click.
Text cells that a spreadsheet would read as a formula (starting with = + - @, or a tab or
carriage return) get a leading apostrophe (CSV formula injection); numbers are left alone.
"""

from __future__ import annotations

import csv
import io

from ..evaluate.facts import Facts
from ..records import Records
from .view import CSV_COLUMNS, ledger_rows

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number(value: float | int) -> str:
    """8000.0 -> "8000", 12.5 -> "12.5": no float noise, no exponent."""
    if float(value).is_integer():
        return str(int(value))
    return f"{round(float(value), 6):f}".rstrip("0").rstrip(".")


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number(value)
    return safe_text(str(value))


def dumps(records: Records, facts: Facts) -> str:
    """The whole file as text, starting with the BOM (encode it as UTF-8)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in ledger_rows(records, facts):
        writer.writerow([cell(row[c]) for c in CSV_COLUMNS])
    return BOM + buf.getvalue()
