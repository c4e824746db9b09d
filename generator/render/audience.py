"""Audience: what the public site may show. The public records are the schema's projection
(``generator.public``): fields the schema marks ``x-internal: true`` (investor
contacts, complainants, internal notes, liaison officers ...) and anything the schema does
not define at its place are removed before anything is rendered, so a new internal field in
a schema is hidden without touching the renderer. ``strip_internal`` (internal fields only)
stays for callers that need exactly that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal

from ..public import is_internal, public_view, resolve
from ..records import Records
from ..schemas import fast_validator, load_schema

Audience = Literal["public", "internal"]
AUDIENCES: tuple[Audience, ...] = ("public", "internal")


def _may_hold_internal(node: Mapping[str, Any], root: Mapping[str, Any], memo: dict[int, bool],
                       open_: set[int]) -> bool:
    """Whether a value that the (resolved) schema ``node`` describes can contain an internal part,
    following exactly the keywords strip_internal follows. Memoised per schema node; a node
    met again while it is being examined (a recursive schema) counts as yes."""
    key = id(node)
    if key in memo:
        return memo[key]
    if key in open_:
        return True
    open_.add(key)
    extra, items = node.get("additionalProperties"), node.get("items")
    subs = [*node.get("properties", {}).values(), extra, items]
    found = any(is_internal(sub, root) or _may_hold_internal(resolve(sub, root), root, memo, open_)
                for sub in subs if isinstance(sub, dict) and sub)
    open_.discard(key)
    memo[key] = found
    return found


def strip_internal(value: Any, schema: Mapping[str, Any], root: Mapping[str, Any] | None = None, *,
                   memo: dict[int, bool] | None = None) -> Any:
    """``value`` without the parts its schema marks ``x-internal: true``: a copy where something
    is removed, the very same objects where the schema allows nothing internal (renderers never
    modify records). ``memo`` caches the schema analysis across calls with the same schema."""
    root = schema if root is None else root
    memo = {} if memo is None else memo
    node = resolve(schema, root)
    if not isinstance(value, dict | list) or not _may_hold_internal(node, root, memo, set()):
        return value
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        out = {}
        for key, item in value.items():
            sub = props.get(key, extra if isinstance(extra, dict) else {})
            if is_internal(sub, root):
                continue
            out[key] = strip_internal(item, sub, root, memo=memo)
        return out
    items = node.get("items", {})
    return [strip_internal(item, items, root, memo=memo) for item in value]


def _public(document: Any, kind: str, memo: dict[int, bool]) -> Any:
    """``public_view``, fast for a document the schema accepts (the usual case: a build
    has validated every file): for it the projection only removes the internal fields."""
    fast = fast_validator(kind)
    if fast is not None and fast.is_valid(document):
        return strip_internal(document, load_schema(kind), memo=memo)
    return public_view(document, kind)


def _public_items(items: list[Any], kind: str, key: str) -> list[Any]:
    shown = _public({key: items}, kind, {})
    found = shown.get(key) if isinstance(shown, dict) else None
    return found if isinstance(found, list) else []


def _public_by_id(items: dict[str, Any], kind: str, key: str) -> dict[str, Any]:
    ids = list(items)
    return dict(zip(ids, _public_items([items[i] for i in ids], kind, key), strict=True))


def for_audience(records: Records, audience: Audience) -> Records:
    """The records an audience may see: everything internally; publicly only what the schema
    publishes (``generator.public.public_view``: no internal field, nothing unknown or misplaced)."""
    if audience == "internal":
        return records
    if audience != "public":
        raise ValueError(f"unknown audience {audience!r}")
    memo: dict[int, bool] = {}                     # one schema analysis for every project
    return replace(
        records,
        projects={pid: _public(p, "project", memo) for pid, p in records.projects.items()},
        units=_public_by_id(records.units, "units", "units"),
        leaders=_public_by_id(records.leaders, "leaders", "leaders"),
        townships=_public_by_id(records.townships, "townships", "townships"),
        approval_items=_public_by_id(records.approval_items, "approval-items", "items"),
        meetings=_public_items(records.meetings, "meetings", "meetings"),
        notices=_public_items(records.notices, "notices", "notices"),
        targets=_public_items(records.targets, "targets", "years"),
        rules=_public(records.rules, "rules", {}),
        # calendar.yaml holds only dates; it has no schema-described free text to hide.
    )
