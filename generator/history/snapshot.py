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


def cut_file(raw: bytes) -> Cut | None:
    """The top level of a file version; None when it must be parsed whole.

    (Cutting a version from a neighbour's cut, reusing the pieces found unchanged at both
    ends, was removed: on a cold history of 1,000 demo projects it saved 2-6 % (6.19 s with,
    6.34 s without, best of three alternating), under the 10 % a speed mechanism must buy.)"""
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    return cut_mapping(raw, 0)
