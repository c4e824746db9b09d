"""What a build publishes beside the pages: the git history it reads once, and the files it
writes into the site — Atom feeds, the downloads and the JSON Schemas.

``Published.prepare`` is the build's I/O edge for all of this: it reads the history of the
data folder (``generator.history``, never raising: a folder outside git, a shallow clone or
a failing git give a history that says what is missing), and produces the feeds and schemas
as bytes from the same records and facts as the pages. The renderer receives the history as
data (``iter_pages(**published.page_options)``); ``write`` puts these files into the docs
folder, whence MkDocs copies them into the site unchanged.

The downloads (the four exports) depend on nothing the pages do and take seconds, so
``Downloads.start`` makes them in a child process forked with the records and facts already in
memory, while the parent renders the pages and runs MkDocs. The build starts it before the
history is in the parent, so the child never holds the history, which another child read
meanwhile (``build.ahead``: while the parent loaded, validated and evaluated; ``prepare`` reads
it itself when that child's is not there). The build then waits for them
(``Downloads.finish``: their sizes, or a ``PortalError`` when the child failed or died) and
moves them into the site. Where forking is unavailable or unsafe (see ``generator.build.background``)
they are made in-process at the start. A preview (``portal serve``) makes none: its server makes
each when it is asked for (``OnRequest``).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..buildcache import value_digest
from ..evaluate.facts import Facts
from ..export import export_bytes, write_export
from ..findings import PortalError
from ..history import History, Revision, atom_feed, read_history
from ..history.feed import ATOM, base_url
from ..records import Records
from ..render import Audience
from ..render.downloads import DOWNLOADS, schema_path
from ..render.history_view import feed_path
from ..render.text import page_url
from ..render.views import project_path, unit_path
from ..schemas import SCHEMA_DIR, SCHEMA_FILES
from .background import Background

# Feeds need absolute addresses. Without ``site_url`` in mkdocs.yml they are built against
# this placeholder, whose links are then made relative to the feed itself (RFC 4287 allows
# relative references, resolved against the feed's own address), and whose id becomes a
# urn:uuid name that does not depend on where the site is published.
PLACEHOLDER = "https://site-url.invalid/"
FEED_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://jimsar-portal/feeds")
NO_SITE_URL = (" site_url is not set in mkdocs.yml: links in this feed are relative to the"
               " feed's own address. Set site_url for absolute links. ")


def site_url_of(config: Mapping[str, Any]) -> str | None:
    """``site_url`` from mkdocs.yml, checked and ending with "/", or None when it is not set."""
    value = config.get("site_url")
    if not value:
        return None
    try:
        return base_url(str(value))
    except ValueError:
        raise PortalError(f"mkdocs.yml 中的 site_url“{value}”应为以 http:// 或 https:// 开头的完整网址，"
                          "如 https://touzi.example.gov.cn/") from None


# Who a commit is from on public pages: a person's name is not published.
UNKNOWN_AUTHOR = "数据维护人员"


def public_authors(history: History, units: Mapping[str, Mapping[str, Any]]) -> History:
    """The history with each commit's author shown as the unit whose ``git_identities`` list
    the name (units.yaml), else ``UNKNOWN_AUTHOR``: the public site names units, not people."""
    by_name = {str(name): str(unit.get("name") or uid) for uid, unit in sorted(units.items())
               for name in unit.get("git_identities") or []}

    def shown(r: Revision) -> Revision:
        return replace(r, author=by_name.get(r.author, UNKNOWN_AUTHOR))

    revisions = tuple(shown(r) for r in history.revisions)
    same = {id(old): new for old, new in zip(history.revisions, revisions, strict=True)}
    return replace(history, revisions=revisions, by_project={
        pid: tuple(same[id(r)] for r in revs) for pid, revs in history.by_project.items()})


def _head(data_dir: Path) -> str | None:
    """The commit checked out in the data folder's repository, None outside git."""
    try:
        done = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=data_dir,
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


@dataclass
class KeptHistory:
    """What ``portal serve`` keeps of the history between saves: the history last read, by
    the commit checked out, the audience and the names and units it shows (a save that
    commits nothing reads no history), and the feeds last made of it, by what else they show.

    The feeds: 0.21 s of a save at 1,000 demo projects (means of five saves), none now; with
    the kept theme (``plugins.KeptTheme``, where the three are measured together) (2026-12-04)."""

    key: str | None = None
    history: History | None = None
    feeds_key: str | None = None
    feeds: dict[str, bytes] = field(default_factory=dict)


