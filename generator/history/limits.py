"""Limits that keep one bad old commit from breaking the history: a version too large to
parse, or nested too deeply (a RecursionError in the loader), is noted in its revision
instead (see ``revisions.RevisionBuilder._compare``)."""

from __future__ import annotations

from typing import Any

from ..findings import Finding
from ..limits import MAX_DEPTH, MAX_FILE_BYTES
from ..load import Document, parse

# The loader's own limits (generator/limits.py) apply to old versions too: a version over
# MAX_FILE_BYTES is not parsed at all (its revision says 文件过大，未解析), and mappings and
# lists nested deeper than MAX_DEPTH are unparsable (no RecursionError anywhere).
__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "parse_bounded", "suspect", "too_deep"]
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
