"""Build: records and facts -> pages -> MkDocs (Material) -> the site folder.

The generated pages are written, together with the hand-written docs/, into a docs folder
(generated pages are never committed nor mixed with hand-written ones in git). With the cache,
that folder and MkDocs' output are kept between builds (``sitecache``) and MkDocs rebuilds only
the pages that changed; without it, both are made afresh. Only a build that fully succeeded
replaces ``--out`` (``place``), so a failed build (invalid data, a MkDocs warning in strict mode,
a failed download) leaves the last good site, and files that did not change keep their time.
A preview's ``--out`` is instead a link to the work folder last built (``Session.show``).
The downloads are made meanwhile by a child process (``publish.Downloads``): once MkDocs is done,
the build waits for them, moves them into the site and puts the real file sizes into the 数据下载
page (``Stash.finish_late``).
"""

from __future__ import annotations

import datetime as dt
import gc
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import yaml

from ..evaluate.facts import Facts
from ..findings import PortalError, render
from ..load.parsed import Parsed
from ..pipeline import load_and_evaluate
from ..records import Records
from ..render import DOWNLOADS_PAGE, Audience, iter_pages, render_downloads
from ..render.edit_links import EditLinks, edit_links
from ..render.memo import UNCHANGED, RenderMemo
from .ahead import HistoryAhead
from .config import ASSET_PATH, ASSETS, load_base_config, site_config, site_sources
from .handwritten import copy_handwritten
from .memory import collect_less, release_free_memory
from .place import check_out_dir, keep_unchanged_times, offline_search_index, swap_into_place
from .plugins import PROGRESS_EVERY, KeptTheme, Restore, WholeIndex, run_mkdocs, theme_keepable
from .publish import Downloads, OnRequest, Published, site_url_of
from .session import Session
from .sitecache import WorkFolder, page_hash
from .stash import Stash, StashError, split
from .words import KeptWords, keepable


@dataclass
class BuildResult:
    ok: bool
    out: Path
    pages: int = 0
    red: int = 0
    yellow: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)   # for the data keepers (rules, calendar)
    rebuilt: int | None = None                         # pages MkDocs wrote, when fewer than all

    def summary(self) -> str:
        again = f"（其中 {self.rebuilt} 个有改动而重新生成）" if self.rebuilt is not None else ""
        return (f"网站已生成：{self.pages} 个网页{again}，红色项目 {self.red} 个，黄色项目 {self.yellow} 个，"
                f"用时 {self.seconds:.1f} 秒（{self.out}）")


@collect_less()
def build_site(data_dir: Path, out: Path, as_of: dt.date, audience: Audience = "public", *,
               progress: TextIO | None = None, fast: bool = True, cache: bool = False,
               session: Session | None = None) -> BuildResult:
    """Validate, evaluate, render and build; replace ``out`` only if everything succeeded.

    ``fast=False`` builds with MkDocs the plain way, for comparison in the tests: the generated
    pages handed over whole (``stash.split`` not applied). The site is the same, byte for
    byte, but for its much larger search index.
    ``cache``: keep the data files' clean parses (``load.parsed``), what comparing the
    history's versions found (``history.cache``) and MkDocs' work folder (``sitecache``); the
    site is the same, byte for byte. ``session``: what
    this process kept from its earlier builds (``Session``)."""
    started = time.monotonic()
    check_out_dir(out, data_dir)
    # Meanwhile a child reads the history (``ahead``); a preview keeps its own between saves.
    ahead = HistoryAhead.start(data_dir, audience, cache=cache) if session is None else None
    try:
        top = data_dir.resolve().parent
        # A preview's first build starts from the build cache's parses, and leaves them for the
        # next (until one succeeded, a preview keeps all it parsed besides).
        first = session is not None and cache and session.shown is None
        if session is not None and first and not session.parsed.texts:
            session.parsed = Parsed.open(top)
        parsed = session.parsed if session is not None else Parsed.open(top) if cache else None
        kept, clean = (session.projects, session.clean) if session is not None else (None, None)
        result = load_and_evaluate(data_dir, as_of, parsed, kept, clean)
        if session is not None and not first:
            session.parsed.forget_unused()
        if result.facts is None or result.records is None:
            return BuildResult(False, out, errors=[render(result.findings, "text", result.data.file_count)])
        result.data.drop_sources()
        config_path, docs = site_sources(data_dir)
        base = load_base_config(config_path)
        job = Job(result.records, result.facts, audience, out, base, docs,
                  edit=edit_links(base, data_dir, config_path.parent), progress=progress, fast=fast,
                  cache_top=top if cache else None, started=started, session=session)
        del result      # the job holds the records and facts, and lets them go once it can
        built = _publish(job, data_dir, cache, ahead)
        if built.ok and parsed is not None and (session is None or first):
            parsed.save(top)    # (a refused build writes nothing beside the data)
        if session is not None and first:
            session.parsed.forget_unused()
        return built
    finally:
        if ahead is not None:
            ahead.stop()


