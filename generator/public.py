"""Public means allow-listed: the one projection of a document onto what its schema publishes.

``public_view(document, kind)`` keeps only what the JSON schema of ``kind`` defines and
does not mark ``x-internal``, at the place the schema defines it, with a value of the
type (and enum, pattern, format) the schema allows there. Anything else - an unknown key,
a mapping where text is expected, a complaint written as a plain string, a list item of
the wrong type - becomes :data:`PLACEHOLDER`, never its text. Unknown keys of a mapping are
replaced by ONE entry ``PLACEHOLDER: PLACEHOLDER``: a key name can itself carry personal
data. ``None`` (an empty value) carries no text and stays ``None``.

The pages, the downloads and the history (every revision's diff, the feeds and the digest)
all project with this module for the public audience; the internal audience sees the data
as it is. Valid data comes back as the very same objects (nothing is copied where nothing
is dropped), so projecting the records of a large county costs little memory.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from .schemas import FORMATS, load_schema

PLACEHOLDER = "（内容不符合格式，未公开）"

# Memos: resolved schema nodes by id (with the node, which keeps the id taken), and strings
# already checked against a node's pattern and format (dates and ids repeat endlessly).
_RESOLVED: dict[int, tuple[Any, Mapping[str, Any]]] = {}
_CHECKED: dict[tuple[int, str], bool] = {}
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "object": (dict,), "array": (list,),
}


def resolve(node: Any, root: Mapping[str, Any]) -> Mapping[str, Any]:
    """The schema that describes a value, local ``$ref``s (``#/$defs/...``) followed; the
    keywords beside a ``$ref`` (``title``, ``x-internal``) override the definition's.
    Memoised per node (the node is kept, so its id is never reused)."""
    known = _RESOLVED.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    found = _resolve(node, root)
    if len(_RESOLVED) > 100_000:
        _RESOLVED.clear()
        _CHECKED.clear()  # its keys are ids of nodes that were kept alive here
    _RESOLVED[id(node)] = (node, found)
    return found


def _resolve(node: Any, root: Mapping[str, Any]) -> Mapping[str, Any]:
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 20:
        ref = str(node["$ref"])
        if not ref.startswith("#/"):
            break
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        if not isinstance(target, dict):
            return {}
        node, seen = {**target, **{k: v for k, v in node.items() if k != "$ref"}}, seen + 1
    if isinstance(node, dict) and isinstance(node.get("allOf"), list):
        node = _all_of(node, root)
    return node if isinstance(node, dict) else {}


def _all_of(node: dict[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    """An ``allOf`` (rules.yaml's sourced numbers: a ``$ref`` plus a narrower ``value``) read
    as one node: the parts' keywords merged, their ``properties`` merged field by field."""
    merged: dict[str, Any] = {}
    for part in [*node["allOf"], {k: v for k, v in node.items() if k != "allOf"}]:
        part = _resolve(part, root)
        for key, value in part.items():
            if key == "properties" and isinstance(merged.get(key), dict) and isinstance(value, dict):
                merged[key] = {**merged[key], **{
                    name: {**merged[key].get(name, {}), **sub} if isinstance(sub, dict) else sub
                    for name, sub in value.items()}}
            else:
                merged[key] = value
    return merged


def is_internal(node: Any, root: Mapping[str, Any]) -> bool:
    """Whether the schema marks the field ``x-internal`` (beside a ``$ref`` or on its target)."""
    return bool(resolve(node, root).get("x-internal"))


def allows(node: Mapping[str, Any], value: Any) -> bool:
    """Whether ``value`` is of a type the (resolved) schema node allows: bool is not a number,
    and a node without ``type`` allows only scalars unless it describes a mapping or list."""
    declared = node.get("type")
    if declared is None:
        if "properties" in node or "additionalProperties" in node:
            declared = "object"
        elif "items" in node:
            declared = "array"
        else:
            return isinstance(value, str | int | float | bool)
    if isinstance(declared, str):   # the usual case, kept cheap
        if isinstance(value, bool):
            return declared == "boolean"
        if declared == "integer" and isinstance(value, float):
            return value.is_integer()
        return isinstance(value, _TYPES.get(declared, ()))
    names = list(declared)
    if isinstance(value, bool):
        return "boolean" in names
    if isinstance(value, float) and "integer" in names and value.is_integer():
        return True
    return any(isinstance(value, _TYPES.get(name, ())) for name in names)


@cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _scalar_ok(node: Mapping[str, Any], value: Any) -> bool:
    enum = node.get("enum")
    if enum is not None and not any(type(value) is type(option) and value == option for option in enum):
        return False
    if isinstance(value, str) and ("pattern" in node or "format" in node):
        key = (id(node), value)
        ok = _CHECKED.get(key)
        if ok is None:
            pattern, check = node.get("pattern"), FORMATS.get(str(node.get("format", "")))
            ok = not (isinstance(pattern, str) and not _pattern(pattern).search(value)) and \
                (check is None or bool(check(value)))
            if len(_CHECKED) > 100_000:
                _CHECKED.clear()
            _CHECKED[key] = ok
        return ok
    return True


def project(value: Any, schema: Any, root: Mapping[str, Any], *, keep_internal: bool = False) -> Any:
    """``value`` as the public may see it where ``schema`` describes it (see the module).

    ``keep_internal`` leaves fields the schema marks internal in place, projected like the
    others: for the history's differ, which counts their changes and then leaves them out.
    """
    if value is None:
        return None
    node = resolve(schema, root)
    if not allows(node, value):
        return PLACEHOLDER
    if isinstance(value, dict):
        return _mapping(value, node, root, keep_internal)
    if isinstance(value, list):
        items = node.get("items", {})
        out = [project(item, items, root, keep_internal=keep_internal) for item in value]
        return value if all(a is b for a, b in zip(out, value, strict=True)) else out
    return value if _scalar_ok(node, value) else PLACEHOLDER


def _mapping(value: dict[str, Any], node: Mapping[str, Any], root: Mapping[str, Any],
             keep_internal: bool) -> dict[str, Any]:
    props = node.get("properties", {})
    extra = node.get("additionalProperties")
    out: dict[str, Any] = {}
    same, unknown = True, False
    for key, item in value.items():
        sub = props.get(key) if isinstance(key, str) else None
        if sub is None and isinstance(extra, Mapping) and isinstance(key, str):
            sub = extra
        if sub is None or key == PLACEHOLDER:
            unknown, same = True, False
            continue
        if not keep_internal and is_internal(sub, root):
            same = False
            continue
        shown = project(item, sub, root, keep_internal=keep_internal)
        same = same and shown is item
        out[key] = shown
    if unknown:
        out[PLACEHOLDER] = PLACEHOLDER
    return value if same else out


def public_view(document: Any, kind: str) -> Any:
    """A whole data file of ``kind`` (``project``, ``units``, ``notices`` …) as published."""
    schema = load_schema(kind)
    return project(document, schema, schema)
