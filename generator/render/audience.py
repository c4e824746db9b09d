"""Audience: what the public site may show. Fields the schema marks ``x-internal: true``
(investor contacts, complainants, internal notes, liaison officers ...) are removed from the
records before anything is rendered, by walking the schema, so a new internal field in a
schema is hidden without touching the renderer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from ..records import Records
from ..schemas import load_schema

Audience = Literal["public", "internal"]
AUDIENCES: tuple[Audience, ...] = ("public", "internal")


def _resolve(node: Any, root: dict[str, Any]) -> dict[str, Any]:
    """Follow local ``$ref``s (``#/$defs/...``) to the schema that describes a value."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 20:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            break
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node, seen = target, seen + 1
    return node if isinstance(node, dict) else {}


def _internal(node: Any, root: dict[str, Any]) -> bool:
    # The flag may sit beside a $ref (internal_notes) or on the referenced definition.
    return bool(isinstance(node, dict) and (node.get("x-internal") or _resolve(node, root).get("x-internal")))


def strip_internal(value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """A copy of ``value`` without the parts its schema marks ``x-internal: true``."""
    root = schema if root is None else root
    node = _resolve(schema, root)
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        out = {}
        for key, item in value.items():
            sub = props.get(key, extra if isinstance(extra, dict) else {})
            if _internal(sub, root):
                continue
            out[key] = strip_internal(item, sub, root)
        return out
    if isinstance(value, list):
        items = node.get("items", {})
        return [strip_internal(item, items, root) for item in value]
    return value


def _strip_list(items: list[Any], kind: str, key: str) -> list[Any]:
    """Items of a singleton file (``units.yaml: units: [...]``) stripped by the file's schema."""
    stripped: list[Any] = strip_internal({key: items}, load_schema(kind))[key]
    return stripped


def _strip_by_id(items: dict[str, Any], kind: str, key: str) -> dict[str, Any]:
    ids = list(items)
    return dict(zip(ids, _strip_list([items[i] for i in ids], kind, key), strict=True))


def for_audience(records: Records, audience: Audience) -> Records:
    """The records an audience may see: everything internally, no internal field publicly."""
    if audience == "internal":
        return records
    if audience != "public":
        raise ValueError(f"unknown audience {audience!r}")
    project = load_schema("project")
    return replace(
        records,
        projects={pid: strip_internal(p, project) for pid, p in records.projects.items()},
        units=_strip_by_id(records.units, "units", "units"),
        leaders=_strip_by_id(records.leaders, "leaders", "leaders"),
        townships=_strip_by_id(records.townships, "townships", "townships"),
        approval_items=_strip_by_id(records.approval_items, "approval-items", "items"),
        meetings=_strip_list(records.meetings, "meetings", "meetings"),
        notices=_strip_list(records.notices, "notices", "notices"),
        targets=_strip_list(records.targets, "targets", "years"),
        rules=strip_internal(records.rules, load_schema("rules")),
        # calendar.yaml holds only dates; it has no schema-described free text to hide.
    )
