"""load/parsed.py: clean parses kept between loads, in the process and in the build cache."""

from __future__ import annotations

import math
import shutil

import pytest

from generator.load import document
from generator.load.dataset import load_dataset
from generator.load.parsed import FILE, Parsed, parse_key
from tests.conftest import REPO


def _data(tmp_path):
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path / "data"


def _count_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    original = document.parse

    def counting(text, doc):
        parsed.append(doc.display)
        return original(text, doc)

    monkeypatch.setattr(document, "parse", counting)
    monkeypatch.setattr("generator.load.files.parse", counting)
    return parsed


def test_a_second_load_reads_the_kept_data_and_gets_the_same(tmp_path, monkeypatch):
    data = _data(tmp_path)
    parses = _count_parses(monkeypatch)
    fresh = load_dataset(data)
    files = len(parses)
    kept = Parsed()
    load_dataset(data, kept)
    kept.save(tmp_path)
    assert (tmp_path / ".cache" / "portal" / FILE).is_file()
    assert (tmp_path / ".cache" / "portal" / ".gitignore").is_file()   # never committed
    parses.clear()
    again = load_dataset(data, Parsed.open(tmp_path))
    assert parses == []                                  # nothing parsed again
    assert [d.data for d in again.projects] == [d.data for d in fresh.projects]
    assert {k: d.data for k, d in again.files.items()} == {k: d.data for k, d in fresh.files.items()}
    assert files > 10


def test_a_changed_file_is_parsed_again_and_stale_entries_go(tmp_path, monkeypatch):
    data = _data(tmp_path)
    kept = Parsed()
    load_dataset(data, kept)
    kept.save(tmp_path)
    project = sorted((data / "projects").glob("*.yaml"))[0]
    project.write_text(project.read_text(encoding="utf-8").replace("name: ", "name: 改名的", 1), encoding="utf-8")
    parses = _count_parses(monkeypatch)
    reopened = Parsed.open(tmp_path)
    loaded = load_dataset(data, reopened)
    assert [name.rsplit("/", 1)[-1] for name in parses] == [project.name]
    assert any(str(d.data["name"]).startswith("改名的") for d in loaded.projects)
    reopened.save(tmp_path)
    assert len(Parsed.open(tmp_path).texts) == len(kept.texts)    # the old version is not kept


def test_each_get_is_a_new_object():
    kept = Parsed()
    kept.put("a.yaml:x", {"list": [1, 2.5, "文字", None, True], "nested": {"k": -0.0}})
    first = kept.get("a.yaml:x")
    first["list"].append("changed by a load")
    assert kept.get("a.yaml:x") == {"list": [1, 2.5, "文字", None, True], "nested": {"k": -0.0}}


@pytest.mark.parametrize("value", [math.nan, math.inf, 2**70])
def test_data_json_cannot_hold_exactly_is_not_kept(value):
    kept = Parsed()
    kept.put("a.yaml:x", {"amount": value})
    assert kept.get("a.yaml:x") is None and not kept.texts


@pytest.mark.parametrize("damage", ["truncated", "garbage", "not-a-key", "empty"])
def test_a_damaged_file_is_ignored_with_a_notice(tmp_path, capsys, damage):
    kept = Parsed()
    kept.put(parse_key(b"x"), {"units": []})
    kept.save(tmp_path)
    path = tmp_path / ".cache" / "portal" / FILE
    text = path.read_bytes()
    path.write_bytes({"truncated": text[:-20], "garbage": b"\x00\xff not json\n",
                      "not-a-key": text.replace(b'\n"', b'\n["', 1).replace(b'"\n{', b'"]\n{', 1),
                      "empty": b""}[damage])
    reopened = Parsed.open(tmp_path)
    assert reopened.texts == {}
    assert "解析缓存" in capsys.readouterr().err


def test_another_version_of_the_tool_starts_afresh(tmp_path, monkeypatch, capsys):
    kept = Parsed()
    kept.put("units.yaml:x", {"units": []})
    kept.save(tmp_path)
    monkeypatch.setattr("generator.load.parsed.code_fingerprint", lambda: "another version")
    assert Parsed.open(tmp_path).texts == {}


def test_a_session_forgets_the_versions_it_no_longer_reads():
    kept = Parsed()
    kept.put("old", {"name": "旧"})
    kept.put("new", {"name": "新"})
    kept.forget_unused()
    assert set(kept.texts) == {"old", "new"}      # both used since the last call
    assert kept.get("new") == {"name": "新"}
    kept.forget_unused()
    assert set(kept.texts) == {"new"}
