"""Limits that keep one bad old commit from breaking the history: a version too large to
parse, or nested too deeply (a RecursionError in the loader), is noted in its revision
instead (see ``revisions.RevisionBuilder._compare``)."""

from __future__ import annotations

from typing import Any

from ..findings import Finding
from ..load import Document, parse

# One bad old commit must not break the history: a version over this size is not parsed at
# all (its revision says 文件过大，未解析). The loader's MAX_FILE_BYTES (generator/limits.py)
# is meant to be the same constant; until it is there, it lives here (the lead unifies them).
MAX_FILE_BYTES = 2 * 1024 * 1024
# Mappings and lists nested deeper than this are unparsable (no RecursionError anywhere).
MAX_DEPTH = 50
_DEEP_LINE = b"\n" + b" " * MAX_DEPTH
_TOO_DEEP = [Finding("<history>", 1, 1, "yaml-syntax", "嵌套层数过多，无法解析")]


def parse_bounded(text: str, doc: Document) -> list[Finding]:
    """``load.parse``, except that data nested deeper than ``MAX_DEPTH`` (or deep enough to
    exhaust Python's recursion) is a fatal finding rather than data or a RecursionError."""
    try:
        findings = parse(text, doc)
    except RecursionError:
        doc.data = None
        return list(_TOO_DEEP)
    if too_deep(doc.data):
        doc.data = None
        return list(_TOO_DEEP)
    return findings


def suspect(raw: bytes) -> bool:
    """Whether a version is too large to parse, or may nest deeper than ``MAX_DEPTH``
    (a line indented that far, or that many brackets): such a version is not cut but parsed
    whole, with the limits (``Pieces.whole``). Two memchr-fast scans; sample data never
    comes near either bound."""
    return (len(raw) > MAX_FILE_BYTES or _DEEP_LINE in raw
            or raw.count(b"[") + raw.count(b"{") > MAX_DEPTH)


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether mappings and lists nest deeper than ``limit`` (walked without recursion)."""
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth >= limit:
                return True
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return False
