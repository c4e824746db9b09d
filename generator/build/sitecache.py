"""MkDocs' work folder, kept between builds, so that MkDocs rebuilds only the pages that changed.

``.cache/portal/site/<audience>/`` in the data repository (ignored by git) holds ``docs/``, what
MkDocs read last time, ``site/``, what it wrote, and ``state.json``: the key of everything a
page's HTML depends on besides its own text (the MkDocs configuration, the generator's code,
templates, theme and assets, the versions of MkDocs, Material, Markdown and jieba), the stash
token, and a hash of every generated page as rendered (its Markdown *and* the HTML blocks the
stash keeps out of it).

A build renders every page as before, writes the docs into a fresh folder and ``sync``\\ s them
into ``docs/``: a file whose bytes (and, for a generated page, whose hash) are the same is not
touched, so MkDocs' dirty build (``build(config, dirty=True)``: a page is rebuilt when its
source is newer than its output) skips it; a removed file goes, with its output. The search
index is completed from the previous one (``plugins.WholeIndex``). Every page's navigation
is the same from build to build only when the navigation names every page's title (nav entries
without a title take it from the page): otherwise the build is full.

A preview (``portal serve``) has a second folder per audience, ``<audience>.preview``: it serves
one folder's site while MkDocs builds in the other (``site.Session``), and ``prime`` starts a
folder that holds no pages of the current key from the other's.

Never trusted beyond its key: a missing, unreadable or foreign ``state.json``, another key, a
navigation without titles, or a folder another build holds (``flock``) gives a full build
(the first two with a one-line notice). ``state.json`` is removed while MkDocs runs and written
again only after a build that succeeded, so an interrupted build leaves no state to trust.

Worth it: at 1,000 demo projects MkDocs took 12.8 s in a full build and 1.5 s in a dirty one after
one changed project (one in-process build each, phase by phase, 2026-12-04); the whole warm rebuild
went from 6.23x to 3.52x the plain MkDocs floor (benchmarks/results/rebuild.txt).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..buildcache import cache_root, code_fingerprint, notice, write_atomically
from .stash import new_token
from .words import FILE as WORDS

FORMAT = 1
# Not part of a page's HTML: where MkDocs reads and writes.
WHERE = ("docs_dir", "site_dir")


def page_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_key(config: dict[str, Any]) -> str:
    shown = {key: value for key, value in config.items() if key not in WHERE}
    text = yaml.safe_dump(shown, allow_unicode=True, sort_keys=True)
    return hashlib.sha256(f"{FORMAT} {code_fingerprint()}\n{text}".encode()).hexdigest()


def titled(nav: Any) -> bool:
    """Every entry of the navigation gives its title (``- 标题: page.md``)."""
    if isinstance(nav, list):
        return all(titled(entry) for entry in nav)
    if isinstance(nav, dict):
        return len(nav) == 1 and all(titled(v) if isinstance(v, list) else True for v in nav.values())
    return False


@dataclass
class WorkFolder:
    """One audience's MkDocs work folder, locked for the build that opened it."""

    root: Path
    key: str
    token: str
    dirty: bool                                         # MkDocs may skip unchanged pages
    pages: dict[str, str] = field(default_factory=dict)  # docs path -> hash, last build
    renders: dict[str, str] = field(default_factory=dict)  # docs path -> inputs' key (render.memo)
    previous_index: bytes = b""
    lock: int = -1

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def state(self) -> Path:
        return self.root / "state.json"

    @classmethod
    def open(cls, root: Path, config: dict[str, Any]) -> WorkFolder | None:
        """The folder ``root`` (``folder_of``, or the preview's second one: ``Session``), dirty
        when its state can be trusted; None when another build holds it."""
        root.mkdir(parents=True, exist_ok=True)
        lock = os.open(root / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(lock)
            return None
        try:
            folder = cls(root, cache_key(config), new_token(), dirty=False, lock=lock)
            folder._trust(titled(config.get("nav")))
            folder.state.unlink(missing_ok=True)    # until this build has succeeded
        except BaseException:
            os.close(lock)
            raise
        return folder

    @staticmethod
    def folder_of(top: Path, audience: str) -> Path:
        """Where ``portal build`` keeps the work folder of ``audience`` under ``top``'s cache."""
        return cache_root(top) / "site" / audience

    def _trust(self, nav_titled: bool) -> None:
        index = self.site / "search" / "search_index.json"
        try:
            state = json.loads(self.state.read_text(encoding="utf-8"))
            fits = (isinstance(state, dict) and state.get("format") == FORMAT
                    and isinstance(state.get("token"), str) and isinstance(state.get("pages"), dict))
            previous = index.read_bytes() if fits else b""
        except FileNotFoundError:
            state, fits, previous = None, False, b""
        except (OSError, ValueError):
            notice(f"网站缓存 {self.state} 无法读取，已忽略并完整生成")
            state, fits, previous = None, False, b""
        if fits and state is not None and state.get("key") != self.key:
            notice("生成程序、模板或网站配置已改变：本次完整生成全部网页")
        elif fits and state is not None and nav_titled:
            self.token, self.pages, self.previous_index = state["token"], state["pages"], previous
            renders = state.get("renders")
            self.renders = renders if isinstance(renders, dict) else {}
            self.dirty = True
            return
        for folder in (self.docs, self.site):
            shutil.rmtree(folder, ignore_errors=True)
        (self.root / WORDS).unlink(missing_ok=True)

    def reusable(self) -> dict[str, str]:
        """The render keys of the pages this folder still holds, Markdown and HTML."""
        if not self.dirty:
            return {}
        return {path: key for path, key in self.renders.items() if path in self.pages
                and (self.docs / path).is_file() and (self.site / _output(path)).is_file()}

    def sync(self, fresh: Path, hashes: dict[str, str], always: set[str],
             kept: Collection[str] = ()) -> set[str]:
        """Make ``docs/`` hold what ``fresh`` holds, and the pages in ``kept`` (not rendered
        again: ``reusable``) as they are, touching only what changed: a file whose bytes
        differ, a generated page whose hash differs, and the pages in ``always``. Files that
        are gone are removed with their output. The docs paths of the pages written."""
        written: set[str] = set()
        seen: set[str] = set(kept)
        for folder, _, names in os.walk(fresh):
            for name in names:
                source = Path(folder, name)
                path = source.relative_to(fresh).as_posix()
                seen.add(path)
                target = self.docs / path
                if (path not in always and self.dirty and hashes.get(path) == self.pages.get(path)
                        and _same(source, target) and (self.site / _output(path)).is_file()):
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
                written.add(path)
        for target in [p for p in self.docs.rglob("*") if p.is_file()]:
            path = target.relative_to(self.docs).as_posix()
            if path not in seen:
                target.unlink()
                (self.site / _output(path)).unlink(missing_ok=True)
        self.pages = {**hashes, **{path: self.pages[path] for path in kept}}
        return written

    def succeeded(self, renders: dict[str, str]) -> None:
        """Keep the state for the next build (atomically: a temporary file renamed)."""
        write_atomically(self.state, json.dumps({"format": FORMAT, "key": self.key, "token": self.token,
                                                 "pages": self.pages, "renders": renders}).encode())

    def prime(self, root: Path) -> None:
        """Make the work folder ``root`` hold what this one does, state included, unless it
        already holds pages of the same key or another build holds it: a build there then
        starts from this one's pages instead of from nothing (the preview's second folder)."""
        root.mkdir(parents=True, exist_ok=True)
        lock = os.open(root / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _key(root / "state.json") == self.key:
                return
            (root / "state.json").unlink(missing_ok=True)
            for name in ("docs", "site"):
                shutil.rmtree(root / name, ignore_errors=True)
                shutil.copytree(self.root / name, root / name, symlinks=True)
            shutil.copy2(self.state, root / "state.json")   # last: the copy is whole
        except OSError:     # held by another build, or not copied: that build starts afresh
            pass
        finally:
            os.close(lock)

    def close(self) -> None:
        if self.lock >= 0:
            os.close(self.lock)     # releases the lock
            self.lock = -1


def _key(state: Path) -> str | None:
    try:
        found = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found.get("key") if isinstance(found, dict) and found.get("format") == FORMAT else None


def _output(path: str) -> str:
    """Where MkDocs writes what it reads from docs ``path`` (``use_directory_urls: false``)."""
    return path[:-3] + ".html" if path.endswith(".md") else path


def _same(source: Path, target: Path) -> bool:
    try:
        return target.stat().st_size == source.stat().st_size and target.read_bytes() == source.read_bytes()
    except OSError:
        return False


__all__ = ["WorkFolder", "cache_key", "page_hash", "titled"]
