"""Git plumbing for the audit trail: one ``git log`` pass and one ``cat-file`` process.

``git log --raw -z`` lists, for every commit, the blob ids before and after each changed
path, so the contents needed for diffs can be streamed through a single
``git cat-file --batch`` instead of one process per file version. The log is read
as a stream and blobs are requested as soon as they appear, so git walks the history
while Python parses the versions already received. No pathspec is
given on purpose: limiting ``git log`` to ``projects/`` makes git compare trees
twice per commit (once to simplify history, once for the diff), which doubles its
cost; filtering the paths here is cheap.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

from ..sharing import share
from ..workdays import SHANGHAI
from .model import Change, Revision

# Fields are separated by NUL, which cannot occur in a commit message, author name or
# path. Each commit starts with RS so the header can be told from a raw diff entry.
FORMAT = "--format=%x1e%H%x00%P%x00%aN%x00%cI%x00%aI%x00%B"
ZERO = "0" * 40
SUBMODULE = "160000"


@dataclass(frozen=True)
class FileChange:
    status: str          # A, M, D or T (renames are off)
    old_blob: str | None
    new_blob: str | None
    path: str


@dataclass
class LogEntry:
    commit: str
    parents: tuple[str, ...]
    author: str
    committed: str       # ISO 8601 with offset, as git wrote it
    authored: str
    message: str         # stripped once here: every revision of the commit shares it
    files: list[FileChange] = field(default_factory=list)


def log_arguments(*, limit: int | None, first_parent: bool) -> list[str]:
    args = ["--no-color", "--raw", "--no-abbrev", "--no-renames", "-z", "--encoding=UTF-8", FORMAT]
    if first_parent:
        # One revision per merged pull request, diffed against the branch it landed on.
        args += ["--first-parent", "--diff-merges=first-parent"]
    if limit is not None:
        args.append(f"--max-count={max(limit, 0)}")
    return [*args, "HEAD", "--"]


def log_tokens(git: Any, args: list[str]) -> Iterator[str]:
    """Run ``git log ARGS`` once and yield its NUL-separated fields as they arrive."""
    process = git.log(*args, as_process=True)
    rest = b""
    try:
        while chunk := process.stdout.read1(1 << 16):
            parts = (rest + chunk).split(b"\0")
            rest = parts.pop()
            for part in parts:
                yield part.decode("utf-8", errors="replace")
        if rest:
            yield rest.decode("utf-8", errors="replace")
    finally:
        process.stdout.close()
    _wait(process)


def _wait(process: Any) -> None:
    """Wait for git; raises GitCommandError with git's message if it failed."""
    try:
        process.wait()
    finally:
        if process.proc is not None and process.proc.stderr is not None:
            process.proc.stderr.close()


def parse_log(tokens: Iterable[str], keep: Callable[[str], bool],
              on_file: Callable[[LogEntry, FileChange], None] | None = None) -> list[LogEntry]:
    """Split ``git log -z --raw`` output; keep the file changes whose path ``keep`` accepts.

    ``on_file`` sees each kept change as soon as it is parsed, so blob contents can be
    requested while git is still walking the history.
    """
    entries: list[LogEntry] = []
    stream = iter(tokens)
    for raw in stream:
        token = raw.lstrip("\n")
        if token.startswith("\x1e"):
            fields = list(islice(stream, 5))
            if len(fields) < 5:
                break  # a truncated record; nothing usable follows
            entries.append(LogEntry(commit=token[1:], parents=tuple(fields[0].split()),
                                    author=fields[1], committed=fields[2], authored=fields[3],
                                    message=fields[4].strip()))
        elif token.startswith(":") and entries:
            # ":100644 100644 <old> <new> M", then the path as the next field
            meta = token[1:].split()
            path = next(stream, None)
            if path is None or len(meta) < 5 or SUBMODULE in meta[:2] or not keep(path):
                continue
            old, new, status = meta[2], meta[3], meta[4][:1]
            change = FileChange(status, None if old == ZERO else old,
                                None if new == ZERO else new, path)
            entries[-1].files.append(change)
            if on_file is not None:
                on_file(entries[-1], change)
    return entries


# git keeps up to 96 MiB of recently unpacked objects per process by default, to rebuild the
# next delta from; the history reads each file's versions newest first, one delta from the
# last, and needs little of that. Worth it: at 4,000 demo projects the cat-file process, which
# runs while the downloads' child works beside the history read (the build's peak), took
# 30 MiB with 8 MiB and 125 MiB by default; the build's peak fell from 732-734 MiB to 638-648
# (with 16 MiB). All objects of that repository through cat-file in 6.1-7.3 s with 96, 16 or
# 4 MiB (2026-12-04).
DELTA_CACHE = "core.deltaBaseCacheLimit=8m"


