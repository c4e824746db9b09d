"""The history, read by a child process while the build loads, validates and evaluates.

Reading the history (comparing the versions of the project files) needs the data folder and the
tables whose names its texts show (approval items, units, leaders, townships: ``names_key``),
not the projects. So a build starts a child at once (``background``) that loads those tables
itself and reads the history, while the parent loads, validates and evaluates on the other core;
the parent takes the history once its records are made (``history``), if the child read it with
the same tables. Otherwise (a table saved meanwhile, tables its validation refuses, a child that
failed or died) the parent reads the history itself, as it would without the child.

The child is started only for a build that keeps the cache and whose history's cache holds
compared pairs (a rebuild: most versions are known, and the child is quick and small); not where
forking is unavailable or unsafe (``background.can_fork``), nor for a preview, which keeps its
history between saves. A history read from scratch stays in the build process: read beside the
downloads' child it would add a third process's memory to the build's peak (cold builds of
4,000 demo projects: 615 MiB with the child, 585 without; the limit is 600).

The child leaves the history in a file and has ended before the parent loads it, so that the
two never hold it at once (sent through the pipe instead, the cold build's peak was 647 MiB).

Worth it: a warm ``portal build`` after one committed project change at 1,000 demo projects
(30 commits), alternating runs, medians of four: 4.83 s with the child, 5.91 s without (18 %);
it also lowered that build's peak at 4,000 projects, 830 MiB against 876 (2026-12-04).
"""

from __future__ import annotations

import functools
import os
import pickle
import tempfile
from pathlib import Path

from ..findings import PortalError
from ..history import History
from ..history.cache import pairs_folder
from ..load.dataset import load_dataset
from ..records import Records
from ..render import Audience
from .background import Background, can_fork
from .publish import names_key, site_history


def _read(data_dir: Path, audience: Audience, cache: bool, into: Path) -> str | None:
    """In the child: the history written into the file ``into``; the digest of the tables it
    was read with (None: not read)."""
    try:
        records = Records.from_dataset(load_dataset(data_dir, projects=False))
        history = site_history(data_dir, records, audience, cache=cache)
        with into.open("wb") as file:
            pickle.dump(history, file, pickle.HIGHEST_PROTOCOL)
        return names_key(records)
    except Exception:   # tables the parent's validation refuses, with a message of its own
        return None


class HistoryAhead:
    """The child reading the history of one build, and the file it leaves it in: the child
    has ended before the parent loads it, so the two never hold a history each at once."""

    def __init__(self, work: Background[str | None], into: Path) -> None:
        self.work, self.into = work, into

    @classmethod
    def start(cls, data_dir: Path, audience: Audience, *, cache: bool) -> HistoryAhead | None:
        """The child started, when forking is safe and the history's cache holds compared
        pairs (``history.cache``); else None."""
        if not (cache and can_fork() and any(pairs_folder(data_dir.resolve().parent).glob("*.json.gz"))):
            return None
        handle, name = tempfile.mkstemp(prefix="portal-history-")
        os.close(handle)
        into = Path(name)
        return cls(Background.start(functools.partial(_read, data_dir, audience, cache, into),
                                    "读取修订历史", fork=True), into)

    def history(self, records: Records) -> History | None:
        """The child's history if it was read with the tables of ``records``; else None."""
        try:
            key = self.work.finish()
        except PortalError:         # the child died: the parent reads the history itself
            key = None
        try:
            if key is None or key != names_key(records):
                return None
            with self.into.open("rb") as file:
                history: History = pickle.load(file)     # our own child's bytes, just written
            return history
        finally:
            self.into.unlink(missing_ok=True)

    def stop(self) -> None:
        """End the child if it still runs (the build failed meanwhile)."""
        self.work.stop()
        self.into.unlink(missing_ok=True)


__all__ = ["HistoryAhead"]
