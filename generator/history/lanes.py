"""Comparing versions on a second core when the history is long.

Comparing two versions of a file is pure Python and costs several times what git spends
walking the log, so on a machine with two cores a long history is split in two *lanes* by
file: the files of one lane are compared in this process, the others in a helper process
started as ``python -m generator.history.lane`` (a fresh interpreter, so it is safe
whatever threads this process runs). The log is still read once, here, and the helper is
only started once it has given ``LANES_FROM`` changes. The helper gets each change of its
files (the commit's fields the first time it sees the commit) in batches, fetches the
versions it needs through its own ``git cat-file --batch`` and sends its revisions back at
the end.
A file always stays in one lane, so each lane sees every version of its files in order
and compares exactly as a single process would: the result is the same, only sooner.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
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
    return zlib.crc32(path.encode("utf-8")) & 1


class HelperLane:
    """The helper process as seen from here: changes go in, revisions come back.

    The helper is ``python -m generator.history.lane`` (not ``multiprocessing``, which
    would re-run the caller's main script); batches and the reply are pickled through its
    standard input and output.
    """

    def __init__(self, repo_dir: str, names: Names, audience: Audience,
                 boundary: frozenset[str]) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", f"{__package__}.lane"], cwd=PACKAGE_ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._batch: list[tuple[Position, _Meta | None, tuple[str, str | None, str | None, str]]] = []
        self._last_sent: LogEntry | None = None
        self._send((repo_dir, names, audience, boundary))

    def _send(self, message: object) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            pickle.dump(message, stdin, protocol=pickle.HIGHEST_PROTOCOL)
            stdin.flush()
        except BrokenPipeError:
            raise OSError("比对修订的辅助进程意外退出") from None

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

    def finish(self, entries: list[LogEntry]) -> dict[Position, Revision]:
        """The helper's revisions; ``entries`` are the log's commits, by position."""
        from .revisions import revision

        self._send(self._batch)
        self._send(None)
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.close()
        try:
            status, payload = pickle.load(self._process.stdout)
        except (EOFError, pickle.UnpicklingError):
            raise OSError("比对修订的辅助进程意外退出") from None
        finally:
            self._process.stdout.close()
            self._process.wait()
        if status != "ok":
            raise payload
        done: dict[Position, Revision] = {}
        for position, (changes, hidden, unreadable, name, unit) in payload.items():
            entry = entries[position[0]]
            done[position] = revision(entry, entry.files[position[1]],
                                      tuple(Change(*c) for c in changes), hidden, unreadable,
                                      name, unit)
        return done

    def abort(self) -> None:
        self._process.kill()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._process.wait()


def serve(source: BinaryIO, reply: BinaryIO) -> None:
    """The helper process: compare the changes it is sent, reply with the revisions."""
    import git

    from .revisions import RevisionBuilder

    try:
        repo_dir, names, audience, boundary = pickle.load(source)
        with git.Repo(repo_dir) as repo:
            builder = RevisionBuilder(repo.git, Differ(names, audience), boundary)
            entry: LogEntry | None = None
            try:
                while (batch := pickle.load(source)) is not None:
                    for position, meta, (status, old, new, path) in batch:
                        if meta is not None:
                            entry = LogEntry(*meta)
                        assert entry is not None
                        change = FileChange(status, old, new, path)
                        entry.files.append(change)
                        builder.add(entry, change, position)
                done = builder.finish_positions()
            except BaseException:
                builder.reader.abort()
                raise
        # Only what comparing found travels back, as tuples (pickled dataclasses cost
        # several times more); the commit's fields are known on the other side.
        message: tuple[str, object] = ("ok", {
            position: (tuple((c.path, c.key_path, c.kind, c.label_zh, c.before, c.after,
                              c.text_zh) for c in r.changes),
                       r.hidden_changes, r.unreadable, r.project_name, r.lead_unit)
            for position, r in done.items()})
    except BaseException as exc:  # handed to the reading process, which raises it
        message = ("error", exc)
    try:
        pickle.dump(message, reply, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an exception that does not pickle
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
