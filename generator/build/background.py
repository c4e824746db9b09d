"""Work that a build hands to a child process, to run on another core meanwhile.

``Background.start(work, what)`` forks a child (the records, facts and history the build holds
are already in its memory, shared copy-on-write) that runs ``work()`` and sends the result back
through a pipe; ``finish`` waits for it and returns the result, or raises a ``PortalError`` in
Chinese when the work raised or the child died (never waiting for a child that is gone). A build
that fails meanwhile calls ``stop``, which ends the child. Where forking is unavailable or
unsafe (``can_fork``: another thread runs), the work is done in-process at once: the same
result, later.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from ..findings import PortalError

T = TypeVar("T")
MESSAGE_LIMIT = 2000     # characters of an error message sent back by a child
STOP_SECONDS = 5         # how long a child asked to stop may take to clean up before it is killed


def can_fork() -> bool:
    """Forking is safe here: a POSIX system that offers it (not macOS, whose system libraries
    do not survive it) and no other thread running, which might hold a lock the child needs."""
    return (os.name == "posix" and sys.platform != "darwin"
            and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1)


def _failure(what: str, exc: BaseException) -> str:
    return f"{what}时出错：{type(exc).__name__}: {exc}"[:MESSAGE_LIMIT]


class _Stopped(BaseException):
    """The parent ended the child (``stop``: SIGTERM)."""


def _stopped(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise _Stopped


def _child(work: Callable[[], Any], what: str, report: Connection) -> None:
    """The child process: do the work, then send (True, result) or (False, what went wrong).

    Ctrl+C reaches the whole process group: the child ignores it and lets the parent stop it.
    Stopped (SIGTERM), it unwinds, so that the work's temporary files are removed, and ends
    without a word: the parent is no longer listening."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stopped)
    try:
        outcome: tuple[bool, Any] = (True, work())
    except _Stopped:
        report.close()
        return
    except BaseException as exc:      # whatever it is, the parent must hear of it
        traceback.print_exc()         # the details, on the build's stderr
        outcome = (False, _failure(what, exc))
    report.send(outcome)
    report.close()


class Background(Generic[T]):
    """One piece of work: running in a child process, or already done."""

    def __init__(self, what: str, *, process: BaseProcess | None = None, report: Connection | None = None,
                 outcome: tuple[bool, Any] | None = None) -> None:
        self.what = what                  # 生成下载文件, 生成页面: for the messages
        self.process, self.report, self.outcome = process, report, outcome

    @classmethod
    def start(cls, work: Callable[[], T], what: str, *, fork: bool | None = None) -> Background[T]:
        """Start ``work``: in a forked child when ``fork`` (by default: when ``can_fork()``),
        otherwise in-process before returning."""
        if can_fork() if fork is None else fork:
            context: Any = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(work, what, send), name=f"portal: {what}",
                                      daemon=True)
            process.start()
            send.close()              # the child's end: the parent reads EOF if the child dies
            return cls(what, process=process, report=receive)
        try:
            return cls(what, outcome=(True, work()))
        except Exception as exc:
            return cls(what, outcome=(False, _failure(what, exc)))

    @property
    def running(self) -> bool:
        return self.process is not None

    def finish(self) -> T:
        """Wait for the work; its result, or ``PortalError`` if it failed."""
        if self.process is not None and self.report is not None:
            process, report = self.process, self.report
            self.process = self.report = None
            try:
                wait([report, process.sentinel])     # a result, or the child's end
                self.outcome = report.recv() if report.poll() else None
            except (EOFError, OSError):               # it died while sending
                self.outcome = None
            finally:
                report.close()
            process.join()
            if self.outcome is None:
                self.outcome = (False, f"{self.what}的子进程意外结束（退出码 {process.exitcode}）")
        assert self.outcome is not None
        done, value = self.outcome
        if not done:
            raise PortalError(value)
        return value

    def stop(self) -> None:
        """End the child if it still runs (the build failed or was interrupted meanwhile)."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join(STOP_SECONDS)
            if self.process.is_alive():     # stuck where a signal handler cannot run
                self.process.kill()
                self.process.join()
            self.process = None
        if self.report is not None:
            self.report.close()
            self.report = None
