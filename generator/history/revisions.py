"""Turn the log's file changes into revisions while git is still walking the history.

The log arrives newest first. Each project file change becomes a pending revision that
needs the old and the new version of the file; the versions are streamed from one
``git cat-file --batch`` process by a reader thread. A revision is compared as soon as
both versions are here, in the main thread: both versions are cut into pieces
(``snapshot``) and only differing pieces are parsed.
A version is let go as soon as no known revision needs it, except each file's oldest
version seen so far, which its next (older) revision will need; memory holds about one
version per file rather than the whole history.

Versions that cannot be read are rare and handled after the log: a revision whose
older version is unreadable is compared with the nearest readable version before it,
fetched in one more ``cat-file`` batch.
"""

from __future__ import annotations

import contextlib
import queue
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .cache import Compared, PairCache, pair_key
from .limits import MAX_FILE_BYTES, suspect
from .model import Change, Revision
from .piecediff import Differ
from .pieces import Pieces
from .plumbing import BlobReader, FileChange, LogEntry, read_blobs, revision
from .snapshot import Cut, Unreadable, cut_file

_DONE = object()
# Versions requested from git and not compared yet, at most: the reader thread runs ahead of
# the comparing, and a commit that touches hundreds of files would otherwise have all their
# versions waiting in memory at once.
WINDOW = 1024
_UNCUT: Any = object()


@dataclass
class _Version:
    raw: bytes
    cut: Any = _UNCUT                # Cut, None (parse whole) or _UNCUT (not cut yet)
    suspect: bool | None = None      # too large or maybe too deep (``snapshot.suspect``)

    def beyond_limits(self) -> bool:
        if self.suspect is None:
            self.suspect = suspect(self.raw)
        return self.suspect


@dataclass
class _Pending:
    position: tuple[int, int]        # (commit in log order, file in commit)
    entry: LogEntry
    change: FileChange
    missing: int = 0                 # versions not arrived yet

    @property
    def blobs(self) -> list[str]:
        return [b for b in (self.change.old_blob, self.change.new_blob) if b is not None]


