"""What ``portal serve`` keeps between its builds (``Session``), and its two work folders of an
audience: it serves one while MkDocs builds in the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evaluate.facts import ProjectFacts
from ..load.parsed import Parsed
from .place import point
from .publish import KeptHistory, OnRequest
from .sitecache import WorkFolder

PREVIEW = ".preview"    # the suffix of the preview's second work folder of an audience


@dataclass
class Session:
    """What one process keeps between its builds (``portal serve``): the clean parses of the
    data files, the history read for the commit checked out and the facts of each project. A
    save then parses and evaluates one project and reads no history; the site is the one a
    fresh build makes, but for its downloads, which the preview's server makes when asked
    (``downloads``: those of the last good build), and which the 数据下载 page therefore
    lists as 打开时生成 instead of giving their sizes.

    Its first build starts from the build cache's parses (``load.parsed``, left by the last
    ``portal build`` or preview) and saves them for the next start.

    Worth it: ``portal serve`` at 1,000 demo projects, one saved project file to the rebuilt
    site, four alternating runs each: best 10.2 s with the session and 13.8 s without (26 %),
    medians 14.1 s and 16.0 s (12 %). Starting from the cache's parses: the preview's first
    build with the rest of the cache warm 4.95-5.95 s against 6.20-7.94 s starting with none,
    three alternating runs (medians 5.50 and 7.66 s) (2026-12-04)."""

    parsed: Parsed = field(default_factory=Parsed)
    history: KeptHistory = field(default_factory=KeptHistory)
    projects: dict[str, ProjectFacts] = field(default_factory=dict)   # ``evaluate``'s ``kept``
    clean: set[str] = field(default_factory=set)    # project files the rule checks passed
    downloads: OnRequest | None = None
    shown: WorkFolder | None = None     # the work folder whose site the preview serves (locked)
    themes: dict[str, Any] = field(default_factory=dict)   # MkDocs' theme environment (``KeptTheme``)

    def work_folder(self, top: Path, audience: str, config: dict[str, Any]) -> WorkFolder | None:
        """The work folder for the next build: of the audience's two, the one not shown, so
        that MkDocs never writes into the site being served and nothing is copied after a
        build. It starts from the shown one's pages when it holds none of its own."""
        if self.shown is None:
            return WorkFolder.open(WorkFolder.folder_of(top, audience), config)
        target = _other(self.shown.root)
        self.shown.prime(target)
        return WorkFolder.open(target, config)

    def show(self, folder: WorkFolder, out: Path) -> None:
        """Serve ``folder``'s site from now on: ``out`` becomes a link to it, swapped at once;
        the folder shown until now is let go, and made ready for the next build.

        Worth it: a save in ``portal serve`` at 1,000 demo projects, medians of three saves in
        each of five runs 5.3, 6.9, 4.2, 4.7, 5.1 s, against 6.9, 6.7, 5.9 s in three runs
        (and 7.5 s in one beside a test run) copying the 111 MB site out of the work folder and
        swapping it in, alternating runs (2026-12-04)."""
        point(out, folder.site)
        if self.shown is not None:
            self.shown.close()
        self.shown = folder
        folder.prime(_other(folder.root))

    def close(self) -> None:
        if self.shown is not None:
            self.shown.close()
            self.shown = None


def _other(root: Path) -> Path:
    """The other of an audience's two work folders: ``portal build``'s and the preview's."""
    return root.with_name(root.name.removesuffix(PREVIEW) if root.name.endswith(PREVIEW) else root.name + PREVIEW)


__all__ = ["PREVIEW", "Session"]
