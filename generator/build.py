"""Build: facts -> pages -> MkDocs (Material) -> the site folder.

The generated pages are written, together with the hand-written docs/, into a temporary
docs folder (generated pages are never committed nor mixed with hand-written ones in git);
MkDocs builds them next to ``--out``; only a build that fully succeeded replaces ``--out``,
so a failed build (invalid data, a MkDocs warning in strict mode, a failed download) leaves
the last good site. The downloads are made meanwhile by a child process (``publish.Downloads``):
once MkDocs is done, the build waits for them, moves them into the site and puts the real file
sizes into the 数据下载 page (``Stash.finish_late``). The MkDocs glue is this module only:
configuration, small plugins (progress, putting back the HTML that ``stash.split`` kept away
from Markdown and search), and the run. (Two patches of the theme's internals, a navigation
rendered once per folder and a memo of jieba's segmentation, were removed: at 1,000 projects the
build took 35.1 s with them and 32.5 s without, best of two alternating runs.)
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import pickle
import secrets
import shutil
import tempfile
import time
import zlib
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import yaml

from .edge import signals_held
from .findings import PortalError, render
from .handwritten import copy_handwritten
from .render import DOWNLOADS_PAGE, NAV, Audience, iter_pages, render_downloads
from .render.accountability import INTERNAL_ONLY
from .render.edit_links import EditLinks, edit_links
from .stash import Split, StashError, restore, split

if TYPE_CHECKING:
    from .evaluate.facts import Facts
    from .publish import Downloads, Published
    from .records import Records

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent
ASSETS = PACKAGE / "assets"
THEME_DIR = PACKAGE / "templates" / "theme"
ASSET_PATH = "assets/portal"
PROGRESS_EVERY = 100

# Material's search plugin segments Chinese text with jieba's default tokenizer and joins the
# words with U+200B (hence the separator). jieba knows 吉木萨尔县 as one word, so the index
# would hold only that token and a search for 吉木萨尔 would miss it: split the county name
# (frequency 0 removes a word) and keep a few local and industry words whole.
SEARCH_WORDS = (
    ("吉木萨尔", 200000), ("吉木萨尔县", 0), ("北庭", 50000), ("三台", 20000), ("泉子街", 20000),
    ("庆阳湖", 20000), ("准东", 50000), ("光伏", 50000), ("储能", 50000), ("煤化工", 50000),
    ("风电", 50000), ("分布式", 50000), ("新能源", 50000), ("五通一平", 50000), ("一事一议", 50000),
)
SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"


def prepare_jieba() -> None:
    """Teach jieba our words (process-wide, as Material's own ``jieba_dict_user`` would)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces its dictionary on stderr otherwise
    for word, frequency in SEARCH_WORDS:
        if frequency:
            jieba.add_word(word, frequency)
        else:
            jieba.del_word(word)


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

    def summary(self) -> str:
        return (f"网站已生成：{self.pages} 个网页，红色项目 {self.red} 个，黄色项目 {self.yellow} 个，"
                f"用时 {self.seconds:.1f} 秒（{self.out}）")


def site_sources(data_dir: Path) -> tuple[Path, Path | None]:
    """The MkDocs config and hand-written docs: beside the data folder, else the tool's own."""
    root = data_dir.resolve().parent
    config = root / "mkdocs.yml"
    if not config.is_file():
        config = PROJECT_ROOT / "mkdocs.yml"
    docs = root / "docs" if (root / "docs").is_dir() else PROJECT_ROOT / "docs"
    return config, docs if docs.is_dir() else None


def default_config() -> dict[str, Any]:
    """What a data repository without its own mkdocs.yml gets (the tool installed alone)."""
    return {
        "site_name": "吉木萨尔县社会投资项目公开平台",
        "theme": {"name": "material", "language": "zh"},
        "plugins": ["search"],
        "markdown_extensions": [{"toc": {"permalink": True}}, "tables", "admonition"],
        "not_in_nav": "/projects/*.md\n/units/*.md\n/leaders/*.md\n",
        "nav": [{title: path} for title, path in NAV],
    }


def load_base_config(path: Path) -> dict[str, Any]:
    if path.is_symlink():   # it could point at any file outside the data repository
        raise PortalError(f"{path} 是符号链接：为免读取仓库以外的文件，mkdocs.yml 必须是文件本身")
    if not path.is_file():
        return default_config()
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PortalError(f"{path} 无法读取：{exc}") from exc
    if not isinstance(loaded, dict):
        raise PortalError(f"{path} 应为“键: 值”映射")
    return loaded


def _search_plugin(plugins: list[Any]) -> list[Any]:
    out: list[Any] = []
    found = False
    for entry in plugins:
        name = entry if isinstance(entry, str) else next(iter(entry), "") if isinstance(entry, dict) else ""
        if name in ("search", "material/search"):
            options = dict(entry[name] or {}) if isinstance(entry, dict) else {}
            options.setdefault("separator", SEPARATOR)
            entry, found = {name: options}, True
        out.append(entry)
    if not found:
        out.insert(0, {"search": {"separator": SEPARATOR}})
    return out


def site_config(base: dict[str, Any], *, docs_dir: Path, site_dir: Path,
                audience: Audience) -> dict[str, Any]:
    """The MkDocs configuration actually built: the base plus what offline use requires."""
    config = dict(base)
    # The forge serves the "编辑此数据" links (render.edit_links), not the theme: its edit
    # button would point at generated Markdown, and its repository link asks the forge's API.
    for key in ("repo_url", "repo_name", "edit_uri", "edit_uri_template"):
        config.pop(key, None)
    # Without an explicit nav MkDocs lists every page, which is quadratic in the projects.
    nav = config.get("nav") or [{title: path} for title, path in NAV]
    if audience == "public":    # the internal edition's own pages are not built for the public
        nav = [e for e in nav if not (isinstance(e, dict) and set(map(str, e.values())) & INTERNAL_ONLY)]
    config["nav"] = nav
    theme = dict(config.get("theme") or {})
    theme.setdefault("name", "material")
    theme.setdefault("language", "zh")
    theme["font"] = False                       # never Google Fonts
    theme["custom_dir"] = str(THEME_DIR)        # the internal-edition banner
    extra = dict(config.get("extra") or {})
    extra["generator"] = False                  # no link to the theme's website
    extra["portal"] = {**(extra.get("portal") or {}), "audience": audience}
    # Search from a folder (file://): Material's worker through the iframe-worker shim.
    extra["polyfills"] = [*(extra.get("polyfills") or []), f"{ASSET_PATH}/vendor/iframe-worker-shim.js"]
    config.update(
        docs_dir=str(docs_dir), site_dir=str(site_dir), theme=theme, extra=extra,
        use_directory_urls=False,               # the generated links point at .html files
        plugins=_search_plugin(list(config.get("plugins") or ["search"])),
        extra_css=[*(config.get("extra_css") or []), f"{ASSET_PATH}/portal.css"],
        extra_javascript=[*(config.get("extra_javascript") or []), f"{ASSET_PATH}/portal.js"],
        strict=True,
    )
    return config


def _progress_plugin(total: int, stream: TextIO | None) -> Any:
    from mkdocs.plugins import BasePlugin

    class Progress(BasePlugin):
        """Counts the pages MkDocs writes and reports every PROGRESS_EVERY of them."""

        done = 0

        def on_post_page(self, output: str, /, **_: Any) -> str:
            self.done += 1
            if stream is not None and self.done % PROGRESS_EVERY == 0:
                print(f"  已生成 {self.done}/{total} 个网页…", file=stream, flush=True)
            return output

    return Progress()


@dataclass
class Stash:
    """The HTML blocks that ``stash.split`` took out of the generated pages, until MkDocs has
    written each page: compressed (a 40 KB page keeps about 6 KB), so that thousands of pages
    stay small in memory.

    A late page's blocks come only after the build (the 数据下载 page, whose file sizes are
    known once the downloads are made): MkDocs writes it with its placeholders, and
    ``finish_late`` puts the blocks of the page rendered again into the written HTML."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))
    pages: dict[str, bytes] = field(default_factory=dict)        # docs path -> blocks, searches
    anchors: dict[str, set[str]] = field(default_factory=dict)   # docs path -> ids in its blocks
    late: dict[str, str] = field(default_factory=dict)           # docs path -> Markdown written
    written: dict[str, str] = field(default_factory=dict)        # late docs path -> site path

    def keep(self, path: str, parts: Split, *, late: bool = False) -> None:
        if late:
            self.late[path] = parts.markdown
        elif parts.blocks or parts.search:
            packed = pickle.dumps((parts.blocks, parts.search), pickle.HIGHEST_PROTOCOL)
            self.pages[path] = zlib.compress(packed, 1)
        if parts.anchors:
            self.anchors[path] = parts.anchors

    def take(self, path: str) -> tuple[list[str], list[str]] | None:
        packed = self.pages.pop(path, None)
        if packed is None:
            return None
        blocks, search = pickle.loads(zlib.decompress(packed))   # our own bytes, from keep()
        return blocks, search

    def finish_late(self, path: str, text: str, site_dir: Path) -> None:
        """Put the blocks of ``text``, the late page ``path`` rendered again, into its HTML in
        ``site_dir``. Its Markdown must be what MkDocs built (the search index holds it)."""
        parts = split(text, self.token)
        if parts.markdown != self.late.get(path) or path not in self.written:
            raise StashError(f"{path}: the page rendered again differs outside its HTML blocks")
        target = site_dir / self.written[path]
        target.write_text(restore(target.read_text(encoding="utf-8"), self.token, parts.blocks,
                                  parts.search), encoding="utf-8")


def _stash_plugin(stash: Stash) -> Any:
    from mkdocs.exceptions import PluginError
    from mkdocs.plugins import BasePlugin, event_priority

    class Restore(BasePlugin):
        """Puts each generated page's HTML blocks back once the search plugin has indexed it."""

        def on_page_content(self, html: str, /, *, page: Any, **_: Any) -> str:
            # MkDocs checks links to #anchors against the ids it saw: those of the blocks too.
            anchors = stash.anchors.get(page.file.src_uri)
            if anchors and page.present_anchor_ids is not None:
                page.present_anchor_ids |= anchors
            return html

        @event_priority(100)   # before any other plugin looks at the page's final HTML
        def on_post_page(self, output: str, /, *, page: Any, **_: Any) -> str:
            if page.file.src_uri in stash.late:
                stash.written[page.file.src_uri] = page.file.dest_uri
                return output
            kept = stash.take(page.file.src_uri)
            if kept is None:
                return output
            try:
                return restore(output, stash.token, *kept)
            except StashError as exc:
                raise PluginError(f"{page.file.src_uri}: {exc}") from exc

    return Restore()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


# The stash of the build that is running, None for a plain MkDocs run (set by build_site
# around run_mkdocs, whose signature stays that of a plain MkDocs run).
_STASH: ContextVar[Stash | None] = ContextVar("portal_stash", default=None)


def run_mkdocs(config_path: Path, total: int, stream: TextIO | None) -> tuple[int, list[str]]:
    """Build with MkDocs in strict mode; (pages built, warnings and errors)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    prepare_jieba()
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(config_path))
        progress = _progress_plugin(total, stream)
        config.plugins["portal-progress"] = progress
        stash = _STASH.get()
        if stash is not None:
            config.plugins["portal-stash"] = _stash_plugin(stash)
        build(config)
        return progress.done, collect.messages
    except MkDocsException as exc:
        return 0, [*collect.messages, f"error: {exc}"]
    finally:
        logger.removeHandler(collect)


def offline_search_index(site: Path) -> None:
    """``search/search_index.js``: the search index as a script, which Material's search loads
    instead of the JSON when the site is opened from a folder (file://, where a page may not
    fetch files); its worker runs there through the vendored iframe-worker shim."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        (site / "search" / "search_index.js").write_bytes(b"var __index = " + index.read_bytes())


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def check_out_dir(out: Path, data_dir: Path) -> None:
    """Refuse to replace a folder that is not a site (``--out .`` or ``--out data``)."""
    target = out.resolve()
    for precious in (data_dir.resolve(), Path.cwd().resolve()):
        if target == precious or target in precious.parents:
            raise PortalError(f"--out {out} 会覆盖数据或当前文件夹，请指定单独的输出文件夹（如 site）")
    if target.exists() and (not target.is_dir() or (any(target.iterdir())
                                                    and not (target / "index.html").exists())):
        raise PortalError(f"--out {out} 已存在且不是生成的网站，为免误删，请换一个输出文件夹")


def swap_into_place(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new`` with two renames on the same file system. Signals wait until
    both are done (a site is never half swapped), and a failed second rename puts the old
    site back."""
    old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
    with signals_held():
        if out.exists():
            out.rename(old)
        try:
            new.rename(out)
        except BaseException:
            if old.exists():
                old.rename(out)
            raise
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)


def build_site(data_dir: Path, out: Path, as_of: dt.date, audience: Audience = "public", *,
               progress: TextIO | None = None, fast: bool = True, cache: bool = False) -> BuildResult:
    """Validate, evaluate, render and build; replace ``out`` only if everything succeeded.

    ``fast=False`` builds with MkDocs the plain way, for comparison in the tests: the generated
    pages handed over whole (``stash.split`` not applied). The site is the same, byte for
    byte, but for its much larger search index.
    ``cache``: keep and use what comparing the history's versions found (``history.cache``);
    the site is the same, byte for byte."""
    try:
        return _build_site(data_dir, out, as_of, audience, progress=progress, fast=fast, cache=cache)
    finally:
        gc.unfreeze()   # the data frozen for the build (below) is garbage like any other again


def _write_pages(pages: Iterable[tuple[str, str]], docs_dir: Path, stash: Stash, *, fast: bool,
                 progress: TextIO | None = None) -> str | None:
    """Write the pages for MkDocs (their HTML blocks kept in ``stash`` when ``fast``); the first
    page that a hand-written page of the same name is in the way of, if any."""
    for count, (path, text) in enumerate(pages, start=1):
        if (docs_dir / path).exists():
            return path
        parts = split(text, stash.token, stash=fast)
        _write(docs_dir / path, parts.markdown)
        stash.keep(path, parts, late=fast and path == DOWNLOADS_PAGE)
        if progress is not None and count % PROGRESS_EVERY == 0:
            print(f"  已写出 {count} 个页面…", file=progress, flush=True)
    return None


def _build_site(data_dir: Path, out: Path, as_of: dt.date, audience: Audience, *,
                progress: TextIO | None, fast: bool, cache: bool) -> BuildResult:
    from .commands import load_and_evaluate
    from .publish import Downloads, Published, site_url_of

    started = time.monotonic()
    check_out_dir(out, data_dir)
    result = load_and_evaluate(data_dir, as_of)
    if result.facts is None or result.records is None:
        return BuildResult(False, out, errors=[render(result.findings, "text", result.data.file_count)])
    records, facts = result.records, result.facts
    # Positions serve error messages only, and a build that got this far reports none: let go
    # of any positions kept and of the files' text they would be read from again (35 MB at
    # 4,000 projects).
    for _, document in result.data.documents():
        document.drop_source()
    config_path, docs = site_sources(data_dir)
    base = load_base_config(config_path)
    sample = bool(((base.get("extra") or {}).get("portal") or {}).get("sample_data"))
    site_url = site_url_of(base)
    edit = edit_links(base, data_dir, config_path.parent)
    # Records and facts live as long as the build: move them out of the cyclic garbage
    # collector's way, which otherwise scans them again and again while pages are rendered and
    # built (a tenth of the render and MkDocs time at 4,000 projects). Frozen before the
    # downloads' child is forked, they are not rewritten by a collection in either process, so
    # more of their memory stays shared between the two.
    gc.collect()
    gc.freeze()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="portal-build-") as work_name:
        work = Path(work_name)
        # The downloads, made by a child process while the history is read and the pages are
        # rendered and built. Forked before the history is read, the child never holds it, so
        # the memory the history frees once the pages are written serves MkDocs.
        downloads = Downloads.start(records, facts, site_url, work / "downloads")
        try:
            # The git history (read once), feeds and schemas: publish.py.
            published = Published.prepare(data_dir, records, audience, base, cache=cache)
            gc.freeze()   # the history too, until the pages are written
            return _build_pages(records, facts, audience, published, downloads, out, work / "docs", docs,
                                base, sample=sample, progress=progress, fast=fast, started=started, edit=edit)
        finally:
            downloads.stop()


def _build_pages(records: Records, facts: Facts, audience: Audience, published: Published,
                 downloads: Downloads, out: Path, docs_dir: Path, docs: Path | None, base: dict[str, Any], *,
                 sample: bool, progress: TextIO | None, fast: bool, started: float,
                 edit: EditLinks | None = None) -> BuildResult:
    """Render the pages into ``docs_dir``, build them with MkDocs beside ``out``, add the
    downloads, and swap the new site into place."""
    if docs is not None:
        refused = copy_handwritten(docs, docs_dir)
        if refused:
            return BuildResult(False, out, errors=refused)
    docs_dir.mkdir(exist_ok=True)
    shutil.copytree(ASSETS, docs_dir / ASSET_PATH)
    stash = Stash()
    options = published.page_options
    if not fast:   # the plain way: the downloads page rendered at once, with the sizes
        try:
            options = {**options, "download_sizes": downloads.finish()}
        except PortalError as exc:
            return BuildResult(False, out, errors=[str(exc)])
    pages = iter_pages(records, facts, audience, sample_data=sample, edit=edit, **options)
    clash = _write_pages(pages, docs_dir, stash, fast=fast, progress=progress)
    del options
    published.drop_history()   # in the pages now; MkDocs can use its memory
    if clash is not None:
        return BuildResult(False, out, errors=[f"手写页面 docs/{clash} 与生成的页面同名，请改名"])
    clashes = published.write(docs_dir)
    if clashes:
        return BuildResult(False, out, errors=[f"手写的 docs/{p} 与生成的文件同名，请改名" for p in clashes])
    # Beside --out, so the final rename stays on one file system; absolute, because MkDocs
    # resolves a relative site_dir against the config file's (temporary) folder. Named before
    # it is made, so that nothing (a signal included) can leave it behind unnamed.
    staging = out.resolve().parent / f".{out.name}.building-{secrets.token_hex(4)}"
    try:
        staging.mkdir()
        staging.chmod(0o755)  # a web server must read the site, whatever the umask
        config = site_config(base, docs_dir=docs_dir, site_dir=staging, audience=audience)
        config_file = docs_dir.parent / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        total = sum(1 for p in docs_dir.rglob("*.md"))
        active = _STASH.set(stash if fast else None)
        try:
            built, messages = run_mkdocs(config_file, total, progress)
        finally:
            _STASH.reset(active)
        if messages:
            return BuildResult(False, out, errors=messages)
        try:
            if fast:
                page = render_downloads(facts, audience, site_url=published.site_url,
                                        download_sizes=downloads.finish())
                stash.finish_late(DOWNLOADS_PAGE, page, staging)
            downloads.move_into(staging)
            offline_search_index(staging)
        except (PortalError, StashError) as exc:
            return BuildResult(False, out, errors=[str(exc)])
        swap_into_place(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    colours = [p.colour for p in facts.projects]
    return BuildResult(True, out, pages=built, red=colours.count("red"),
                       yellow=colours.count("yellow"), seconds=time.monotonic() - started,
                       notices=[w.message for w in facts.warnings])


__all__ = ["BuildResult", "build_site"]
