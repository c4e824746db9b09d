"""The schema as a tree of fields: each field's title (without the article it cites), the
Chinese meaning of each enumerated value (from its description: ``landing 项目落地；…``), whether
it is internal (``x-internal``), and its children. Read once per process; the revision history
speaks with these words (``history/diff.py``), the words editors see in their editor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from .public import resolve
from .schemas import load_schema

_ARTICLE = re.compile(r"（第[一二三四五六七八九十百零]+条）$")


@dataclass
class FieldInfo:
    """What the schema says about one field: its title, enum labels, children."""

    title: str
    enum_labels: dict[str, str] = field(default_factory=dict)
    internal: bool = False
    properties: dict[str, FieldInfo] = field(default_factory=dict)
    items: FieldInfo | None = None
    node: Mapping[str, Any] = field(default_factory=dict)   # the schema (for ``project``)

    @cached_property
    def order(self) -> dict[str, int]:
        return {key: n for n, key in enumerate(self.properties)}


def _enum_labels(node: Mapping[str, Any]) -> dict[str, str]:
    """``collection 项目收集；assessment 项目研判。…`` → {"collection": "项目收集", …}."""
    labels: dict[str, str] = {}
    description = str(node.get("description", ""))
    for value in node.get("enum", ()):
        match = re.search(rf"(?:^|[；。])\s*{re.escape(str(value))} ([^；。]+)", description)
        if match:
            labels[str(value)] = re.sub(r"（[^）]*）$", "", match.group(1)).strip()
    return labels


def _field(node: Mapping[str, Any], root: Mapping[str, Any], title: str) -> FieldInfo:
    # Read as the public projection reads it (``public.resolve``): a property's own title and
    # description override those of the shared definition it refers to.
    own = resolve(node, root)
    info = FieldInfo(title=_ARTICLE.sub("", str(own.get("title", title))),
                     enum_labels=_enum_labels(own), internal=bool(own.get("x-internal")), node=own)
    for key, child in own.get("properties", {}).items():
        info.properties[key] = _field(child, root, key)
    if isinstance(own.get("items"), Mapping):
        info.items = _field(own["items"], root, info.title)
    return info


@cache
def field_tree(kind: str, title: str) -> FieldInfo:
    """The schema of ``kind`` (``project``, ``units`` …) as a tree of fields."""
    schema = load_schema(kind)
    return _field(schema, schema, title)


def project_fields() -> FieldInfo:
    """The project schema as a tree of titles."""
    return field_tree("project", "项目")


__all__ = ["FieldInfo", "field_tree", "project_fields"]
