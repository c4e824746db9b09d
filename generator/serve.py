"""Serve: a live preview while editing data.

Deliberately simple: build once, serve the site folder with the standard library's HTTP
server on 127.0.0.1, and poll the data and docs folders; when a file changes, rebuild
(``build_site`` swaps the folder only when the build succeeded, so the preview keeps the
last good site while the data is broken, and the errors are printed).
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO

from .build import BuildResult, build_site, site_sources
from .render import Audience

Snapshot = frozenset[tuple[str, int, int]]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def snapshot(folders: list[Path]) -> Snapshot:
    """Every file under the folders with its modification time and size."""
    entries = set()
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not any(part.startswith(".") for part in path.parts[-2:]):
                stat = path.stat()
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
        handler = functools.partial(_QuietHandler, directory=str(self.out))
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._seen: Snapshot = frozenset()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def rebuild(self) -> BuildResult:
        self._seen = snapshot(self.watched)
        result = build_site(self.data_dir, self.out, self.as_of, self.audience, progress=self.stream)
        if result.ok:
            print(result.summary(), file=self.stream, flush=True)
        else:
            print("数据或页面有误，预览仍显示上一次成功生成的网站：", file=self.stream)
            print("\n".join(result.errors), file=self.stream, flush=True)
        return result

    def check_once(self) -> bool:
        """Rebuild if a watched file changed since the last build; True if it rebuilt."""
        if snapshot(self.watched) == self._seen:
            return False
        print("检测到数据改动，重新生成…", file=self.stream, flush=True)
        self.rebuild()
        return True

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.check_once()

    def start(self) -> None:
        self.rebuild()
        for target in (self.httpd.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
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
