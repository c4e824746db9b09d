"""Serve: a live preview while editing data.

Deliberately simple: build once, serve the site folder with the standard library's HTTP
server on 127.0.0.1, and poll the data and docs folders; when a file changes, rebuild
(the site served is a link to one of two MkDocs work folders, built in turn: the link moves to
the other only when its build succeeded, so the preview keeps the last good site while the
data is broken, and no build writes into the site being served). Whatever makes a rebuild fail (the data's errors,
an unreadable file, a bug), the errors are printed and shown at the top of every page served
until a rebuild succeeds, and the watching goes on. The downloads are made when they are asked
for, from the last good build (``generator.build.publish.OnRequest``), not on every save.

Every page served carries a small script (``RELOAD``, only in the preview, never in a built
site) that asks the server, by long polling ``/.portal-preview/version``, whether a rebuild has
finished since the page was served, and reloads the page when one has: the clerk saves the file
and the browser shows the new page, or the errors on top of the old one, without pressing F5.
An address with no page (a project renamed, or not saved yet) shows the site's own 页面不存在
page, which reloads the same way, not the HTTP server's English one.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import html
import io
import re
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from ..build import BuildResult, Session, build_site, site_sources
from ..build.publish import OnRequest
from ..edge import environment_message
from ..findings import PortalError
from ..render import Audience

Snapshot = frozenset[tuple[str, int, int]]

FAILED = "网站未能重新生成（预览仍显示上一次成功生成的网站；改好后会自动重新生成）："
BANNER = ('<div role="alert" style="background:#fff3f3;color:#7a0000;border:2px solid #c00;margin:0;'
          'padding:1em;font:14px/1.5 sans-serif;position:relative;z-index:10"><strong>{title}</strong>'
          '<pre style="white-space:pre-wrap;margin:.5em 0 0">{errors}</pre></div>')
ERROR_PAGE = ('<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>预览：网站未能生成</title>'
              '</head><body>{banner}</body></html>')
BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)
BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
VERSION = "/.portal-preview/version"    # answers once the site changed (long polling)
WAIT_SECONDS = 20.0                     # the longest a version request is kept waiting
# Reloads the page once the preview has rebuilt since the page was served (version ``@SERVED@``);
# when the server is gone (Ctrl+C), it asks again less and less often.
RELOAD = """<script>(() => {
  const served = "@SERVED@";
  let pause = 1000;
  const ask = () => fetch("@VERSION@?since=" + served, {cache: "no-store"})
    .then(r => r.ok ? r.text() : Promise.reject(r.status))
    .then(now => { pause = 1000; if (now.trim() !== served) { location.reload(); } else { ask(); } },
          () => { pause = Math.min(pause * 2, 30000); setTimeout(ask, pause); });
  ask();
})();</script>""".replace("@VERSION@", VERSION)


def banner(errors: str, title: str = FAILED) -> bytes:
    return BANNER.format(title=html.escape(title), errors=html.escape(errors)).encode("utf-8")


def with_banner(page: bytes, errors: str) -> bytes:
    """The page with the errors shown at the top of its body."""
    found = BODY.search(page)
    at = found.end() if found else 0
    return page[:at] + banner(errors) + page[at:]


def with_reload(page: bytes, version: int) -> bytes:
    """The page with ``RELOAD`` at the end of its body."""
    ends = list(BODY_END.finditer(page))
    at = ends[-1].start() if ends else len(page)
    return page[:at] + RELOAD.replace("@SERVED@", str(version)).encode("utf-8") + page[at:]


def describe(exc: Exception) -> str:
    """A failed rebuild's exception as a sentence."""
    if isinstance(exc, PortalError):
        return f"错误：{exc}"
    said = environment_message(exc)
    return f"错误：{said}" if said else f"程序出错（请报告）：{type(exc).__name__}: {exc}"


class _PreviewHandler(SimpleHTTPRequestHandler):
    """The site's files, every page with ``RELOAD``; while the last rebuild failed, its pages
    carry the errors on top, and a page of its own says so when no site has been built yet."""

    def __init__(self, *args: Any, failure: Callable[[], str | None],
                 downloads: Callable[[], OnRequest | None],
                 changed: Callable[[int | None, float], int], **kwargs: Any) -> None:
        self.failure = failure      # set first: the base class handles the request at once
        self.downloads = downloads
        self.changed = changed
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> BinaryIO | None:
        route, _, query = self.path.partition("?")
        if route == VERSION:
            since = urllib.parse.parse_qs(query).get("since", [""])[0]
            version = self.changed(int(since) if re.fullmatch(r"[0-9]{1,18}", since) else None, WAIT_SECONDS)
            return self._send(HTTPStatus.OK, "text/plain; charset=utf-8", str(version).encode("ascii"))
        made = self.downloads()
        data = made.file(urllib.parse.unquote(route).lstrip("/")) if made else None
        if data is not None:
            return self._send(HTTPStatus.OK, self.guess_type(route), data)
        version = self.changed(None, 0)     # before the page is read: never older than it
        errors = self.failure()
        site, path = Path(self.directory), Path(self.translate_path(self.path))
        if path.is_dir() and route.endswith("/"):
            path = path / "index.html"
        status = HTTPStatus.OK
        if not path.exists() and (site / "404.html").is_file():
            # The site's own page, in Chinese, as a static host would serve it (a page renamed
            # or not made yet); MkDocs writes its links from the top of the site.
            path, status = site / "404.html", HTTPStatus.NOT_FOUND
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes()
            body = with_banner(body, errors) if errors is not None else body
        elif errors is not None and not (site / "index.html").is_file():   # no site built yet
            body = ERROR_PAGE.format(banner=banner(errors, "网站未能生成：").decode("utf-8")).encode("utf-8")
            status = HTTPStatus.SERVICE_UNAVAILABLE
        else:
            return super().send_head()
        return self._send(status, "text/html; charset=utf-8", with_reload(body, version))

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> BinaryIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)


