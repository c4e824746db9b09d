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
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Literal

from ..public import PLACEHOLDER, allows, project, resolve
from ..schemas import load_schema
from .limits import MAX_DEPTH
from .model import Change, ChangeKind
from .snapshot import Cut, Pieces, Unreadable

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
_ARTICLE = re.compile(r"（第[一二三四五六七八九十百零]+条）$")


@dataclass(frozen=True)
class Names:
    """Display names for ids that refer to other data files (all optional)."""

    approval_items: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)
    leaders: Mapping[str, str] = field(default_factory=dict)
    townships: Mapping[str, str] = field(default_factory=dict)

    def lookup(self, kind: str, value: str) -> str:
        table: Mapping[str, str] = getattr(self, kind, {})
        return table.get(value, value)


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


def _field(node: Mapping[str, Any], defs: Mapping[str, Any], title: str) -> FieldInfo:
    own = dict(node)
    ref = str(own.get("$ref", ""))
    if ref.startswith("#/$defs/"):
        # A property's own title and description override those of the shared definition.
        own = {**defs.get(ref.removeprefix("#/$defs/"), {}), **{k: v for k, v in own.items()
                                                              if k != "$ref"}}
    info = FieldInfo(title=_ARTICLE.sub("", str(own.get("title", title))),
                     enum_labels=_enum_labels(own), internal=bool(own.get("x-internal")), node=own)
    for key, child in own.get("properties", {}).items():
        info.properties[key] = _field(child, defs, key)
    if isinstance(own.get("items"), Mapping):
        info.items = _field(own["items"], defs, info.title)
    return info


