"""Malformed and oversized files reach `portal build`: each is refused with a located, coded
message, and the site built before stays byte-identical with nothing written beside it.

The bad project files of tests/fixtures/negative (already checked against `portal validate`
in test_validate_cli.py) are reused here for the build; the kinds below add what they lack."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable

import pytest

from generator.load import MAX_FILE_BYTES
from tests.conftest import FIXTURES
from tests.hostile.generate import minimal_project as project

pytestmark = pytest.mark.hostile

NEGATIVE = FIXTURES / "negative"
EXPECTED = json.loads((NEGATIVE / "expected.json").read_text(encoding="utf-8"))


def utf16(ident: str) -> bytes:
    return "\ufeff".encode("utf-16-le") + project(ident).encode("utf-16-le")


# name -> (file content, expected code, line)
KINDS: dict[str, tuple[bytes, str, int]] = {
    "utf16-bom": (utf16("utf16-bom"), "encoding", 1),
    "nul-bytes": (project("nul-bytes").encode() + b"\x00\x01\x02binary", "control-character", 11),
    "broken-utf8": (project("broken-utf8").replace("测试企业", "测\udcff").encode("utf-8", "surrogateescape"),
                    "encoding", 10),
    "nested-flow-5000": (project("nested-flow-5000", "content: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
                         "too-deep", 11),
    "nested-block-300": (project("nested-block-300", "needs:\n" + "".join(
        "  " * (i + 1) + f"k{i}:\n" for i in range(300)) + "  " * 301 + "v\n").encode(), "too-deep", 61),
    "lone-surrogate-escape": (project("lone-surrogate-escape", 'content: "\\ud800 x"\n').encode(), "yaml-syntax", 11),
    "unterminated-quote": (project("unterminated-quote", 'content: "abc\n').encode(), "yaml-syntax", 12),
    "complex-key": (project("complex-key", "? [a, b]\n: c\n").encode(), "complex-key", 11),
    "null-key": (project("null-key", "~: x\n").encode(), "schema-unknown-field", 11),
    "integer-key": (project("integer-key", "1: x\n").encode(), "schema-unknown-field", 11),
    "nan-amount": (project("nan-amount", **{"total_investment: 100": "total_investment: .nan"}).encode(),
                   "not-finite", 8),
    "infinite-amount": (project("infinite-amount", **{"total_investment: 100": "total_investment: -.inf"}).encode(),
                        "not-finite", 8),
    "huge-integer": (project("huge-integer", **{"total_investment: 100": "total_investment: 1" + "0" * 400}).encode(),
                     "not-finite", 8),
    # YAML 1.1 reads NEL (U+0085) as a line break: an invisible character makes a new key.
    "next-line-break": (project("next-line-break", "content: a\u0085b: c\n").encode(), "schema-unknown-field", 12),
    "long-line-900kb": (project("long-line-900kb", "content: " + "长" * 300_000 + "\n").encode(),
                        "too-long", 11),
    "80000-keys": (project("80000-keys", "".join(f"k{i}: v\n" for i in range(80_000))).encode(),
                   "too-long", 10003),
    "one-byte-over-2mb": (b"", "file-too-large", 1),   # made in the test
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_negative_fixture_stops_the_build_and_leaves_the_site_alone(arena, rejected, name):
    shutil.copy(NEGATIVE / name, arena.projects / name)
    result = rejected()
    expected = EXPECTED[name]
    assert f"data/projects/{name}:{expected['line']}:" in result.err
    assert f"error[{expected['code']}]" in result.err


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_malformed_project_file_stops_the_build_and_leaves_the_site_alone(arena, rejected, name):
    content, code, line = KINDS[name]
    if name == "one-byte-over-2mb":
        head = project(name, "content: ").encode()
        content = head + b"x" * (MAX_FILE_BYTES + 1 - len(head))
    (arena.projects / f"{name}.yaml").write_bytes(content)
    started = time.monotonic()
    result = rejected()
    assert time.monotonic() - started < 30, "a hostile file must not make the build crawl"
    assert f"data/projects/{name}.yaml:{line}:" in result.err
    assert f"error[{code}]" in result.err


@pytest.mark.parametrize(("file", "content", "code"), [
    ("units.yaml", b"units:\n  - id: x\n    name: " + "很".encode() * 1_000_000 + b"\n", "file-too-large"),
    ("units.yaml", "units:\n  - id: shanggongju\n    name: 商工局\n".encode("gbk"), "encoding"),
    ("units.yaml", b"units: &a\n  - id: x\n    name: *a\n", "anchor"),
    ("leaders.yaml", b"", "empty-file"),
    ("rules.yaml", b"- just\n- a list\n", "not-a-mapping"),
    ("townships.yaml", b"townships:\n  - id: a\n    id: b\n", "duplicate-key"),
])
def test_a_malformed_county_file_stops_the_build_and_leaves_the_site_alone(arena, rejected, file, content, code):
    (arena.data / file).write_bytes(content)
    result = rejected()
    assert f"data/{file}:" in result.err and f"error[{code}]" in result.err


def test_a_folder_inside_projects_is_named_as_the_problem(arena, rejected):
    (arena.projects / "2026-sub").mkdir()
    shutil.copy(arena.projects / "2026-base-pv.yaml", arena.projects / "2026-sub" / "2026-base-pv.yaml")
    assert "data/projects/2026-sub:1:1: error[file-name]" in rejected().err


def test_every_bad_file_is_reported_in_one_refused_build(arena, rejected: Callable[..., object]):
    for name in ("utf16-bom", "nan-amount", "complex-key"):
        (arena.projects / f"{name}.yaml").write_bytes(KINDS[name][0])
    shutil.copy(NEGATIVE / "dup-key.yaml", arena.projects)
    err = rejected().err  # type: ignore[attr-defined]
    for name in ("utf16-bom", "nan-amount", "complex-key", "dup-key"):
        assert f"data/projects/{name}.yaml:" in err
