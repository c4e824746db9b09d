"""File versions cut into pieces, and pieces parsed with the strict loader on demand.

A history of 24,000 commits holds about as many versions of project files (180 MB in the
benchmark), and consecutive versions differ in a line or two. Parsing every version
whole costs several times the ``git log`` itself, so a version is only *cut*: its
top-level ``key: value`` entries become pieces of bytes, and a piece whose value is an
indented block (``review:`` with its fields, ``monthly_reports:`` with its items) can
be cut the same way, one level at a time. Diffs compare pieces by their bytes and parse
only the pieces that differ, each with :func:`generator.load.parse` (the same strict
rules as ``portal validate``), memoised by its bytes.

Why skipping identical pieces is sound: a piece is cut at a line that starts a key at
the block's indentation, so it holds exactly that key and its value, and its meaning
depends on nothing but its bytes - unless some construct runs across the cut. Only a
quoted scalar or a flow collection (``"``, ``'``, ``[``, ``{``) can do that, so an
unchanged piece holding one of those characters is parsed once to prove it closes
(``check``). Cuts that do not line up - no plain key, a key twice, a directive, text
before the first key - are refused, and the caller parses both versions whole.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

BOM = b"\xef\xbb\xbf"

# "key:" alone on its line (a comment may follow): its value is the indented block below.
HEAD_LINE = re.compile(rb"( *)[A-Za-z_][A-Za-z0-9_-]* *: *(?:#[^\n]*)?\r?\n")
# a plain key at the start of a piece
_KEY = re.compile(rb" *([A-Za-z_][A-Za-z0-9_-]*) *:(?=[ \r\n]|\Z)")
# blank or comment lines, then the first line with content; group 1 is its indentation
FIRST_CONTENT = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)([^ \r\n])")
_BLANK = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(?:#[^\n]*)?")
_PATTERNS: dict[tuple[int, bool], re.Pattern[bytes]] = {}


class Unreadable(Exception):
    """A piece that does not parse cleanly on its own: compare the whole versions instead."""


class Cut(NamedTuple):
    """A block of YAML cut into pieces: a mapping (one piece per key, in order) or a list.

    A named tuple rather than a dataclass: one is made per file version, and a tuple is
    several times cheaper to build.
    """

    mapping: dict[str, bytes] | None = None
    items: tuple[bytes, ...] | None = None
    indent: int = 0
    start: int = 0                  # bytes before the first piece (blank or comment lines)
    ends: tuple[int, ...] = ()      # offset where each piece ends, after ``start``
    # mapping: keys whose piece has one of "'[{ ; list: such items themselves
    opened: frozenset[Any] = frozenset()


def _boundaries(indent: int, items: bool) -> re.Pattern[bytes]:
    """Lines that start a key (group 1 is a plain key, if it is one) or a list item."""
    pattern = _PATTERNS.get((indent, items))
    if pattern is None:
        start = (rb"-(?=[ \r\n]|\Z)" if items else
                 rb"(?:([A-Za-z_][A-Za-z0-9_-]*) *:(?=[ \r\n]|\Z)|[^\s#\-])")
        pattern = _PATTERNS[(indent, items)] = re.compile(rb"\n" + b" " * indent + start)
    return pattern


def has_opener(piece: bytes) -> bool:
    """Whether quoted or flow text could start in ``piece`` (plain ``in`` tests are memchr
    fast; a character class would scan byte by byte)."""
    return b'"' in piece or b"'" in piece or b"[" in piece or b"{" in piece


def cut_mapping(block: bytes, indent: int = 0) -> Cut | None:
    """Cut a block mapping whose keys sit at ``indent``; None if it does not cut cleanly."""
    # A newline in front lets the first line match like every other; offsets then fall
    # on the line starts of ``block`` itself.
    found = list(_boundaries(indent, items=False).finditer(b"\n" + block))
    if not found or (found[0].start() and not _BLANK.fullmatch(block, 0, found[0].start())):
        return None  # directives, "---", a list, nothing at all, or uneven indentation
    keys = [m.group(1) for m in found]
    if None in keys:
        return None  # a quoted or complex key: parse whole
    starts = [m.start() for m in found]
    mapping = {key.decode("ascii"): block[begin:end]
               for key, begin, end in zip(keys, starts, [*starts[1:], len(block)], strict=True)}
    if len(mapping) != len(keys):
        return None  # a key twice: let the whole parse report it
    opened = frozenset(k for k, piece in mapping.items() if has_opener(piece)) \
        if has_opener(block) else frozenset()
    return Cut(mapping=mapping, indent=indent, start=starts[0], ends=(*starts[1:], len(block)),
               opened=opened)


def cut_items(block: bytes, indent: int) -> Cut | None:
    starts = [m.start() for m in _boundaries(indent, items=True).finditer(b"\n" + block)]
    if not starts or (starts[0] and not _BLANK.fullmatch(block, 0, starts[0])):
        return None
    ends = (*starts[1:], len(block))
    items = tuple(block[b:e] for b, e in zip(starts, ends, strict=True))
    opened = frozenset(i for i in items if has_opener(i)) if has_opener(block) else frozenset()
    return Cut(items=items, indent=indent, start=starts[0], ends=ends, opened=opened)


def cut_like(known: Cut, known_block: bytes, block: bytes) -> Cut | None:
    """Cut ``block`` knowing the cut of a neighbouring version ``known_block``.

    Pieces of the known version found unchanged at the start and at the end of ``block``
    (compared in place with ``startswith``/``endswith``, and only where a piece boundary
    falls in ``block`` too) are reused as they are; only the part between is cut. For a
    version one commit apart that is one piece or two instead of every piece.
    """
    items = known.items is not None
    pieces: tuple[bytes, ...] = known.items or () if items else tuple((known.mapping or {}).values())
    if not pieces or block[:known.start] != known_block[:known.start]:
        return cut_items(block, known.indent) if items else cut_mapping(block, known.indent)
    boundary = _boundaries(known.indent, items)
    size, known_size = len(block), len(known_block)

    def starts_piece(at: int) -> bool:
        return at == size or (block[at - 1:at] == b"\n" and boundary.match(block, at - 1) is not None)

    # ends[n]: where the first n pieces end in the known version. Whole runs of pieces are
    # compared at once (a slice comparison is a memcmp), found by bisection: a Python loop
    # over every piece would cost as much as cutting afresh.
    ends = (known.start, *known.ends)
    low, high = 0, len(pieces)          # the first ``low`` pieces are equal
    while low < high:
        mid = (low + high + 1) // 2     # bytes before ends[low] are known to be equal
        if block[ends[low]:ends[mid]] == known_block[ends[low]:ends[mid]]:
            low = mid
        else:
            high = mid - 1
    head = low
    while head and not starts_piece(ends[head]):
        head -= 1
    offset = ends[head]
    low, high = 0, len(pieces) - head   # the last ``low`` pieces are equal
    while low < high:
        mid = (low + high + 1) // 2
        length, equal = ends[-1] - ends[-1 - mid], ends[-1] - ends[-1 - low]
        if size - length >= offset and block[size - length:size - equal] \
                == known_block[known_size - length:known_size - equal]:
            low = mid
        else:
            high = mid - 1
    tail = len(pieces) - low
    while tail < len(pieces) and not starts_piece(size - (ends[-1] - ends[tail])):
        tail += 1
    end = size - (ends[-1] - ends[tail])
    middle = block[offset:end]
    shift = size - known_size
    if tail == head + 1 and middle and offset and block[offset - 1:offset] == b"\n":
        single = _one_piece(known, pieces, head, block, offset, middle, boundary, shift)
        if single is not None:
            return single
    return _splice(known, pieces, head, tail, block, offset, middle, shift)

def _splice(known: Cut, pieces: tuple[bytes, ...], head: int, tail: int, block: bytes, offset: int,
            middle: bytes, shift: int) -> Cut | None:
    """The cut of ``block`` (``cut_like``): ``known``'s first ``head`` pieces and its pieces
    from ``tail`` on, around ``middle`` cut afresh; ``block`` cut whole when the middle does not
    cut on its own. None when a key comes twice."""
    items = known.items is not None
    if items:
        cut = cut_items(middle, known.indent) if middle else Cut(items=(), indent=known.indent)
        if cut is None or cut.start:
            return cut_items(block, known.indent)
        found = (*pieces[:head], *(cut.items or ()), *pieces[tail:])
        opened = (known.opened | cut.opened).intersection(found) \
            if known.opened or cut.opened else frozenset()
        return Cut(items=found, indent=known.indent, start=known.start, opened=opened,
                   ends=(*known.ends[:head], *(offset + e for e in cut.ends),
                         *(e + shift for e in known.ends[tail:])))
    cut = cut_mapping(middle, known.indent) if middle else Cut(mapping={}, indent=known.indent)
    if cut is None or cut.start:
        return cut_mapping(block, known.indent)
    keys = list(known.mapping or {})
    mapping = dict(zip(keys[:head], pieces[:head], strict=True))
    mapping.update(cut.mapping or {})
    mapping.update(zip(keys[tail:], pieces[tail:], strict=True))
    if len(mapping) != head + len(cut.mapping or {}) + len(pieces) - tail:
        return None  # a key twice
    before = known.mapping or {}
    keys_opened: frozenset[Any] = cut.opened
    if known.opened:
        keys_opened = keys_opened.union(
            k for k in known.opened if k in mapping and before.get(k) is mapping[k])
    return Cut(mapping=mapping, indent=known.indent, start=known.start, opened=keys_opened,
               ends=(*known.ends[:head], *(offset + e for e in cut.ends),
                     *(e + shift for e in known.ends[tail:])))

def _one_piece(known: Cut, pieces: tuple[bytes, ...], head: int, block: bytes, offset: int,
               middle: bytes, boundary: re.Pattern[bytes], shift: int) -> Cut | None:
    """The usual case of ``cut_like``: one piece changed, in place. None when ``middle``
    is not exactly one piece (a key or item added, removed or renamed)."""
    start = boundary.match(block, offset - 1)
    if start is None or boundary.search(middle) is not None:
        return None
    ends = (*known.ends[:head], *(e + shift for e in known.ends[head:]))
    opens = has_opener(middle)
    if known.items is not None:
        found = (*pieces[:head], middle, *pieces[head + 1:])
        opened = (known.opened.union((middle,)) if opens else known.opened).intersection(found) \
            if known.opened or opens else frozenset()
        return Cut(items=found, indent=known.indent, start=known.start, ends=ends, opened=opened)
    key = start.group(1)
    keys = list(known.mapping or {})
    if key is None or key.decode("ascii") != keys[head]:
        return None
    mapping = dict(known.mapping or {})
    mapping[keys[head]] = middle
    keys_opened = known.opened
    if opens:
        keys_opened = keys_opened.union((keys[head],))
    elif keys[head] in keys_opened:
        keys_opened = keys_opened.difference((keys[head],))
    return Cut(mapping=mapping, indent=known.indent, start=known.start, ends=ends,
               opened=keys_opened)


def cut_file(raw: bytes, known: tuple[Cut, bytes] | None = None) -> Cut | None:
    """The top level of a file version; None when it must be parsed whole. ``known`` is a
    neighbouring version already cut (its cut and its bytes), which makes this cheap."""
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    if known is not None:
        cut, known_raw = known
        return cut_like(cut, known_raw[len(BOM):] if known_raw.startswith(BOM) else known_raw, raw)
    return cut_mapping(raw, 0)
