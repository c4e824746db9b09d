"""Field-level differences between two versions of a project, in Chinese.

Labels come from the project schema's ``title``s, so the history speaks the words
editors see in their editor: ``审批事项 环评批复：办结日期 空 → 2026-03-20``.
List items are matched by their natural key (an approval by its item, a monthly
report by its month, a problem by its id, a visit by its date), not by position,
so inserting a report in the middle does not make every later one look changed.
Enumerated values show their Chinese meaning, taken from the field's description
(``landing 项目落地（含开工建设）；…`` gives ``项目落地``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from ..fields import FieldInfo, project_fields
from ..public import PLACEHOLDER, allows, project, resolve
from ..schemas import load_schema
from .model import Change, ChangeKind, Names

Audience = Literal["public", "internal"]

MAX_TEXT = 40          # characters of a text value shown before "…"
EMPTY = "空"

# Natural keys of list items, by the list's field name; the first candidate that is
# present and unique on both sides wins, otherwise items are matched by position.
NATURAL_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "approvals": (("item",),),
    "monthly_reports": (("month",),),
    "problems": (("id",),),
    "visits": (("date",), ("date", "leader")),
    "criteria": (("criterion",),),
    "chain": (("body",),),
    "opinions": (("unit",),),
    "services": (("title",), ("kind", "title")),
    "annual_plans": (("year",),),
    "complaints": (("date",), ("date", "summary")),
    "delays": (("kind", "ref"),),
    "links": (("url",),),
}
# A short description shown when a whole item is added or removed.
DESCRIBE = {"problems": "title", "complaints": "summary", "links": "title"}
# Fields holding the id of a record in another data file, shown by name when known.
REFERENCES = {"lead_unit": "units", "owner_unit": "units", "unit": "units",
              "handler_unit": "units", "leader": "leaders", "township": "townships",
              "item": "approval_items"}
_SCALARS = frozenset({str, int, float, bool})


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class ValueDiffer:
    """Compares two parsed versions of a project file; one per history read."""

    def __init__(self, names: Names | None = None, audience: Audience = "public") -> None:
        self.names = names or Names()
        self.is_public = audience == "public"
        self.root = project_fields()
        self.schema = load_schema("project")
        self.hidden = 0

    def public(self, value: Any, info: FieldInfo) -> Any:
        """``value`` projected onto what the schema publishes where ``info`` describes it
        (``generator.public``), internal fields kept for the walk to count and leave
        out; as it is for the internal audience."""
        return project(value, info.node, self.schema, keep_internal=True) if self.is_public else value

    def shown(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Top-level fields of a version (its name, its lead unit) as this audience sees them."""
        props = self.root.properties
        return {k: self.public(v, props[k]) if k in props else None for k, v in fields.items()}

    def diff(self, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
             ) -> tuple[list[Change], int]:
        """Changes from ``old`` to ``new`` (parsed versions) in schema order, and how many
        changes to internal fields (or, publicly, to content the schema does not publish
        where it stands) were left out."""
        self.hidden = 0
        changes = list(self._mapping(old or {}, new or {}, self.root, (), "", ""))
        return changes, self.hidden

    def _mapping(self, old: Mapping[str, Any], new: Mapping[str, Any], info: FieldInfo,
                 path: tuple[str, ...], key_path: str, label: str) -> Iterator[Change]:
        changed = [k for k in new if k not in old or not same(old[k], new[k])]
        changed += [k for k in old if k not in new]
        # Public: each changed value is projected (``generator.public``) before any of its
        # text can reach a change; keys the schema does not define are never named.
        unknown = [k for k in changed if self._unknown(k, info)] if self.is_public else []
        for key in in_schema_order([k for k in changed if k not in unknown] if unknown else changed, info):
            child = info.properties.get(key) or FieldInfo(title=str(key), node=self._extra(info) or {})
            if child.internal and self.is_public:
                self.hidden += 1
                continue
            shown = self._projected(old.get(key), new.get(key), child)
            if shown is not None:
                yield from self._value(*shown, child, (*path, str(key)),
                                       f"{key_path}.{key}" if key_path else str(key), label, str(key))
        if unknown:
            yield from self._unknown_keys(old, new, path, key_path, label, info)

    def _projected(self, before: Any, after: Any, info: FieldInfo) -> tuple[Any, Any] | None:
        """Two versions of a value as this audience sees them; None (and one hidden change)
        when what differs is not published."""
        if not self.is_public:
            return before, after
        shown = self.public(before, info), self.public(after, info)
        if same(*shown):
            self.hidden += 1
            return None
        return shown

    def _unknown_keys(self, old: Mapping[str, Any], new: Mapping[str, Any], path: tuple[str, ...],
                      key_path: str, label: str, info: FieldInfo) -> Iterator[Change]:
        """Changed keys the schema does not define: as in the projected mapping, one
        placeholder entry stands for all of them while any is there."""
        had, has = (PLACEHOLDER if any(self._unknown(k, info) for k in m) else None for m in (old, new))
        if had == has:
            self.hidden += 1
            return
        yield from self._value(had, has, FieldInfo(title=PLACEHOLDER), (*path, PLACEHOLDER),
                               f"{key_path}.{PLACEHOLDER}" if key_path else PLACEHOLDER, label, PLACEHOLDER)

    def _value(self, before: Any, after: Any, info: FieldInfo, path: tuple[str, ...],
               key_path: str, parent: str, key: str) -> Iterator[Change]:
        label = f"{parent}：{info.title}" if parent else info.title
        if _dict_or_none(before) and _dict_or_none(after):
            yield from self._mapping(before or {}, after or {}, info, path, key_path, label)
        elif _list_or_none(before) and _list_or_none(after) and info.items is not None:
            yield from self._list(before or [], after or [], info.items, path, key_path, parent, key)
        else:
            yield from self._scalar(before, after, info, path, key_path, label, key)

    def _scalar(self, before: Any, after: Any, info: FieldInfo, path: tuple[str, ...],
                key_path: str, label: str, key: str) -> Iterator[Change]:
        kind: ChangeKind = ("added" if is_empty(before) else
                            "removed" if is_empty(after) else "changed")
        sep = " " if "：" in label else "："
        text = f"{label}{sep}{self.show(before, info, key)} → {self.show(after, info, key)}"
        # The change keeps only what the audience may see: no internal field rides along.
        yield Change(path, key_path, kind, label, self._visible(before, info),
                     self._visible(after, info), text)

    def _list(self, old: list[Any], new: list[Any], item: FieldInfo, path: tuple[str, ...],
              key_path: str, parent: str, key: str) -> Iterator[Change]:
        # Items equal at both ends are unchanged (typically a report appended at the end);
        # only the middle needs matching, which keeps a long history cheap.
        start, end_old, end_new = 0, len(old), len(new)
        while start < min(end_old, end_new) and same(old[start], new[start]):
            start += 1
        while end_old > start and end_new > start and same(old[end_old - 1], new[end_new - 1]):
            end_old, end_new = end_old - 1, end_new - 1
        yield from self._match(list(enumerate(old))[start:end_old], list(enumerate(new))[start:end_new],
                               item, path, key_path, parent, key)

    def _match(self, old: list[tuple[int, Any]], new: list[tuple[int, Any]], item: FieldInfo,
               path: tuple[str, ...], key_path: str, parent: str, key: str) -> Iterator[Change]:
        """Match the items that may have changed (with their positions) by natural key."""
        if not old and not new:
            return
        old_items, new_items = [v for _, v in old], [v for _, v in new]
        if not all(isinstance(i, dict) for i in old_items + new_items):
            at = f"第 {min(i for i, _ in old + new) + 1} 项"
            # Shown as whole lists of items: each item stripped as the item it is meant to be.
            yield from self._scalar([self._visible(v, item) for v in old_items],
                                    [self._visible(v, item) for v in new_items], item, (*path, at),
                                    f"{key_path}[{at}]",
                                    f"{parent}：{item.title}" if parent else item.title, key)
            return
        fields = _key_fields(key, old_items, new_items)
        old_by = {_item_key(v, n, fields): v for n, v in old}
        seen = set()
        for n, after in new:
            natural = _item_key(after, n, fields)
            seen.add(natural)
            before = old_by.get(natural)
            if before is not None and same(before, after):
                continue
            yield from self._item(before, after, item, path, key_path, parent, key, natural, fields)
        for natural, before in old_by.items():
            if natural not in seen:
                yield from self._item(before, None, item, path, key_path, parent, key, natural,
                                      fields)

    def _item(self, before: dict[str, Any] | None, after: dict[str, Any] | None,
              item: FieldInfo, path: tuple[str, ...], key_path: str, parent: str, key: str,
              natural: str, fields: tuple[str, ...]) -> Iterator[Change]:
        sample = after if after is not None else before or {}
        label = f"{item.title} {self._item_name(sample, item, key, natural, fields)}"
        label = f"{parent}：{label}" if parent else label
        item_path, item_key_path = (*path, natural), f"{key_path}[{natural}]"
        if before is not None and after is not None:
            yield from self._mapping(before, after, item, item_path, item_key_path, label)
            return
        describe = DESCRIBE.get(key)
        extra = sample.get(describe) if describe else None
        note = f"“{_truncate(str(extra))}”" if isinstance(extra, str) and extra else ""
        if after is not None:
            yield Change(item_path, item_key_path, "added", label, None,
                         self._visible(after, item), f"{label}：新增{note}")
        else:
            yield Change(item_path, item_key_path, "removed", label,
                         self._visible(before, item), None, f"{label}：删除{note}")

    # -- walking cut pieces ------------------------------------------------------------

    def _unknown(self, key: str, info: FieldInfo) -> bool:
        """A key the schema does not define at this place (its name is not published)."""
        return key not in info.properties and (key == PLACEHOLDER or self._extra(info) is None)

    def _extra(self, info: FieldInfo) -> Mapping[str, Any] | None:
        extra = info.node.get("additionalProperties")
        return extra if isinstance(extra, Mapping) else None

    def _may_be(self, info: FieldInfo, sample: Any) -> bool:
        """Public: whether the schema allows a value of ``sample``'s type here; a block of
        another type is parsed and projected whole (it becomes the placeholder)."""
        return not self.is_public or allows(resolve(info.node, self.schema), sample)

    def _item_name(self, item: Mapping[str, Any], info: FieldInfo, key: str, natural: str,
                   fields: tuple[str, ...]) -> str:
        if not fields:
            return natural  # "第 3 项"
        return "/".join(self.show(item.get(f), info.properties.get(f) or FieldInfo(f), f)
                        for f in fields)

    def show(self, value: Any, info: FieldInfo | None = None, key: str = "") -> str:
        """A value as the page shows it: compact, enum and id values by name."""
        if is_empty(value):
            return EMPTY
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, int | float):
            return _number(value)
        if isinstance(value, str):
            if info is not None and value in info.enum_labels:
                return info.enum_labels[value]
            if key in REFERENCES:
                return _truncate(self.names.lookup(REFERENCES[key], value))
            return _truncate(value)
        if info is not None:
            value = self._visible(value, info)
        return _truncate(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def _visible(self, value: Any, info: FieldInfo) -> Any:
        """A copy of ``value`` without internal fields when the audience is public."""
        if not self.is_public:
            return value
        if isinstance(value, dict):
            return {k: self._visible(v, info.properties[k]) if k in info.properties else v
                    for k, v in value.items()
                    if not (k in info.properties and info.properties[k].internal)}
        if isinstance(value, list) and info.items is not None:
            return [self._visible(v, info.items) for v in value]
        return value


def in_schema_order(keys: list[str], info: FieldInfo) -> list[str]:
    if len(keys) < 2:
        return keys
    order = info.order
    return sorted(keys, key=lambda k: order.get(k, len(order)))


def same(a: Any, b: Any) -> bool:
    return a is b or a == b


def _dict_or_none(value: Any) -> bool:
    return value is None or isinstance(value, dict)


def _list_or_none(value: Any) -> bool:
    return value is None or isinstance(value, list)


def _key_fields(key: str, old: list[dict[str, Any]], new: list[dict[str, Any]]
                ) -> tuple[str, ...]:
    """The first natural key present, scalar and unique in both versions of the list."""
    for fields in NATURAL_KEYS.get(key, ()):
        if all(_unique_key(items, fields) for items in (old, new)):
            return fields
    return ()


def _unique_key(items: list[Any], fields: tuple[str, ...]) -> bool:
    try:
        if len(fields) == 1:  # the usual case, kept cheap: it runs for every changed list
            name = fields[0]
            values: list[Any] = [i.get(name) for i in items]
            parts = values
        else:
            values = [tuple(i.get(f) for f in fields) for i in items]
            parts = [part for value in values for part in value]
    except AttributeError:  # an item that is not a mapping
        return False
    return _SCALARS.issuperset(map(type, parts)) and len(set(values)) == len(values)


def _item_key(item: Mapping[str, Any], index: int, fields: tuple[str, ...]) -> str:
    if not fields:
        return f"第 {index + 1} 项"
    return "/".join(str(item.get(f)) for f in fields)


def _number(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _truncate(text: str, limit: int = MAX_TEXT) -> str:
    # Whitespace is collapsed in a bounded head only: a value may be 10,000 characters long.
    head = " ".join(text[: limit * 4].split())
    if len(head) <= limit and len(text) <= limit * 4:
        return head
    return head[:limit] + "…"
