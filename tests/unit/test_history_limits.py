"""History limits: a version too large or nested too deeply is unreadable, never a crash."""

from __future__ import annotations

from generator.history.limits import MAX_DEPTH, MAX_FILE_BYTES, suspect, too_deep
from generator.history.pieces import Pieces


def _nested(levels: int) -> str:
    return "id: x\n" + "".join(" " * n + f"k{n}:\n" for n in range(levels)) + " " * levels + "v: 1\n"


def test_a_version_nested_deeper_than_the_limit_is_unreadable_without_recursion_error():
    px = Pieces()
    assert px.whole(_nested(MAX_DEPTH - 2).encode()) is not None
    assert px.whole(_nested(MAX_DEPTH + 1).encode()) is None
    assert px.whole(_nested(1000).encode()) is None
    assert px.whole(("a: " + "[" * 1000 + "]" * 1000 + "\n").encode()) is None


def test_a_version_over_the_size_limit_is_not_parsed():
    raw = b"id: x\n" + b"# " + b"x" * MAX_FILE_BYTES + b"\n"
    assert suspect(raw) and Pieces().whole(raw) is None


def test_ordinary_versions_are_not_suspect_and_depth_is_counted_exactly():
    assert not suspect(b"id: x\nsigning:\n  registrations:\n    company: {completed: 2026-03-10}\n")
    assert suspect(b"id: x\n" + b"a: " + b"[" * (MAX_DEPTH + 1))
    deep: list[object] = []          # one level
    for _ in range(MAX_DEPTH - 1):
        deep = [deep]
    assert not too_deep(deep) and too_deep([deep])      # 50 levels pass, 51 do not