class RevisionBuilder:
    """Collects pending revisions from the log and compares them as versions arrive."""

    def __init__(self, git: Any, differ: Differ, boundary: frozenset[str],
                 cache: PairCache | None = None) -> None:
        self.git = git
        self.cache = cache
        # Positions compared from their own two blobs alone, by their pair's cache key: what
        # they found is stored (not a revision compared with an older version after its
        # parent proved unreadable, nor one whose version git could not give).
        self.cacheable: dict[tuple[int, int], str] = {}
        self.differ = differ
        self.boundary = boundary
        self.pieces = Pieces()
        self.arrived: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.reader = BlobReader(git, self._arrive, lambda: self.arrived.put(_DONE))
        self.versions: dict[str, _Version] = {}
        self.uses: dict[str, int] = {}
        self.in_flight: set[str] = set()     # requested, or queued to be requested
        self.queued: deque[str] = deque()     # to request once fewer than WINDOW are out
        self.out = 0                          # requested from git and not answered yet
        self.waiting: dict[str, list[_Pending]] = {}
        self.done: dict[tuple[int, int], Revision] = {}
        # Each file's oldest version seen so far is held for its next (older) revision,
        # which the log may reach much later: the reader thread often runs ahead of it.
        self.held: dict[str, str] = {}
        self.base_unreadable: list[_Pending] = []

    # -- reader thread -----------------------------------------------------------------

    def _arrive(self, blob: str, raw: bytes | None) -> None:
        self.arrived.put((blob, None if raw is None else _Version(raw)))

    # -- main thread -------------------------------------------------------------------

    def add(self, entry: LogEntry, change: FileChange, position: tuple[int, int]) -> None:
        """A project file change from the log (called while the log is being read);
        ``position`` is (the commit's place in the log, the change's place in the commit)."""
        if entry.commit in self.boundary:
            # A shallow clone's boundary commit looks as if it added every file (its parent
            # is missing): it is not a revision.
            return
        if self.cache is not None and self._known(entry, change, position):
            return
        pending = _Pending(position, entry, change)
        for blob in pending.blobs:
            self.uses[blob] = self.uses.get(blob, 0) + 1
        previous = self.held.pop(change.path, None)
        if change.old_blob is not None:
            self.held[change.path] = change.old_blob
            self.uses[change.old_blob] += 1
        for blob in pending.blobs:
            if blob not in self.versions:
                pending.missing += 1
                self.waiting.setdefault(blob, []).append(pending)
                if blob not in self.in_flight:
                    self.in_flight.add(blob)
                    self._request(blob)
        if previous is not None:
            self._let_go(previous)
        if pending.missing == 0:
            self._compare(pending)
        self._take_arrived(block=False)

    def _known(self, entry: LogEntry, change: FileChange, position: tuple[int, int]) -> bool:
        """A pair compared in an earlier build: its revision without fetching either version."""
        assert self.cache is not None
        found = self.cache.get(pair_key(change.status, change.old_blob, change.new_blob))
        if found is None:
            return False
        previous = self.held.pop(change.path, None)   # the next older revision fetches its own
        if previous is not None:
            self._let_go(previous)
        self.done[position] = revision(entry, change, found.changes, found.hidden, found.unreadable,
                                       found.name, found.unit, too_large=found.too_large)
        return True

    def remember(self) -> None:
        """Hand what this read compared to the cache (``PairCache.save`` writes it)."""
        if self.cache is None:
            return
        for position, key in self.cacheable.items():
            r = self.done[position]
            self.cache.put(key, Compared(r.changes, r.hidden_changes, r.unreadable, r.project_name,
                                         r.lead_unit, r.too_large))

    def finish_positions(self, entries: list[LogEntry]) -> dict[tuple[int, int], Revision]:
        """After the log: wait for the last versions, then return the revisions by position.
        ``entries`` are the log's commits, in order (to find older versions of a file)."""
        while self.queued:
            self._take_arrived(block=True, one=True)
        if self.reader.started:
            self.reader.end_requests()
            self._take_arrived(block=True)
        self.reader.close()
        for blob in self.held.values():
            self._let_go(blob)
        self.held.clear()
        # A version git could not give (an object missing from a partial clone): the
        # revision is still listed, without a field diff.
        for pendings in self.waiting.values():
            for pending in pendings:
                if pending.position not in self.done:
                    self._record(pending, [], 0, shown={}, unreadable=True)
        self.waiting.clear()
        self._compare_after_unreadable(entries)
        return self.done

    def _request(self, blob: str) -> None:
        if self.out < WINDOW:
            self.out += 1
            self.reader.request(blob)
        else:
            self.queued.append(blob)

    def _take_arrived(self, *, block: bool, one: bool = False) -> None:
        """Compare what the arrived versions complete; ``one``: stop after one answer."""
        while True:
            if block:
                self.reader.flush()   # requests still in our buffer would never be answered
            try:
                item = self.arrived.get(block=block)
            except queue.Empty:
                return
            if item is _DONE:
                return
            blob, version = item
            self.out -= 1
            while self.queued and self.out < WINDOW:
                self._request(self.queued.popleft())
            self.in_flight.discard(blob)
            if version is not None:  # else git does not have it: its revisions stay waiting
                self.versions[blob] = version
                for pending in self.waiting.pop(blob, []):
                    pending.missing -= 1
                    if pending.missing == 0:
                        self._compare(pending)
            if one:
                return

    def _release(self, pending: _Pending) -> None:
        for blob in pending.blobs:
            self._let_go(blob)

    def _let_go(self, blob: str) -> None:
        self.uses[blob] -= 1
        if self.uses[blob] == 0:
            del self.uses[blob]
            self.versions.pop(blob, None)

    # -- comparing ---------------------------------------------------------------------

    @staticmethod
    def _cut(version: _Version) -> Cut | None:
        """Cut a version once."""
        if version.cut is _UNCUT:
            version.cut = cut_file(version.raw)
        cut: Cut | None = version.cut
        return cut

    def _compare(self, pending: _Pending) -> None:
        change = pending.change
        self.cacheable[pending.position] = pair_key(change.status, change.old_blob, change.new_blob)
        old = self.versions[change.old_blob] if change.old_blob else None
        new = self.versions[change.new_blob] if change.new_blob else None
        try:
            if any(v is not None and v.beyond_limits() for v in (old, new)):
                raise Unreadable("limits")  # too large or maybe too deep: see _compare_whole
            if change.status == "A" or change.status == "D":
                shown = new if new is not None else old
                assert shown is not None
                self._record(pending, [], 0, shown=self._fields(shown))
            elif old is not None and new is not None and self._cut(new) is not None \
                    and self._cut(old) is not None:
                changes, hidden = self.differ.diff_cuts(old.cut, new.cut, self.pieces)
                self._record(pending, changes, hidden, shown=self._fields(new))
            else:
                raise Unreadable("cut")
        except Unreadable:
            self._compare_whole(pending, old, new)
        self._release(pending)

    def _compare_whole(self, pending: _Pending, old: _Version | None, new: _Version | None) -> None:
        """Both versions parsed whole: the pieces did not line up or did not parse alone."""
        after = self.pieces.whole(new.raw) if new is not None else None
        before = self.pieces.whole(old.raw) if old is not None else None
        own = old if pending.change.status == "D" else new
        large = own is not None and len(own.raw) > MAX_FILE_BYTES
        if pending.change.status == "D":
            self._record(pending, [], 0, shown=before or {}, unreadable=before is None, too_large=large)
        elif after is None:
            shown = before if before is not None else {}
            self._record(pending, [], 0, shown=shown, unreadable=True, too_large=large)
        elif pending.change.status == "A":
            self._record(pending, [], 0, shown=after)
        elif before is None:
            # Until an older readable version is found (after the log), every field is new.
            self.base_unreadable.append(pending)
            self.cacheable.pop(pending.position, None)
            self._record(pending, *self.differ.diff(None, after), shown=after)
        else:
            self._record(pending, *self.differ.diff(before, after), shown=after)

    def _fields(self, version: _Version) -> dict[str, Any]:
        """Name and lead unit of a version, for the feed and the digest."""
        cut = self._cut(version)
        if cut is None or cut.mapping is None:
            return self.pieces.whole(version.raw) or {}
        found = {}
        for key in ("name", "lead_unit"):
            piece = cut.mapping.get(key)
            if piece is not None:
                found[key] = self.pieces.value(piece, key)
        return found

    def _record(self, pending: _Pending, changes: list[Change], hidden: int, *,
                shown: dict[str, Any], unreadable: bool = False, too_large: bool = False) -> None:
        fields = self.differ.shown({"name": shown.get("name"), "lead_unit": shown.get("lead_unit")})
        name, unit = fields["name"], fields["lead_unit"]
        self.done[pending.position] = revision(
            pending.entry, pending.change, tuple(changes), hidden, unreadable,
            name if isinstance(name, str) else None, unit if isinstance(unit, str) else None,
            too_large=too_large)

    def _compare_after_unreadable(self, entries: list[LogEntry]) -> None:
        """Compare with the nearest readable older version, when the parent version was not."""
        if not self.base_unreadable:
            return
        older: dict[str, list[FileChange]] = {}  # path -> its changes, newest first
        for entry in entries:
            for change in entry.files:
                if entry.commit not in self.boundary:
                    older.setdefault(change.path, []).append(change)
        chains = {id(p): _chain(older[p.change.path], p.change) for p in self.base_unreadable}
        contents = read_blobs(self.git, sorted({b for chain in chains.values() for b in chain}))
        for pending in self.base_unreadable:
            after = self.pieces.whole(contents.get(pending.change.new_blob or "", b""))
            for blob in chains[id(pending)][1:]:
                before = self.pieces.whole(contents.get(blob, b""))
                if before is not None:
                    self._record(pending, *self.differ.diff(before, after), shown=after or {})
                    break


