"""Versions cut into pieces give the same data, and the same diffs, as whole strict parses."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from generator.history.piecediff import Differ
from generator.history.pieces import Pieces
from generator.history.snapshot import Cut, Unreadable, cut_file

FIXTURES = Path(__file__).parent.parent / "fixtures"
YAML_FILES = sorted(p for p in FIXTURES.rglob("*.yaml") if p.is_file())
BASE = (FIXTURES / "base" / "projects" / "2026-base-pv.yaml").read_text(encoding="utf-8")

TRICKY = {
    "zero-indented list": "id: a\napprovals:\n- item: x\n  submitted: 2026-01-01\n- item: y\nname: n\n",
    "comments between items": "approvals:\n  # first\n  - item: x\n\n  # second\n  - item: y\n",
    "comment after key": "approvals:   # 审批\n  - item: x\n",
    "nested list in item": "production:\n  services:\n    - kind: other\n      title: t\n",
    "block scalar": "content: |\n  第一行\n  - 不是列表\n  key: 不是键\nname: n\n",
    "folded scalar in item": "problems:\n  - id: p1\n    description: >\n      a\n      b\n",
    "multi-line plain in item": "problems:\n  - id: p1\n    title: 很长的\n      问题\n",
    "flow list over lines": "a: [1,\n2]\nb: 3\n",
    "flow map in item": "signing:\n  registrations:\n    company: {completed: 2026-03-10}\n",
    "quoted over lines": 'a: "x\nb: y"\nc: 1\n',
    "single quoted over lines": "a: 'x\nb: y'\nc: 1\n",
    "empty list value": "approvals:\nname: n\n",
    "empty item": "approvals:\n  -\n  - item: x\n",
    "duplicate top key": "id: a\nname: b\nid: c\n",
    "duplicate inside item": "approvals:\n  - item: x\n    item: y\n",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "alias across items": "approvals:\n  - &i {item: x}\n  - *i\n",
    "document marker": "---\nid: a\n",
    "document end": "id: a\n...\n",
    "two documents": "id: a\n---\nid: b\n",
    "directive": "%YAML 1.2\n---\nid: a\n",
    "tab": "id: a\n\tname: b\n",
    "crlf": "id: a\r\napprovals:\r\n  - item: x\r\n  - item: y\r\n",
    "top-level list": "- a\n- b\n",
    "scalar only": "just text\n",
    "comment only": "# nothing\n",
    "empty": "",
    "key with dash": "a-b: 1\nx_y:\n  - 1\n  - 2\n",
    "quoted key": '"id": a\nname: b\n',
    "numbers and words": "a: 1\nb: 1.5\nc: yes\nd: null\ne: true\nf: 2026-03-20\n",
    "dash text in item": "problems:\n  - id: p1\n    title: x\n  - y\n",
    "less indented line": "approvals:\n  - item: x\n submitted: 1\n",
    "trailing spaces after dash": "approvals:\n  - \n    item: x\n",
    "bom": "\ufeffid: a\n",
    "control character": "id: a\x07\n",
    "nested mapping": "review:\n  feasibility_submitted: 2026-01-02\n  opinions:\n    - unit: a\n    - unit: b\n"
                      "  meeting:\n    date: 2026-02-03\nname: n\n",
    "nested comment at column 0": "review:\n  a: 1\n# note\n  b: 2\n",
    "nested duplicate": "utilities:\n  water:\n    status: done\n  water:\n    status: no\n",
    "nested flow over lines": "signing:\n  a: [1,\n  2]\n  b: 3\n",
    "nested less indented": "review:\n    a: 1\n  b: 2\n",
    "nested deeper first": "review:\n      a: 1\n  b: 2\n",
    "nested list at key indent": "production:\n  services:\n  - kind: other\n  - kind: credit\n  started: x\n",
    "nested block scalar": "review:\n  note: |\n    a\n  b: c\n",
    "nested tab": "review:\n  a: 1\n\tb: 2\n",
    "item at end without newline": "approvals:\n  - item: x\n  -",
    "key at end without newline": "id: a\nname: b",
    "nested empty value": "review:\n  opinions:\n  meeting:\n    date: x\n",
    "colon in value": "note: 时间: 10点\nname: n\n",
}


def assemble(cut: Cut, px: Pieces) -> Any:
    """The data of a cut, built piece by piece through nested cuts where there are any."""
    if cut.items is not None:
        return [px.item(chunk) for chunk in cut.items]
    data = {}
    for key, piece in (cut.mapping or {}).items():
        nested = px.nested(piece, cut.indent)
        data[key] = assemble(nested, px) if nested is not None else px.value(piece, key)
    return data


def cut_data(raw: bytes) -> Any:
    cut = cut_file(raw)
    if cut is None:
        return "not cut"
    try:
        return assemble(cut, Pieces())
    except Unreadable:
        return "unreadable piece"


@pytest.mark.parametrize("raw", [p.read_bytes() for p in YAML_FILES] + [t.encode() for t in TRICKY.values()],
                         ids=[str(p.relative_to(FIXTURES)) for p in YAML_FILES] + list(TRICKY))
def test_a_clean_cut_gives_exactly_the_data_of_the_whole_parse(raw):
    found = cut_data(raw)
    if found not in ("not cut", "unreadable piece"):
        assert found == Pieces().whole(raw)
        assert found is not None


def test_most_fixture_files_cut_cleanly():
    clean = [p.name for p in YAML_FILES if cut_data(p.read_bytes()) not in ("not cut", "unreadable piece")]
    assert len(clean) > len(YAML_FILES) // 2 and "2026-base-pv.yaml" in clean


def lazy(old: str, new: str, **kwargs) -> list[str] | str:
    a, b = cut_file(old.encode()), cut_file(new.encode())
    if a is None or b is None:
        return "not cut"
    try:
        changes, _ = Differ(**kwargs).diff_cuts(a, b, Pieces())
    except Unreadable:
        return "unreadable piece"
    return [c.text_zh for c in changes]


def whole(old: str, new: str, **kwargs) -> list[str]:
    px = Pieces()
    changes, _ = Differ(**kwargs).diff(px.whole(old.encode()), px.whole(new.encode()))
    return [c.text_zh for c in changes]


REPORT = "  - month: 2026-{m:02d}\n    invested: 1\n    cumulative: 1\n    progress_percent: 1\n" \
         "    reported: 2026-{m:02d}-28\n"
EDITS = {
    "stage": lambda t: t.replace("stage: landing", "stage: production"),
    "approval completed": lambda t: t.replace("    submitted: 2026-04-01\n",
                                              "    submitted: 2026-04-01\n    completed: 2026-04-20\n"),
    "report added": lambda t: t.replace("internal_notes:", REPORT.format(m=4) + "internal_notes:"),
    "report changed": lambda t: t.replace("invested: 100", "invested: 120"),
    "nested registration": lambda t: t.replace("{completed: 2026-03-10}", "{completed: 2026-03-11}"),
    "investor contact (internal)": lambda t: t.replace("测试联系人", "另一人"),
    "comment only": lambda t: t.replace("internal_notes:", "# 注释\ninternal_notes:"),
    "reindented list": lambda t: t.replace(
        "  - item: filing\n    submitted: 2026-03-16\n    completed: 2026-03-18\n  - item: eia-table\n"
        "    submitted: 2026-04-01\n",
        "- item: filing\n  submitted: 2026-03-16\n  completed: 2026-03-18\n- item: eia-table\n"
        "  submitted: 2026-04-01\n"),
    "broken version": lambda t: t.replace("stage: landing", "stage: [landing"),
    "items reordered": lambda t: t.replace(
        "  - item: filing\n    submitted: 2026-03-16\n    completed: 2026-03-18\n  - item: eia-table\n"
        "    submitted: 2026-04-01\n",
        "  - item: eia-table\n    submitted: 2026-04-01\n  - item: filing\n    submitted: 2026-03-16\n"
        "    completed: 2026-03-18\n"),
    "key added": lambda t: t.replace("industry: new_energy\n", "industry: new_energy\nkey_project: true\n"),
    "block replaced by flow": lambda t: t.replace("policy:\n  kind: standard\n  agreed: 2026-02-10\n",
                                                  "policy: {kind: case_by_case, agreed: 2026-02-10}\n"),
    "key removed": lambda t: t.replace("internal_notes: 内部备注示例\n", ""),
    "many at once": lambda t: t.replace("stage: landing", "stage: production").replace(
        "total_investment: 8000", "total_investment: 9000").replace("invested: 100", "invested: 90"),
}


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_comparing_pieces_gives_the_same_changes_as_comparing_whole_versions(edit, audience):
    new = EDITS[edit](BASE)
    assert new != BASE
    for a, b in ((BASE, new), (new, BASE)):
        found = lazy(a, b, audience=audience)
        if edit == "broken version":
            assert found == "unreadable piece"  # the caller then compares whole versions
        else:
            assert found == whole(a, b, audience=audience)


@pytest.mark.parametrize(("old", "new"), [
    ('a: "x\nb: 1"\n', 'a: "x\nb: 2"\n'),          # the change is inside a quoted text
    ("a: [1,\nb, 2]\n", "a: [1,\nb, 3]\n"),        # inside a flow list
    ("approvals:\n  - item: 'x\n  - y'\n  - item: z\n", "approvals:\n  - item: 'x\n  - y'\n  - item: w\n"),
    # unchanged blocks whose quoted text runs across their own pieces, another key changed
    ('investor:\n  contact: "x\n  phone: 1"\nstage: a\n', 'investor:\n  contact: "x\n  phone: 1"\nstage: b\n'),
    ('approvals:\n  - item: "x\n  - item: y"\nstage: a\n', 'approvals:\n  - item: "x\n  - item: y"\nstage: b\n'),
    ('a:\n  b:\n    c: [1,\n    d: 2]\nstage: a\n', 'a:\n  b:\n    c: [1,\n    d: 2]\nstage: b\n'),
])
def test_text_running_across_a_cut_is_never_compared_piece_by_piece(old, new):
    assert lazy(old, new) in ("not cut", "unreadable piece")


def test_only_the_pieces_that_differ_are_parsed():
    px = Pieces()
    versions = [BASE]
    for month in range(4, 12):
        versions.append(versions[-1].replace("internal_notes:", REPORT.format(m=month) + "internal_notes:"))
    differ = Differ()
    parses = []
    for old, new in pairwise(versions):
        before = px.parses
        changes, _ = differ.diff_cuts(cut_file(old.encode()), cut_file(new.encode()), px)
        assert [c.text_zh for c in changes] == [f"月报 2026-{old.count('- month:') + 3:02d}：新增"]
        parses.append(px.parses - before)
    # The first comparison also proves once that the pieces with quoted or flow text close.
    assert parses == [3] + [1] * 7 and px.whole_parses == 0


@pytest.mark.parametrize("raw", [
    "id: 项目\n".encode("gbk"),
    "id: a\nname: 项目\n".encode("utf-16"),
])
def test_a_version_that_is_not_utf8_is_unreadable(raw):
    assert Pieces().whole(raw) is None


def test_a_utf8_bom_is_ignored_like_the_loader_does():
    assert cut_data(b"\xef\xbb\xbfid: a\n") == {"id": "a"} == Pieces().whole(b"\xef\xbb\xbfid: a\n")


NEIGHBOURS = {
    **{name: edit(BASE) for name, edit in EDITS.items()},
    "preamble changed": BASE.replace("# yaml-language-server", "# 另一个注释\n# yaml-language-server"),
    "first key changed": BASE.replace("id: 2026-base-pv", "id: 2026-base-pv2"),
    "last key changed": BASE.replace("内部备注示例", "内部备注"),
    "key inserted at start": BASE.replace("id: 2026-base-pv\n", "id: 2026-base-pv\nstatus: paused\n"),
    "comment after a piece": BASE.replace("industry: new_energy\n", "industry: new_energy\n# 注\n"),
    "continuation added": BASE.replace("industry: new_energy\n", "industry: new_energy\n  more: x\n"),
    "duplicate key made": BASE.replace("industry: new_energy\n", "industry: new_energy\nstage: x\n"),
    "quote added in place": BASE.replace("industry: new_energy", 'industry: "new_energy"'),
    "key renamed in place": BASE.replace("industry: new_energy", "industri: new_energy"),
    "crlf": BASE.replace("\n", "\r\n"),
    "emptied": "",
    "list only": "- a\n",
}


@pytest.mark.parametrize("name", sorted(NEIGHBOURS))
def test_edited_versions_cut_to_the_data_of_the_whole_parse(name):
    raw = NEIGHBOURS[name].encode()
    cut = cut_data(raw)
    if cut not in ("not cut", "unreadable piece"):    # those are parsed whole instead
        assert cut == Pieces().whole(raw)
