"""Applying changes to project files with ruamel.yaml's round-trip mode.

Comments, key order, quoting and blank lines are kept exactly, so the diff of an import
touches only the lines that changed. Dates are written as plain ``YYYY-MM-DD`` scalars and
amounts as numbers, like the files people write. A new key goes where the schema's order
puts it; a comment that ruamel keeps after the entry a new one follows (such as the
``# 第十五条 …`` heading after the last monthly report) moves along, so it stays above the
section it introduces.
"""

from __future__ import annotations

import difflib
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .plan import Change

# The order of fields in the files (and the schema); a new field goes after its predecessors.
ORDER = {
    "approvals": ("item", "submitted", "completed", "document_no", "delay_reason", "note"),
    "monthly_reports": ("month", "invested", "cumulative", "progress_percent", "progress_text",
                        "major_problems", "reported", "delay_reason", "correction_note"),
}


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _deepest(parent: Any, key: Any) -> tuple[Any, Any]:
    """The innermost last entry under ``parent[key]``: where ruamel keeps a trailing comment."""
    node, k = parent, key
    while isinstance(node[k], CommentedMap | CommentedSeq) and len(node[k]):
        node = node[k]
        k = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    return node, k


def _slot(node: Any) -> int:
    return 2 if isinstance(node, CommentedMap) else 0


def _take(parent: Any, key: Any) -> Any:
    """Remove and return the comment that follows ``parent[key]`` (None if there is none)."""
    node, k = _deepest(parent, key)
    entry = node.ca.items.get(k)
    if not entry or entry[_slot(node)] is None:
        return None
    token, entry[_slot(node)] = entry[_slot(node)], None
    return token


def _put(parent: Any, key: Any, token: Any) -> None:
    if token is not None:
        node, k = _deepest(parent, key)
        node.ca.items.setdefault(k, [None] * (4 if isinstance(node, CommentedMap) else 2))[_slot(node)] = token


def _set(mapping: CommentedMap, order: tuple[str, ...], values: dict[str, Any]) -> None:
    """Set, add (in ``order``) or remove (None) fields; comments stay where they belong."""
    for key, value in values.items():
        keys = list(mapping)
        if value is None:
            if key in mapping:
                token = _take(mapping, key)
                del mapping[key]
                if keys.index(key) > 0:
                    _put(mapping, keys[keys.index(key) - 1], token)
            continue
        if key in mapping:
            mapping[key] = value
            continue
        rank = order.index(key) if key in order else len(order)
        at = max((i + 1 for i, k in enumerate(keys) if k in order and order.index(k) < rank), default=0)
        token = _take(mapping, keys[at - 1]) if at > 0 else None
        mapping.insert(at, key, value)
        _put(mapping, key, token)


def _insert_report(doc: CommentedMap, month: str, values: dict[str, Any]) -> None:
    report = CommentedMap()
    report["month"] = month
    _set(report, ORDER["monthly_reports"], values)
    reports = doc.get("monthly_reports")
    if reports is None:  # the first report: the section goes at the end, before a trailing comment
        _set(doc, (*doc.keys(), "monthly_reports"), {"monthly_reports": CommentedSeq([report])})
        return
    at = sum(1 for r in reports if str(r.get("month")) < month)
    token = _take(reports, at - 1) if at > 0 else None
    reports.insert(at, report)
    _put(reports, at, token)


def apply(text: str, changes: Iterable[Change]) -> str:
    """The file's text after the changes."""
    yaml = _yaml()
    doc = yaml.load(text)
    for change in changes:
        order = ORDER[change.section]
        if change.section == "approvals":
            _set(doc["approvals"][change.key], order, change.values)
            continue
        reports = doc.get("monthly_reports") or []
        target = next((r for r in reports if str(r.get("month")) == change.key), None)
        if target is None:
            _insert_report(doc, str(change.key), change.values)
        else:
            _set(target, order, change.values)
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        f"a/{path}", f"b/{path}"))


def write_all(texts: dict[Path, str]) -> None:
    """Write every file through a temporary file, then rename them all: all or nothing.

    Each rename is atomic; the temporary files are all written first, so a full disk or a
    permission problem stops the import before any file has changed.
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in texts.items():
            tmp = path.with_name(f".{path.name}.import.tmp")
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            temps.append((tmp, path))
    except OSError:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in temps:
        tmp.replace(path)
