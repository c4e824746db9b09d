"""The Excel ledger's building blocks: widths, formats, a reproducible archive."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile

import openpyxl

from generator.commands import load_and_evaluate
from generator.export import xlsx
from tests.conftest import AS_OF


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