def names_key(records: Records) -> str | None:
    """The digest of the tables whose names and identities a history's texts and authors show."""
    return value_digest((records.approval_items, records.units, records.leaders, records.townships))


def site_history(data_dir: Path, records: Records, audience: Audience, *, cache: bool = False,
                 kept: KeptHistory | None = None) -> History:
    """The history of the data folder as this audience may see it, with names for the ids
    (and, for the public, units instead of people as authors); ``kept``: ``KeptHistory``."""
    head = _head(data_dir) if kept is not None else None
    key = None
    if kept is not None and head is not None:
        key = value_digest((head, audience, str(data_dir.resolve()), names_key(records)))
        if key is not None and key == kept.key and kept.history is not None:
            return kept.history
    history = _site_history(data_dir, records, audience, cache=cache)
    if kept is not None and key is not None:
        kept.key, kept.history, kept.feeds_key = key, history, None
    return history


def _site_history(data_dir: Path, records: Records, audience: Audience, *, cache: bool) -> History:
    def names(table: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
        return {key: str(value.get("name", key)) for key, value in table.items()}

    history = read_history(data_dir, item_names=names(records.approval_items),
                           unit_names=names(records.units), leader_names=names(records.leaders),
                           township_names=names(records.townships), audience=audience, cache=cache)
    return public_authors(history, records.units) if audience == "public" else history


def _relative(xml: bytes, path: str) -> bytes:
    """A feed built against ``PLACEHOLDER`` with links relative to ``path`` instead."""
    root = ET.fromstring(xml)
    up = "../" * path.count("/")
    for link in root.iter(f"{{{ATOM}}}link"):
        href = link.get("href", "")
        if href.startswith(PLACEHOLDER):
            link.set("href", up + href[len(PLACEHOLDER):])
    feed_id = root.find(f"{{{ATOM}}}id")
    if feed_id is not None:
        feed_id.text = f"urn:uuid:{uuid.uuid5(FEED_ID_NAMESPACE, path)}"
    root.insert(0, ET.Comment(NO_SITE_URL))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def feeds(history: History, records: Records, site_url: str | None, site_name: str,
          kept: KeptHistory | None = None) -> dict[str, bytes]:
    """``feed.xml`` for every project and ``feeds/<unit>.xml`` for each unit's projects.

    ``site_url`` is the checked address ending with "/" (``site_url_of``), or None. ``kept``:
    those made last time, reused when made of the same history (the one ``kept`` holds) and
    the same lead units, unit names, address and site name."""
    project_units = {pid: str(p.get("lead_unit", "")) for pid, p in records.projects.items()}
    if kept is not None and kept.history is history:
        key = value_digest((site_url, site_name, project_units,
                            {uid: unit.get("name", uid) for uid, unit in records.units.items()}))
        if key is None or key != kept.feeds_key:
            kept.feeds_key, kept.feeds = key, _feeds(history, records, site_url, site_name, project_units)
        return kept.feeds
    return _feeds(history, records, site_url, site_name, project_units)


def _feeds(history: History, records: Records, site_url: str | None, site_name: str,
           project_units: dict[str, str]) -> dict[str, bytes]:
    root = site_url or PLACEHOLDER

    def page(pid: str) -> str:
        return page_url(project_path(pid))

    def feed(path: str, title: str, home: str, unit: str | None = None) -> bytes:
        xml = atom_feed(history, root, title, unit=unit, project_units=project_units,
                        feed_path=path, page_path=home, project_page=page,
                        list_page="projects/index.html")
        return xml if site_url else _relative(xml, path)

    out = {feed_path(): feed(feed_path(), f"{site_name}：数据动态", "index.html")}
    for uid, unit in sorted(records.units.items()):
        out[feed_path(uid)] = feed(feed_path(uid), f"{unit.get('name', uid)}招引项目的数据动态",
                                   page_url(unit_path(uid)), uid)
    return out


def write_downloads(records: Records, facts: Facts, site_url: str | None, folder: Path) -> dict[str, int]:
    """Write the exports under ``folder`` at their site paths, exactly as ``portal export``
    writes them (public data only, always), one at a time, each straight into its file
    (``write_export``); their sizes."""
    sizes = {}
    for d in DOWNLOADS:
        target = folder / d.path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            write_export(d.format, records, facts, out, site_url)
        sizes[d.path] = target.stat().st_size
    return sizes


@dataclass
class Downloads:
    """The exports under ``folder``: being made by a child process (``generator.build.background``),
    or already made; none at all for a preview (``work`` None: ``OnRequest`` serves them)."""

    folder: Path
    work: Background[dict[str, int]] | None

    @classmethod
    def start(cls, records: Records, facts: Facts, site_url: str | None, folder: Path, *,
              fork: bool | None = None) -> Downloads:
        """Start making the exports (in a forked child when ``fork``, by default when it is safe)."""
        folder.mkdir(parents=True, exist_ok=True)
        work = functools.partial(write_downloads, records, facts, site_url, folder)
        return cls(folder, Background.start(work, "生成下载文件", fork=fork))

    @property
    def on_request(self) -> bool:
        """A preview's: none made here, its server makes each when opened."""
        return self.work is None

    def finish(self) -> dict[str, int]:
        """Wait for the exports; their sizes by site path. ``PortalError`` if they failed."""
        return self.work.finish() if self.work is not None else {}

    def stop(self) -> None:
        """End the child if it still runs (the build failed or was interrupted meanwhile)."""
        if self.work is not None:
            self.work.stop()

    def move_into(self, site: Path) -> None:
        """Move the finished exports into the built site, at their paths."""
        for path in self.finish():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(self.folder / path, target)


class OnRequest:
    """A preview's downloads, made when a reader asks for one (``portal serve``), from the
    records and facts of the last good build, and kept until the next. A save then waits for
    none of them: at 1,000 projects they take six seconds of the second core, which the
    preview's rebuild wants, and the clerk seldom opens them. Worth it: one saved project file
    to the rebuilt preview at 1,000 demo projects, six saves each way, alternating: median
    6.67 s with the downloads on request, 7.50 s with them made by a forked child on every save
    (11 %; in ``portal serve``, whose threads forbid forking, they were made in-process: six
    seconds more) (2026-12-04)."""

    def __init__(self, records: Records, facts: Facts, site_url: str | None) -> None:
        self.records, self.facts, self.site_url = records, facts, site_url
        self.made: dict[str, bytes] = {}
        self.lock = threading.Lock()     # the server's threads: each file made once

    def file(self, path: str) -> bytes | None:
        """The download at site path ``path``, or None if there is none there."""
        download = next((d for d in DOWNLOADS if d.path == path), None)
        if download is None:
            return None
        with self.lock:
            if path not in self.made:
                self.made[path] = export_bytes(download.format, self.records, self.facts, self.site_url)
            return self.made[path]


def schemas() -> dict[str, bytes]:
    """The tool's JSON Schemas at ``schema/<name>.schema.json``, byte for byte."""
    return {schema_path(name): (SCHEMA_DIR / name).read_bytes() for name in SCHEMA_FILES.values()}


@dataclass
class Published:
    history: History | None          # None once the pages are written (``drop_history``)
    site_url: str | None
    files: dict[str, bytes] = field(default_factory=dict)   # site path -> content (feeds, schemas)

    @classmethod
    def prepare(cls, data_dir: Path, records: Records, audience: Audience,
                config: Mapping[str, Any], *, cache: bool = False,
                kept: KeptHistory | None = None, history: History | None = None) -> Published:
        """Read the history (once; unless given: ``ahead``) and make the feeds and schemas, for
        this build's audience and config (the downloads: ``Downloads.start``)."""
        site_url = site_url_of(config)
        if history is None:
            history = site_history(data_dir, records, audience, cache=cache, kept=kept)
        site_name = str(config.get("site_name") or "吉木萨尔县社会投资项目公开平台")
        return cls(history, site_url, {**feeds(history, records, site_url, site_name, kept), **schemas()})

    @property
    def page_options(self) -> dict[str, Any]:
        """What ``iter_pages`` needs to know of these files (the downloads' sizes come later)."""
        if self.history is None:
            raise RuntimeError("the history was dropped: the pages are already written")
        return {"history": self.history, "site_url": self.site_url}

    def drop_history(self) -> None:
        """Let the history go once the pages that show it are written (the feeds are bytes
        already): at 4,000 projects it is a few hundred MB that MkDocs can use instead."""
        self.history = None

    def write(self, docs_dir: Path) -> list[str]:
        """Write the feeds and schemas into the docs folder; the paths, downloads included, that
        a hand-written file already holds."""
        paths = [*self.files, *(d.path for d in DOWNLOADS)]
        clashes = [path for path in paths if (docs_dir / path).exists()]
        if not clashes:
            for path, data in self.files.items():
                target = docs_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        return clashes
