"""CSV cells: numbers without float noise, text that never runs as a formula."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.export.csv_export import BOM, cell, dumps, number, safe_text
from generator.export.view import CSV_COLUMNS, LEDGER_COLUMNS
from generator.pipeline import load_and_evaluate
from tests.conftest import AS_OF


@pytest.mark.parametrize(("text", "expected"), [
    ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("北庭镇", "北庭镇"), ("a=b", "a=b"), ("", ""),
])
def test_text_that_looks_like_a_formula_gets_an_apostrophe(text, expected):
    assert safe_text(text) == expected
    assert cell(text) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (8000.0, "8000"), (8000, "8000"), (12.5, "12.5"), (1234.56, "1234.56"), (0.1 + 0.2, "0.3"),
    (100000000.0, "100000000"), (-3.0, "-3"), (1.2, "1.2"),
])
def test_numbers_are_plain_decimals(value, expected):
    assert number(value) == expected


def test_numbers_are_never_quoted_even_when_negative():
    assert cell(-3.5) == "-3.5"
    assert cell(None) == ""
    assert cell(True) == "是" and cell(False) == "否"


def test_the_ledger_extends_the_csv_columns_in_order():
    assert [c for c in LEDGER_COLUMNS if c in CSV_COLUMNS] == list(CSV_COLUMNS)
    assert len(set(LEDGER_COLUMNS)) == len(LEDGER_COLUMNS)


def test_dumps_starts_with_the_bom(data_dir):
    result = load_and_evaluate(data_dir, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    text = dumps(result.records, result.facts)
    assert text.startswith(BOM + "项目编号,项目名称,")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert text.count("\r\n") == 2  # header and the one project
