"""Schemas: every format is enforced, every property is described in Chinese, and the fast
validator agrees with jsonschema on every fixture."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

from generator.load import load_file
from generator.load.dataset import DATA_FILES
from generator.schemas import (
    FORMAT_CHECKER,
    SCHEMA_FILES,
    credit_check_char,
    fast_validator,
    is_date,
    is_year_month,
    load_schema,
    native_schema,
    validator,
)
from tests.conftest import FIXTURES, REPO

KIND_BY_FILE = {name: kind for kind, (name, _) in DATA_FILES.items()}


def _documents():
    folders = [REPO / "data", FIXTURES / "base", FIXTURES / "hostile"]
    for folder in folders:
        for path in sorted(folder.rglob("*.yaml")):
            kind = "project" if path.parent.name == "projects" else KIND_BY_FILE.get(path.name)
            if kind:
                yield kind, path
    for path in sorted((FIXTURES / "negative").glob("*.yaml")):
        yield "project", path


# Files that are not loadable YAML never reach the schema, so they are left out here.
DOCUMENTS = [(kind, path) for kind, path in _documents() if load_file(path)[0] is not None]


@pytest.mark.parametrize(("kind", "path"), DOCUMENTS, ids=[str(p.relative_to(REPO)) for _, p in DOCUMENTS])
def test_the_fast_validator_agrees_with_jsonschema(kind, path):
    doc, _ = load_file(path)
    assert doc is not None
    slow = not any(True for _ in validator(kind).iter_errors(doc.data))
    assert fast_validator(kind).is_valid(doc.data) == slow


def test_the_agreement_covers_valid_and_invalid_documents():
    outcomes = set()
    for kind, path in DOCUMENTS:
        doc, _ = load_file(path)
        assert doc is not None
        outcomes.add(fast_validator(kind).is_valid(doc.data))
    assert outcomes == {True, False}


@pytest.mark.parametrize(("fmt", "good", "bad"), [
    ("date", ["2026-02-28", "2024-02-29", "1990-01-01", "2100-12-31"],
     ["2026-02-30", "20260228", "2026-2-28", "2026/02/28", "0001-01-01", "1989-12-31", "2101-01-01"]),
    ("year-month", ["2026-10", "1990-01", "2100-12"], ["2026-13", "2026-1", "202610", "0001-01", "2101-01"]),
    ("credit-code", ["91652327MA7AAAAAAW"], ["91652327MA7AAAAAA3", "91652327MA7AAAAAAI", "123"]),
    ("project-code", ["2026-652327-44-02-000123"], ["2026-652327-44-02-12345", "2026652327440200012"]),
    ("uri", ["https://example.org/a", "http://x.cn"], ["javascript:alert(1)", "ftp://x", "//x.cn"]),
])
def test_every_format_the_schemas_use_is_enforced(fmt, good, bad):
    assert all(FORMAT_CHECKER.conforms(v, fmt) for v in good)
    assert not any(FORMAT_CHECKER.conforms(v, fmt) for v in bad)


def test_no_schema_uses_a_format_we_do_not_check():
    used = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                used.add(node["format"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in SCHEMA_FILES:
        walk(load_schema(kind))
    assert used <= set(FORMAT_CHECKER.checkers)


def test_the_credit_code_check_character_follows_gb_32100():
    # A published example code: 91350100M000100Y43 (check character 3)
    assert credit_check_char("91350100M000100Y4") == "3"


def _properties(node, where=""):
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{where}.{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value, where)


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_every_property_has_a_chinese_title_and_description(kind):
    for where, prop in _properties(load_schema(kind)):
        for key in ("title", "description"):
            text = prop.get(key, "")
            assert any("\u4e00" <= c <= "\u9fff" for c in text), f"{kind}{where} {key}"


def test_every_data_file_names_its_schema_in_its_first_line():
    for path in (REPO / "data").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file() and json.loads(target.read_text(encoding="utf-8"))


def test_internal_fields_are_marked_in_the_schema():
    project = load_schema("project")
    assert project["properties"]["investor"]["properties"]["contact"]["x-internal"] is True
    assert project["properties"]["internal_notes"]["x-internal"] is True


def test_schema_files_are_valid_2020_12_schemas():
    from jsonschema import Draft202012Validator

    for name in SCHEMA_FILES.values():
        Draft202012Validator.check_schema(json.loads((Path(REPO) / "schema" / name).read_text("utf-8")))


def test_the_fast_validator_checks_dates_and_months_as_the_format_checker_does():
    """The Rust validator checks "date" and "year-month" itself (``schemas.native_schema``): the same
    answer as FORMAT_CHECKER for every year from 1000 to 2999, month and day bounds, leap days
    and near misses."""
    dates = jsonschema_rs.validator_for(native_schema({"type": "string", "format": "date"}), validate_formats=True,
                                        ignore_unknown_formats=False)
    months = jsonschema_rs.validator_for(native_schema({"type": "string", "format": "year-month"}),
                                         validate_formats=True, ignore_unknown_formats=False)
    near = [" 2026-02-28", "2026-02-28\n", "２０２６-01-01", "2026-01-01T00:00:00", "+2026-01-01", "2026-1-1"]
    days = [f"{y:04d}-{md}" for y in range(1000, 3000)
            for md in ("01-01", "02-28", "02-29", "04-30", "04-31", "12-31", "13-01", "00-10", "01-00")]
    assert [d for d in days + near if dates.is_valid(d) != is_date(d)] == []
    assert sum(dates.is_valid(d) for d in days) == 111 * 4 + 27    # 1990..2100; 27 leap years
    month_values = [f"{y:04d}-{m:02d}" for y in range(1000, 3000) for m in range(14)] + ["2026-10\n", "2026-1"]
    assert [m for m in month_values if months.is_valid(m) != is_year_month(m)] == []
