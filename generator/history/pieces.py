"""What a revision read keeps of the pieces it cut (``snapshot``): their nested cuts, parsed
values and checks, memoised by the pieces' bytes, so a piece that many versions share is cut,
parsed and checked once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..load import FATAL, Document, LoadError, decode
from .limits import MAX_DEPTH, MAX_FILE_BYTES, parse_bounded
from .simple import simple_piece
from .snapshot import FIRST_CONTENT, HEAD_LINE, Cut, Unreadable, cut_items, cut_mapping, has_opener

_UNREADABLE = object()
_MISSING = object()


class _Memo(dict[bytes, Any]):
    """A dict that forgets its least recently used entries beyond ``size``: the history is
    read newest first, so what matters is the recent past of each file, and memory stays
    proportional to that rather than to the whole history."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def recall(self, key: bytes) -> Any:
        value = self.pop(key, _MISSING)
        if value is not _MISSING:
            self[key] = value  # most recently used goes last
        return value

    def keep(self, key: bytes, value: Any) -> Any:
        self[key] = value
        if len(self) > self.size:
            del self[next(iter(self))]
        return value


class Pieces:
    """Parses pieces with the strict loader, memoised by their bytes (one per history read).

    ``size``: what the read that runs beside the downloads' child may hold. 4,096 pieces
    (nested cuts: 1,024): a cold build of 4,000 demo projects peaked at 574-591 MiB, against
    597-607 with 8,192 and about 650 with 32,768 (git's delta cache at 16 MiB; 558 in
    benchmarks/run.py with 8 MiB). Its cost: the history of 24,000 commits read in 7.6-8.8 s
    with 4,096 or 8,192 and 7.5-9.2 s with 32,768; that of 10,000 projects (250 commits) in
    75.0 and 70.6 s against 71.8 and 65.6 s (alternating runs, 2026-12-04)."""

    def __init__(self, size: int = 4096) -> None:
        self._values = _Memo(size)
        self._nested = _Memo(size // 4)
        # Unchanged pieces already proven to parse on their own (``check``): most revisions
        # leave the same quoted pieces (an investor's phone number) in place. All are kept:
        # about 3.5 a project file however long the history (1,000 demo projects: 3,453
        # pieces, 0.9 MB; with 24,000 commits 3,788; 4,000 projects: 14,189, 3.7 MB). An LRU
        # of 4,096 proved them again and again from 4,000 projects on: that history took
        # 23.1-25.2 s with it and 19.0-20.5 s with all kept, for 8 MiB more (three alternating
        # runs each; at 1,000 no difference, 2026-12-04).
        self._proven: set[bytes] = set()
        self.parses = 0
        self.whole_parses = 0

    def nested(self, piece: bytes, indent: int) -> Cut | None:
        """The indented block below ``key:`` in a piece, cut; None if the value is not one."""
        found = self._nested.recall(piece)
        if found is _MISSING:
            found = self._nested.keep(piece, self._cut_nested(piece, indent))
        return found

    @staticmethod
    def _cut_nested(piece: bytes, indent: int) -> Cut | None:
        head = HEAD_LINE.match(piece)
        if head is None or len(head.group(1)) != indent:
            return None
        first = FIRST_CONTENT.match(piece, head.end())
        if first is None:
            return None  # "key:" with nothing below: a null value
        inner = len(first.group(1))
        if first.group(2) == b"-" and inner >= indent:
            return cut_items(piece[head.end():], inner)
        if inner > indent:
            return cut_mapping(piece[head.end():], inner)
        return None

    def value(self, piece: bytes, key: str) -> Any:
        """The value of the ``key: value`` piece; ``Unreadable`` if it does not parse cleanly."""
        parsed = self._values.recall(piece)
        if parsed is _MISSING:
            data = self._parse(piece, dict)
            parsed = self._values.keep(
                piece, data[key] if data is not _UNREADABLE and list(data) == [key] else _UNREADABLE)
        if parsed is _UNREADABLE:
            raise Unreadable(key)
        return parsed

    def item(self, chunk: bytes) -> Any:
        """The value of one ``- …`` list item."""
        parsed = self._values.recall(chunk)
        if parsed is _MISSING:
            data = self._parse(chunk, list)
            parsed = self._values.keep(
                chunk, data[0] if data is not _UNREADABLE and len(data) == 1 else _UNREADABLE)
        if parsed is _UNREADABLE:
            raise Unreadable("item")
        return parsed

    def check(self, piece: bytes, key: str | None = None, indent: int = 0, depth: int = 0) -> None:
        """An unchanged piece: prove that no quoted or flow text runs out of it.

        A ``key:`` piece whose value is an indented block is proven like a version is cut:
        its block is cut into pieces and only those holding ``"'[{`` are proven in turn
        (most of them already were, in an earlier version); any other piece is parsed.
        ``indent`` is where the key sits.
        """
        if piece in self._proven or not has_opener(piece):
            return
        if depth > MAX_DEPTH:
            raise Unreadable("depth")
        inner = self.nested(piece, indent) if key is not None else None
        if inner is None:
            if key is None:
                self.item(piece)
            else:
                self.value(piece, key)
        elif inner.mapping is not None:
            for sub in inner.opened:
                self.check(inner.mapping[sub], sub, inner.indent, depth + 1)
        else:
            for sub in inner.opened:
                self.check(sub, depth=depth + 1)
        self._proven.add(piece)

    def whole(self, raw: bytes) -> dict[str, Any] | None:
        """A whole version, exactly as ``portal validate`` reads it; None if unreadable."""
        self.whole_parses += 1
        if len(raw) > MAX_FILE_BYTES:
            return None
        try:
            text = decode(raw, "<history>")
        except LoadError:
            return None
        doc = Document(path=Path("<history>"), display="<history>", data=None)
        findings = parse_bounded(text, doc)
        if any(f.code in FATAL for f in findings) or not isinstance(doc.data, dict):
            return None
        return doc.data

    def _parse(self, piece: bytes, shape: type) -> Any:
        self.parses += 1
        try:
            text = piece.decode("utf-8")
        except UnicodeDecodeError:
            return _UNREADABLE
        simple = simple_piece(text, item=shape is list)
        if simple is not None:
            return simple
        doc = Document(path=Path("<piece>"), display="<piece>", data=None)
        if parse_bounded(text, doc) or not isinstance(doc.data, shape):
            return _UNREADABLE  # any finding at all: the piece is not trusted on its own
        return doc.data