def _publish(job: Job, data_dir: Path, cache: bool, ahead: HistoryAhead | None) -> BuildResult:
    """The job run with the history, feeds and schemas, and the downloads made meanwhile."""
    session = job.session
    # Records and facts live until the pages are written: move them out of the cyclic garbage
    # collector's way, which otherwise scans them again and again while pages are rendered and
    # built (a tenth of the render and MkDocs time at 4,000 projects). Frozen before the
    # downloads' child is forked, more of their memory stays shared between the two. A
    # preview collects the garbage of a save once its page is shown (``PreviewServer``), not
    # while the clerk waits for it (0.25 s of a save at 1,000 projects).
    if session is None:
        gc.collect()
    gc.freeze()
    try:
        job.out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="portal-build-") as work:
            # Forked before the history is here, the downloads' child never holds it.
            folder = Path(work) / "downloads"
            downloads = Downloads(folder, None) if session is not None else \
                Downloads.start(job.records, job.facts, site_url_of(job.base), folder)
            try:
                published = Published.prepare(
                    data_dir, job.records, job.audience, job.base, cache=cache,
                    kept=session.history if session is not None else None,
                    history=ahead.history(job.records) if ahead is not None else None)
                gc.freeze()   # the history too, until the pages are written
                built = job.run(published, downloads, Path(work) / "docs")
            finally:
                downloads.stop()
            if built.ok and session is not None:
                session.downloads = OnRequest(job.records, job.facts, site_url_of(job.base))
            return built
    finally:
        gc.unfreeze()   # the data frozen for the build is garbage like any other again