class _PreviewHTTPServer(ThreadingHTTPServer):
    """The standard server, but a request that failed is told in one line, not a traceback;
    and a browser that went away in the middle of an answer (a page reloaded or closed while
    its files or a version request were on their way) is no error at all."""

    stream: TextIO = sys.stderr

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, ConnectionError):
            print(f"预览服务器未能答复一个请求：{type(exc).__name__}: {exc}", file=self.stream, flush=True)


def snapshot(folders: list[Path]) -> Snapshot:
    """Every file under the folders with its modification time and size."""
    entries = set()
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not any(part.startswith(".") for part in path.parts[-2:]):
                try:
                    stat = path.stat()
                except OSError:     # gone (or unreadable) since it was listed: not there
                    continue
                entries.add((str(path), stat.st_mtime_ns, stat.st_size))
    return frozenset(entries)


class PreviewServer:
    """Build, serve and rebuild on change; ``start`` returns at once, ``stop`` ends it."""

    def __init__(self, data_dir: Path, as_of: dt.date, audience: Audience = "public", *,
                 host: str = "127.0.0.1", port: int = 8000, interval: float = 1.0,
                 out: Path | None = None, stream: TextIO | None = None) -> None:
        self.data_dir, self.as_of, self.audience = data_dir, as_of, audience
        self.interval = interval
        self.stream = stream if stream is not None else sys.stderr
        self._tmp = None if out is not None else tempfile.TemporaryDirectory(prefix="portal-serve-")
        self.out = out if out is not None else Path(self._tmp.name) / "site"  # type: ignore[union-attr]
        docs = site_sources(data_dir)[1]
        self.watched = [data_dir] + ([docs] if docs is not None else [])
        self.failure: str | None = None    # the last rebuild's errors, shown on the pages
        self.version = 0                    # how many times what is served changed (``RELOAD``)
        self._changed = threading.Condition()
        self.session = Session()            # parses, history and downloads kept from build to build
        handler = functools.partial(_PreviewHandler, directory=str(self.out), failure=lambda: self.failure,
                                    downloads=lambda: self.session.downloads, changed=self.changed)
        self.httpd = _PreviewHTTPServer((host, port), handler)
        self.httpd.stream = self.stream
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._seen: Snapshot = frozenset()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def rebuild(self) -> BuildResult:
        """Build again; whatever fails, the failure is kept for the pages and printed."""
        try:
            self._seen = snapshot(self.watched)
            result = build_site(self.data_dir, self.out, self.as_of, self.audience, progress=self.stream,
                                cache=True, session=self.session)
        except Exception as exc:    # any failure: the preview must go on watching
            result = BuildResult(False, self.out, errors=[describe(exc)])
        if result.ok:
            self.failure = None
            print(result.summary(), file=self.stream, flush=True)
        else:
            self.failure = "\n".join(result.errors)
            print("数据或页面有误，预览仍显示上一次成功生成的网站：", file=self.stream)
            print(self.failure, file=self.stream, flush=True)
        self._advance()
        return result

    def changed(self, since: int | None, timeout: float) -> int:
        """The version of what is served, once it differs from ``since`` or ``timeout`` seconds
        have passed (at once when ``since`` is None)."""
        with self._changed:
            if since is not None:
                self._changed.wait_for(lambda: self.version != since or self._stop.is_set(), timeout)
            return self.version

    def _advance(self) -> None:
        """What is served changed (a new site, or errors to show): the pages open reload."""
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def check_once(self) -> bool:
        """Rebuild if a watched file changed since the last build; True if it rebuilt."""
        if snapshot(self.watched) == self._seen:
            return False
        print("检测到数据改动，重新生成…", file=self.stream, flush=True)
        self.rebuild()
        return True

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if self.check_once():
                    gc.collect()    # the last save's garbage, now that its page is shown
            except Exception as exc:    # e.g. a folder that vanished while being looked at
                if self.failure != describe(exc):
                    self.failure = describe(exc)
                    print(self.failure, file=self.stream, flush=True)
                    self._advance()

    def start(self) -> None:
        self.rebuild()
        for target in (self.httpd.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        with self._changed:     # the version requests waiting answer now
            self._changed.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self.session.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def serve_until_interrupted(self) -> None:
        self.start()
        print(f"预览地址：{self.url}（改动 {self.data_dir} 中的文件后自动重新生成，按 Ctrl+C 结束）",
              file=self.stream, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
