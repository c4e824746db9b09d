"""Streamed JSON downloads: the text ``json.dumps`` would give for the whole document."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator.export import export_bytes, facts_json, oc4ids, write_export
from generator.export.json_text import Items, dumps
from generator.pipeline import load_and_evaluate
from tests.conftest import AS_OF

ITEMS = [
    {"id": "a", "text": "多行\n文字\t“引号”\\ \u2028", "n": [1, 2.5, -0.0, None, True], "empty": {}, "none": []},
    {"nested": {"deeper": [{"x": [[]]}, "y"]}, "数字": 1e20},
    [],
    "plain",
]


@pytest.mark.parametrize("items", [[], ITEMS[:1], ITEMS])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_streamed_list_reads_exactly_as_the_whole_document(items, where):
    before = {"first": {}, "middle": {"k": "v", "list": [1, {"a": []}]}, "last": {"k": [], "o": {}}}[where]
    after = {"tail": ["x", {"y": None}]} if where != "last" else {}
    document = {**before, "items": items, **after}
    streamed = {**before, "items": Items(iter(items)), **after}
    assert dumps(streamed) == (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def test_an_empty_document():
    assert dumps({}) == (json.dumps({}, indent=2) + "\n").encode("utf-8")


def test_the_downloads_equal_their_documents(data_dir):
    result = load_and_evaluate(data_dir, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    records, facts = result.records, result.facts
    whole = {"json": facts_json.facts_json(records, facts), "oc4ids": oc4ids.package(records, facts)}
    for fmt, document in whole.items():
        expected = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        assert export_bytes(fmt, records, facts) == expected.encode("utf-8"), fmt


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "oc4ids"])
def test_an_export_written_to_a_file_as_it_is_made_is_the_export(data_dir, tmp_path, fmt):
    """The build writes each download straight into its file (``write_export``): the same bytes
    as ``portal export``."""
    result = load_and_evaluate(data_dir, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    target = tmp_path / "download"
    with target.open("wb") as out:
        write_export(fmt, result.records, result.facts, out, "https://touzi.example.gov.cn/")
    assert target.read_bytes() == export_bytes(fmt, result.records, result.facts, "https://touzi.example.gov.cn/")


def test_what_orjson_refuses_is_written_all_the_same():
    # An integer beyond 64 bits (an amount a clerk typed with too many digits): json.dumps
    # writes it, and so does the download.
    document = {"items": Items(iter([{"n": 2**70, "text": "文字"}]))}
    expected = json.dumps({"items": [{"n": 2**70, "text": "文字"}]}, ensure_ascii=False, indent=2) + "\n"
    assert dumps(document) == expected.encode("utf-8")


def test_a_tiny_float_is_the_same_number():
    document = {"amounts": [0.00001, 12.5, 1e-7]}
    text = dumps({"amounts": Items(iter(document["amounts"]))})
    assert json.loads(text) == document