@dataclass
class Job:
    """One build from its records and facts: ``run`` renders, builds and places the site."""

    records: Records
    facts: Facts
    audience: Audience
    out: Path
    base: dict[str, Any]
    handwritten: Path | None
    edit: EditLinks | None = None
    progress: TextIO | None = None
    fast: bool = True
    cache_top: Path | None = None
    started: float = 0.0
    stash: Stash = field(default_factory=Stash)
    hashes: dict[str, str] = field(default_factory=dict)
    memo: RenderMemo | None = None      # with the cache: pages whose inputs are known
    kept: set[str] = field(default_factory=set)   # pages not rendered again (``memo``)
    session: Session | None = None      # a preview's: its site is served from the work folder

    def fail(self, *errors: str) -> BuildResult:
        return BuildResult(False, self.out, errors=list(errors))

    def run(self, published: Published, downloads: Downloads, docs_dir: Path) -> BuildResult:
        """Render the pages into ``docs_dir``, build them with MkDocs, add the downloads, and
        swap the new site into place."""
        if self.handwritten is not None:   # refused before anything is written beside the data
            refused = copy_handwritten(self.handwritten, docs_dir)
            if refused:
                return self.fail(*refused)
        config = site_config(self.base, docs_dir=docs_dir, site_dir=docs_dir, audience=self.audience)
        folder = self._work_folder(config)
        if folder is not None:   # its pages were split with its token: so are this build's
            self.stash.token = folder.token
            self.memo = RenderMemo(folder.reusable())
        # Beside --out, so the final rename stays on one file system; absolute, because MkDocs
        # resolves a relative site_dir against the config file's (temporary) folder. Named
        # before it is made, so that nothing (a signal included) can leave it behind unnamed.
        staging = self.out.resolve().parent / f".{self.out.name}.building-{secrets.token_hex(4)}"
        try:
            refused = self._write_docs(published, downloads, docs_dir)
            if refused:
                return self.fail(*refused)
            red, yellow = self._counts()
            if self.session is None:    # a preview keeps them for its next save
                self._let_go()
            built = self._mkdocs(config, docs_dir, staging, folder)
            if isinstance(built, BuildResult):
                return built
            if self.session is not None and folder is not None:   # a preview: no copy, no swap
                self._finish(folder.site, downloads, published)
                self.session.show(folder, self.out)
                folder = None      # kept locked while it is shown
            else:
                self._finish(staging, downloads, published)
                if self.out.is_dir():
                    keep_unchanged_times(staging, self.out)
                swap_into_place(staging, self.out)
        except (PortalError, StashError) as exc:
            return self.fail(str(exc))
        finally:
            if folder is not None:
                folder.close()
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(True, self.out, pages=built[0], red=red,
                           yellow=yellow, seconds=time.monotonic() - self.started,
                           notices=[w.message for w in self.facts.warnings], rebuilt=built[1])

    def _counts(self) -> tuple[int, int]:
        """Red and yellow projects, for the build's summary line."""
        colours = [p.colour for p in self.facts.projects]
        return colours.count("red"), colours.count("yellow")

    def _let_go(self) -> None:
        """Once the pages are written, of the records and facts the build needs only what the
        数据下载 page shows (the date, the warnings): the rest goes before MkDocs runs, and the
        memory freed goes back to the system. At 4,000 demo projects MkDocs then runs in about
        630 MiB instead of 750-820 MiB, for 0.15 s (a full garbage collection first would take
        another 45 MiB off for 0.9 s more); at 10,000, with that collection, in about 1,100 MiB
        instead of 1,550 (2026-12-04). The build's peak comes earlier, while the history is
        read beside the downloads' child."""
        self.records = replace(self.records, projects={})
        self.facts = replace(self.facts, projects=(), county=(), scores=(), previous_scores=(),
                             accountability=None)
        release_free_memory()

    def _work_folder(self, config: dict[str, Any]) -> WorkFolder | None:
        """MkDocs' kept work folder (``sitecache``), with the cache; a preview has two."""
        if self.cache_top is None:
            return None
        if self.session is not None:
            return self.session.work_folder(self.cache_top, self.audience, config)
        return WorkFolder.open(WorkFolder.folder_of(self.cache_top, self.audience), config)

    def _write_docs(self, published: Published, downloads: Downloads, docs_dir: Path) -> list[str]:
        """The docs folder, beside the hand-written pages: assets, generated pages, feeds and
        schemas; the refusals (a hand-written file in a generated one's way)."""
        docs_dir.mkdir(exist_ok=True)
        shutil.copytree(ASSETS, docs_dir / ASSET_PATH)
        options = published.page_options
        if not self.fast:   # the plain way: the downloads page rendered at once, with the sizes
            options = {**options, "download_sizes": downloads.finish()}
        sample = bool(((self.base.get("extra") or {}).get("portal") or {}).get("sample_data"))
        pages = iter_pages(self.records, self.facts, self.audience, sample_data=sample, edit=self.edit,
                           memo=self.memo, **options)
        clash = self._write_pages(pages, docs_dir)
        del options
        published.drop_history()   # in the pages now; MkDocs can use its memory
        if clash is not None:
            return [f"手写页面 docs/{clash} 与生成的页面同名，请改名"]
        return [f"手写的 docs/{p} 与生成的文件同名，请改名" for p in published.write(docs_dir)]

    def _write_pages(self, pages: Iterable[tuple[str, str]], docs_dir: Path) -> str | None:
        """Write the pages for MkDocs (their HTML blocks kept in the stash when ``fast``); the
        first page that a hand-written page of the same name is in the way of, if any."""
        for count, (path, text) in enumerate(pages, start=1):
            target = docs_dir / path
            if target.exists():
                return path
            if text == UNCHANGED:
                self.kept.add(path)
                continue
            parts = split(text, self.stash.token, stash=self.fast)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(parts.markdown, encoding="utf-8")
            self.stash.keep(path, parts, late=self.fast and path == DOWNLOADS_PAGE)
            self.hashes[path] = page_hash(text)
            if self.progress is not None and count % PROGRESS_EVERY == 0:
                print(f"  已写出 {count} 个页面…", file=self.progress, flush=True)
        return None

    def _mkdocs(self, config: dict[str, Any], docs_dir: Path, staging: Path,
                folder: WorkFolder | None) -> tuple[int, int | None] | BuildResult:
        """Run MkDocs: into ``staging``, or in the kept work folder, then copied to ``staging``.
        (pages in the site, pages MkDocs wrote when it skipped some) or the failure."""
        total = sum(1 for _ in docs_dir.rglob("*.md")) + len(self.kept)
        plugins: list[tuple[str, Any]] = [("portal-stash", Restore(self.stash))] if self.fast else []
        dirty = False
        if folder is not None:
            written = folder.sync(docs_dir, self.hashes, {DOWNLOADS_PAGE} if self.fast else set(), self.kept)
            self.stash.retain(written)
            dirty = folder.dirty
            if dirty:
                plugins.append(("portal-whole-index", WholeIndex(folder.previous_index)))
            config = {**config, "docs_dir": str(folder.docs), "site_dir": str(folder.site)}
            if self.session is not None and theme_keepable(config):
                plugins.append(("portal-kept-theme", KeptTheme(self.session.themes, folder.key)))
        else:
            staging.mkdir()
            config = {**config, "site_dir": str(staging)}
        config_file = docs_dir.parent / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        # A preview loads jieba's dictionary in its first build and keeps it: its saves then
        # never wait for it, as they would for the first new word with the kept cuts.
        keep_words = folder is not None and self.session is None and keepable(config)
        words = KeptWords.open(folder.root) if folder is not None and keep_words else None
        built, messages = run_mkdocs(config_file, total, self.progress, plugins=plugins, dirty=dirty,
                                     words=words)
        if messages:
            return self.fail(*messages)
        if folder is not None:
            folder.succeeded(self.memo.keys if self.memo is not None else {})
            if words is not None:
                words.save()
            if self.session is not None:    # served from the work folder itself (``Session.show``)
                return total, (built if dirty else None)
            shutil.copytree(folder.site, staging)
        staging.chmod(0o755)  # a web server must read the site, whatever the umask
        return total, (built if dirty else None)

    def _finish(self, staging: Path, downloads: Downloads, published: Published) -> None:
        """The downloads and their sizes on their page, and the offline search script."""
        if self.fast:
            page = render_downloads(self.facts, self.audience, site_url=published.site_url,
                                    download_sizes=downloads.finish(), on_request=downloads.on_request)
            self.stash.finish_late(DOWNLOADS_PAGE, page, staging)
        downloads.move_into(staging)
        offline_search_index(staging)


__all__ = ["BuildResult", "Job", "build_site"]