def _chain(changes: list[FileChange], start: FileChange) -> list[str]:
    """The blobs of one file from ``start``'s new version back through its older versions."""
    chain = [start.new_blob or ""]
    wanted = start.old_blob
    for change in changes:
        if wanted is not None and change.new_blob == wanted:
            chain.append(wanted)
            wanted = change.old_blob
    return chain


def build(git: Any, differ: Differ, boundary: frozenset[str],
          entries: Callable[[Callable[[LogEntry, FileChange], None]], list[LogEntry]],
          cache: PairCache | None = None) -> tuple[list[Revision], list[LogEntry]]:
    """Run ``entries`` (the log reader, given the callback for each file change) and build
    the revisions, newest first; pairs known to ``cache`` are not compared again, and the
    others are handed to it. Always stops the ``cat-file`` processes, also when the log
    fails."""
    builder = RevisionBuilder(git, differ, boundary, cache)
    seen: list[LogEntry] = []

    def on_file(entry: LogEntry, change: FileChange) -> None:
        if not seen or seen[-1] is not entry:
            seen.append(entry)
        builder.add(entry, change, (len(seen) - 1, len(entry.files) - 1))

    try:
        log = entries(on_file)
        done = builder.finish_positions(seen)
        builder.remember()
        return [done[k] for k in sorted(done)], log
    except BaseException:
        with contextlib.suppress(Exception):  # the original error is the one to report
            builder.reader.abort()
        raise
