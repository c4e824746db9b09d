"""The differences between two versions of a project file, compared piece by piece: the file's
top-level fields are cut as text (``snapshot.Cut``), pieces whose bytes are the same are skipped
without parsing them, and only the changed ones are parsed and compared as values
(``diff.ValueDiffer``). The same changes as comparing the whole parsed files: the tests compare
both on every demo revision (tests/unit/test_history_snapshot.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..fields import FieldInfo
from .diff import ValueDiffer, in_schema_order, same
from .limits import MAX_DEPTH
from .model import Change
from .pieces import Pieces
from .snapshot import Cut, Unreadable


class Differ(ValueDiffer):
    """``ValueDiffer`` with ``diff_cuts``: the comparison the revision reader uses."""

    def diff_cuts(self, old: Cut | None, new: Cut, pieces: Pieces) -> tuple[list[Change], int]:
        """The same as :meth:`diff` for two versions cut into pieces: only the pieces that
        differ are parsed. Raises ``Unreadable`` when a piece does not parse on its own."""
        self.hidden = 0
        changes = list(self._mapping_cut(old, new, self.root, (), "", "", pieces))
        return changes, self.hidden

    # -- walking parsed values ---------------------------------------------------------

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
        for key in in_schema_order([k for k in changed if k not in unknown] if unknown else changed, info):
            a, b = om.get(key), nm.get(key)
            child = info.properties.get(key) or FieldInfo(title=key, node=self._extra(info) or {})
            child_path = (*path, key)
            child_key_path = f"{key_path}.{key}" if key_path else key
            if child.internal and self.is_public:
                if _piece_value(px, a, key) != _piece_value(px, b, key):
                    self.hidden += 1
                continue
            cb = px.nested(b, indent) if b is not None else None
            ca = px.nested(a, indent) if a is not None else None
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
            shown = None if same(before, after) else self._projected(before, after, child)
            if shown is not None:
                yield from self._value(*shown, child, child_path, child_key_path, label, key)
        if unknown:
            yield from self._unknown_keys(om, nm, path, key_path, label, info)

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


__all__ = ["Differ"]
