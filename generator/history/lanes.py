"""Comparing versions on a second core when the history is long.

Comparing two versions of a file is pure Python and costs several times what git spends
walking the log, so on a machine with two cores a long history is split in two *lanes* by
file (``lane_of``): the files of one lane are compared in this process from the first
change on, the others in a helper process started as ``python -m generator.history.lane``
(a fresh interpreter, so it is safe whatever threads this process runs) once the log has
given ``LANES_FROM`` changes; a shorter log is compared here alone. The log is still read
once, here. The helper gets each change of its files (the commit's fields the first time
it sees the commit) in batches, fetches the versions it needs through its own
``git cat-file --batch`` and sends its revisions back as it goes. Threads write the
batches and read the revisions, so neither process ever waits on a full pipe.

A file always stays in one lane, so each lane sees every version of its files in order
and compares exactly as a single process would: the result is the same, only sooner.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .diff import Audience, Differ, Names
from .model import Change, Revision
from .plumbing import FileChange, LogEntry

# Below this many changed project files a helper process costs more than it saves.
LANES_FROM = 3000
BATCH = 256
# Percent of the files compared by the helper: a little under half, since it starts late
# (its interpreter is only started once the log proves long) while this process compares
# its own files from the first change.
HELPER_SHARE = 45
PACKAGE_ROOT = Path(__file__).resolve().parents[2]    # the folder holding generator/

Position = tuple[int, int]
_Meta = tuple[str, tuple[str, ...], str, str, str, str]   # a LogEntry without its files


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def lane_of(path: str) -> int:
    """1 for the files the helper compares, 0 for this process's, fixed by the path."""
    return int(zlib.crc32(path.encode("utf-8")) % 100 < HELPER_SHARE)


class HelperLane:
    """The helper process as seen from here: changes go in, revisions come back.

    The helper is ``python -m generator.history.lane`` (not ``multiprocessing``, which
    would re-run the caller's main script); batches and replies are pickled through its
    standard input and output. Two threads keep both pipes moving while this process
    compares its own lane: one writes the batches, one reads the revisions the helper
    sends back as it goes and makes them into ``Revision``s.
    """

    def __init__(self, repo_dir: str, names: Names, audience: Audience,
                 boundary: frozenset[str]) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", f"{__package__}.lane"], cwd=PACKAGE_ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._batch: list[tuple[Position, _Meta | None, tuple[str, str | None, str | None, str]]] = []
        self._last_sent: LogEntry | None = None
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write, name="lane-writer", daemon=True)
        self._writer.start()
        self._reader: threading.Thread | None = None
        self._done: dict[Position, Revision] = {}
        self._error: BaseException | None = None
        self._send((repo_dir, names, audience, boundary, BATCH))

    def _send(self, message: object) -> None:
        self._outbox.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while (data := self._outbox.get()) is not None:
                stdin.write(data)
                stdin.flush()
        except (OSError, ValueError):
            pass  # the helper is gone (or aborted): the reader finds no reply and says so
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def begin(self, entries: list[LogEntry]) -> None:
        """Changes are coming: ``entries`` is the log's list of commits (still growing),
        which the revisions coming back refer to by position."""
        self._reader = threading.Thread(target=self._read, args=(entries,), name="lane-reader",
                                        daemon=True)
        self._reader.start()

    def _read(self, entries: list[LogEntry]) -> None:
        from .revisions import revision

        stdout = self._process.stdout
        assert stdout is not None
        while True:
            try:
                status, payload = pickle.load(stdout)
            except (EOFError, pickle.UnpicklingError, OSError):
                self._error = OSError("比对修订的辅助进程意外退出")
                return
            if status == "error":
                self._error = payload  # the helper's own error, raised again by finish()
                return
            try:
                for position, (changes, hidden, unreadable, name, unit, large) in payload.items():
                    entry = entries[position[0]]
                    self._done[position] = revision(
                        entry, entry.files[position[1]], tuple(Change(*c) for c in changes),
                        hidden, unreadable, name, unit, too_large=large)
            except BaseException as exc:  # a bug here must not pass for an empty lane
                self._error = exc
                return
            if status == "ok":
                return

    def add(self, entry: LogEntry, change: FileChange, position: Position) -> None:
        meta: _Meta | None = None
        if entry is not self._last_sent:
            meta = (entry.commit, entry.parents, entry.author, entry.committed, entry.authored,
                    entry.message)
            self._last_sent = entry
        self._batch.append((position, meta,
                            (change.status, change.old_blob, change.new_blob, change.path)))
        if len(self._batch) >= BATCH:
            self._send(self._batch)
            self._batch = []

    def finish(self) -> dict[Position, Revision]:
        """The helper's revisions, once it has compared everything it was sent."""
        assert self._reader is not None, "begin() comes first"
        self._send(self._batch)
        self._send(None)
        self._outbox.put(None)      # the writer closes the helper's input after the last one
        self._reader.join()
        self._close()
        if self._error is not None:
            raise self._error
        return self._done

    def abort(self) -> None:
        self._process.kill()
        self._close()

    def _close(self) -> None:
        self._outbox.put(None)
        self._writer.join()         # it is done, or its write fails now the helper is gone
        if self._reader is not None:
            self._reader.join()     # likewise: the helper's output ends
        if self._process.stdout is not None:
            with contextlib.suppress(OSError):
                self._process.stdout.close()
        self._process.wait()


def serve(source: BinaryIO, reply: BinaryIO) -> None:
    """The helper process: compare the changes it is sent, send the revisions back as they
    are made (after each batch), then the last ones."""
    import git

    from .revisions import RevisionBuilder

    def send(status: str, done: dict[Position, Revision]) -> None:
        # Only what comparing found travels back, as tuples (pickled dataclasses cost
        # several times more); the commit's fields are known on the other side.
        pickle.dump((status, {
            position: (tuple((c.path, c.key_path, c.kind, c.label_zh, c.before, c.after,
                              c.text_zh) for c in r.changes),
                       r.hidden_changes, r.unreadable, r.project_name, r.lead_unit, r.too_large)
            for position, r in done.items()}), reply, protocol=pickle.HIGHEST_PROTOCOL)
        reply.flush()

    try:
        repo_dir, names, audience, boundary, batch_size = pickle.load(source)
        with git.Repo(repo_dir) as repo:
            builder = RevisionBuilder(repo.git, Differ(names, audience), boundary)
            entry: LogEntry | None = None
            entries: list[LogEntry] = []
            try:
                while (batch := pickle.load(source)) is not None:
                    for position, meta, (status, old, new, path) in batch:
                        if meta is not None:
                            entry = LogEntry(*meta)
                            entries.append(entry)
                        assert entry is not None
                        change = FileChange(status, old, new, path)
                        entry.files.append(change)
                        builder.add(entry, change, position)
                    if len(builder.done) >= batch_size:
                        send("part", builder.take_done())
                builder.finish_positions(entries)
            except BaseException:
                builder.reader.abort()
                raise
        send("ok", builder.take_done())
    except BaseException as exc:  # handed to the reading process, which raises it
        try:
            pickle.dump(("error", exc), reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that does not pickle
            text = "".join(traceback.format_exception(exc))
            pickle.dump(("error", RuntimeError(text)), reply)
        reply.flush()


def two_lanes(local_add: Callable[[LogEntry, FileChange, Position], None], helper: HelperLane
              ) -> Callable[[LogEntry, FileChange, Position], None]:
    """Route each change to the lane of its file."""
    def add(entry: LogEntry, change: FileChange, position: Position) -> None:
        if lane_of(change.path):
            helper.add(entry, change, position)
        else:
            local_add(entry, change, position)
    return add