class BlobReader:
    """One ``git cat-file --batch`` process; contents are handed to ``consume`` in a thread.

    ``request`` may be called while the log is still being read; a thread drains git's
    output, so neither side can block the other on a full pipe. ``done`` is called in the
    thread after the last blob. ``close`` waits for git and re-raises what went wrong in
    the thread.
    """

    def __init__(self, git: Any, consume: Callable[[str, bytes | None], None],
                 done: Callable[[], None] | None = None) -> None:
        self._git = git
        self._consume = consume
        self._done = done
        self._process: Any = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.read = 0

    def request(self, blob: str) -> None:
        if self._process is None:
            self._process = self._git(c=DELTA_CACHE).cat_file("--batch", istream=subprocess.PIPE,
                                                               as_process=True)
            self._thread = threading.Thread(target=self._drain, name="cat-file", daemon=True)
            self._thread.start()
        self._process.stdin.write(blob.encode("ascii") + b"\n")

    def flush(self) -> None:
        """Hand the requests written so far to git (before waiting for their answers)."""
        if self._process is not None and not self._process.stdin.closed:
            with contextlib.suppress(OSError):  # git already exited; its status says why
                self._process.stdin.flush()

    @property
    def started(self) -> bool:
        return self._process is not None

    def _drain(self) -> None:
        try:
            for blob, data in _batch_output(self._process.stdout):
                self._consume(blob, data)
                self.read += 1
        except BaseException as exc:  # handed to close() in the calling thread
            self._error = exc
        finally:
            if self._done is not None:
                self._done()

    def end_requests(self) -> None:
        """No more requests: git answers the ones it has, then the thread calls ``done``."""
        if self._process is not None:
            with contextlib.suppress(OSError):  # git already exited; its status says why
                self._process.stdin.close()

    def close(self) -> None:
        if self._process is None:
            return
        self.end_requests()
        if self._thread is not None:
            self._thread.join()
        self._process.stdout.close()
        _wait(self._process)
        # Its callbacks are its owner's methods, and the owner holds the reader: without them,
        # a closed reader and its owner are freed as soon as the owner is done with, instead
        # of waiting for the cyclic garbage collector (the revision reader's versions and
        # pieces, 60 MiB at 4,000 demo projects, which a build would keep frozen to its end).
        self._consume, self._done = _ignore, None
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        if self._process is not None:
            self._process.proc.kill()
            self.close()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is None:
            self.close()
        else:
            with contextlib.suppress(Exception):  # the original exception matters more
                self.abort()


def _ignore(blob: str, data: bytes | None) -> None:
    pass


def read_blobs(git: Any, blobs: list[str]) -> dict[str, bytes]:
    """The contents of ``blobs`` through one ``git cat-file --batch``, all at once."""
    found: dict[str, bytes] = {}

    def keep(blob: str, data: bytes | None) -> None:
        if data is not None:
            found[blob] = data

    with BlobReader(git, keep) as reader:
        for blob in blobs:
            reader.request(blob)
    return found


def _batch_output(stream: Any) -> Iterator[tuple[str, bytes | None]]:
    """Split ``cat-file --batch`` output, read in large chunks (180 MB in the benchmark:
    one small read per blob would cost more than the parsing)."""
    buffer, at = b"", 0
    while True:
        newline = buffer.find(b"\n", at)
        if newline < 0:
            chunk = stream.read1(1 << 20)
            if not chunk:
                return
            buffer, at = buffer[at:] + chunk, 0
            continue
        parts = buffer[at:newline].split()
        if len(parts) != 3:
            at = newline + 1
            if len(parts) == 2 and parts[1] == b"missing":
                # not in this (perhaps shallow or partial) clone: said, so nobody waits for it
                yield parts[0].decode("ascii"), None
            continue
        end = newline + 1 + int(parts[2])
        while len(buffer) < end + 1:
            chunk = stream.read1(max(1 << 20, end + 1 - len(buffer)))
            if not chunk:
                return
            buffer, newline, end = buffer[at:] + chunk, newline - at, end - at
            at = 0
        data = buffer[newline + 1:end]
        at = end + 1  # the newline after the contents
        if parts[1] == b"blob":
            yield parts[0].decode("ascii"), data


def revision(entry: LogEntry, change: FileChange, changes: tuple[Change, ...], hidden: int,
             unreadable: bool, name: str | None, unit: str | None, *, too_large: bool = False) -> Revision:
    """The revision of ``change`` in the commit ``entry``, with what comparing found. Each
    file's path, id and names are kept once however many revisions it has (``sharing``)."""
    return Revision(
        commit=entry.commit, date=when(entry.committed), authored=when(entry.authored),
        author=entry.author, message=entry.message,
        project_id=share(change.path.rsplit("/", 1)[-1].removesuffix(".yaml")), path=share(change.path),
        changes=changes, added=change.status == "A", deleted=change.status == "D",
        unreadable=unreadable, hidden_changes=hidden, project_name=share(name),
        lead_unit=share(unit), too_large=too_large)


@lru_cache(maxsize=4096)
def when(iso: str) -> dt.datetime:
    """A date from git (ISO 8601 with its offset) in Asia/Shanghai."""
    return dt.datetime.fromisoformat(iso.strip()).astimezone(SHANGHAI)