@cache
def project_fields() -> FieldInfo:
    """The project schema as a tree of titles (read once per process)."""
    schema = load_schema("project")
    return _field(schema, schema.get("$defs", {}), "项目")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class Differ:
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

    def diff_cuts(self, old: Cut | None, new: Cut, pieces: Pieces) -> tuple[list[Change], int]:
        """The same as :meth:`diff` for two versions cut into pieces: only the pieces that
        differ are parsed. Raises ``Unreadable`` when a piece does not parse on its own."""
        self.hidden = 0
        changes = list(self._mapping_cut(old, new, self.root, (), "", "", pieces))
        return changes, self.hidden

    # -- walking parsed values ---------------------------------------------------------

    def _mapping(self, old: Mapping[str, Any], new: Mapping[str, Any], info: FieldInfo,
                 path: tuple[str, ...], key_path: str, label: str) -> Iterator[Change]:
        changed = [k for k in new if k not in old or not _same(old[k], new[k])]
        changed += [k for k in old if k not in new]
        # Public: each changed value is projected (``generator.public``) before any of its
        # text can reach a change; keys the schema does not define are never named.
        unknown = [k for k in changed if self._unknown(k, info)] if self.is_public else []
        for key in _in_schema_order([k for k in changed if k not in unknown] if unknown else changed, info):
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
        if _same(*shown):
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
        while start < min(end_old, end_new) and _same(old[start], new[start]):
            start += 1
        while end_old > start and end_new > start and _same(old[end_old - 1], new[end_new - 1]):
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
            if before is not None and _same(before, after):
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

    def _mapping_cut(self, old: Cut | None, new: Cut | None, info: FieldInfo,
                     path: tuple[str, ...], key_path: str, label: str, px: Pieces
                     ) -> Iterator[Change]:
        if len(path) > MAX_DEPTH:
            raise Unreadable("depth")  # compared whole instead, where it is unparsable
        om = old.mapping or {} if old is not None else {}
        nm = new.mapping or {} if new is not None else {}
        indent = new.indent if new is not None else old.indent if old is not None else 0
        changed = [k for k, piece in nm.items() if om.get(k) != piece]
        changed += [k for k in om if k not in nm]
        for cut in (old, new):
            for key in cut.opened if cut is not None else ():
                if key not in changed:
                    px.check((nm.get(key) or om[key]), key, indent)
        # Public: keys the schema does not define are never named nor parsed (see ``_unknown``).
        unknown = [k for k in changed if self._unknown(k, info)] if self.is_public else []
        for key in _in_schema_order([k for k in changed if k not in unknown] if unknown else changed, info):
            a, b = om.get(key), nm.get(key)
            child = info.properties.get(key) or FieldInfo(title=key, node=self._extra(info) or {})
            child_path = (*path, key)
            child_key_path = f"{key_path}.{key}" if key_path else key
            if child.internal and self.is_public:
                if _piece_value(px, a, key) != _piece_value(px, b, key):
                    self.hidden += 1
                continue
            cb = px.nested(b, indent, a) if b is not None else None
            ca = px.nested(a, indent, b) if a is not None else None
            blocks = [c for c in (ca, cb) if c is not None]
            if (a is None or ca is not None) and (b is None or cb is not None):
                if all(c.mapping is not None for c in blocks) and self._may_be(child, {}):
                    yield from self._mapping_cut(ca, cb, child, child_path, child_key_path,
                                                 f"{label}：{child.title}" if label else child.title, px)
                    continue
                if all(c.items is not None for c in blocks) and child.items is not None \
                        and self._may_be(child, []):
                    yield from self._list_cut(ca, cb, child.items, child_path, child_key_path,
                                              label, key, px)
                    continue
            before, after = _piece_value(px, a, key), _piece_value(px, b, key)
            shown = None if _same(before, after) else self._projected(before, after, child)
            if shown is not None:
                yield from self._value(*shown, child, child_path, child_key_path, label, key)
        if unknown:
            yield from self._unknown_keys(om, nm, path, key_path, label, info)

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

    def _list_cut(self, old: Cut | None, new: Cut | None, item: FieldInfo, path: tuple[str, ...],
                  key_path: str, parent: str, key: str, px: Pieces) -> Iterator[Change]:
        old_items = old.items or () if old is not None else ()
        new_items = new.items or () if new is not None else ()
        # Items with the same bytes on both sides are unchanged, wherever they moved: first
        # the common ends (a report appended), then any others in the middle.
        start, end = _common_ends(old_items, new_items)
        end_old, end_new = len(old_items) - end, len(new_items) - end
        middle_old, middle_new = old_items[start:end_old], new_items[start:end_new]
        common = Counter(middle_old) & Counter(middle_new) if middle_old and middle_new else {}
        opened = (old.opened if old is not None else frozenset()) | (
            new.opened if new is not None else frozenset())
        if opened:
            both = set(old_items).intersection(new_items)
            for chunk in opened.intersection(both):
                px.check(chunk)  # unchanged: prove its quoted or flow text closes
        pairs = []
        for items in (middle_old, middle_new):
            keep = dict(common)
            changed = []
            for n, chunk in enumerate(items, start):
                if keep.get(chunk):
                    keep[chunk] -= 1
                else:
                    changed.append((n, self.public(px.item(chunk), item)))
            pairs.append(changed)
        yield from self._match(pairs[0], pairs[1], item, path, key_path, parent, key)

    # -- display ---------------------------------------------------------------------

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


def _in_schema_order(keys: list[str], info: FieldInfo) -> list[str]:
    if len(keys) < 2:
        return keys
    order = info.order
    return sorted(keys, key=lambda k: order.get(k, len(order)))


def _common_ends(old: tuple[bytes, ...], new: tuple[bytes, ...]) -> tuple[int, int]:
    """How many items are equal at the start, then how many at the end of the rest.

    Found by bisection over slices: a tuple comparison runs in C and most items are the
    very same objects (a version is cut from its neighbour's cut), whereas a Python loop
    would visit every one of 24 monthly reports for each revision.
    """
    size = min(len(old), len(new))
    low, high = 0, size
    if old[:size] == new[:size]:        # an item added or removed at the end
        low = size
    while low < high:
        mid = (low + high + 1) // 2
        if old[low:mid] == new[low:mid]:
            low = mid
        else:
            high = mid - 1
    start, old_end, new_end = low, len(old), len(new)
    low, high = 0, size - start
    while low < high:
        mid = (low + high + 1) // 2
        if old[old_end - mid:old_end - low] == new[new_end - mid:new_end - low]:
            low = mid
        else:
            high = mid - 1
    return start, low


def _piece_value(px: Pieces, piece: bytes | None, key: str) -> Any:
    return px.value(piece, key) if piece is not None else None


def _same(a: Any, b: Any) -> bool:
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
