"""Browser tests: the sample-data site, built once, served on 127.0.0.1 and driven with
Playwright through Debian's Chromium (never a downloaded browser).

Every page a test opens is watched: each request's URL is recorded and anything not aimed at
the local server is aborted and fails the test, as does any console error, uncaught page
error or HTTP error response. A failed test leaves a screenshot and a log in
``tests/browser/artifacts/`` (git-ignored).

Chromium comes from ``PORTAL_CHROMIUM`` or ``/usr/bin/chromium`` (``scripts/test`` installs
Debian's package when it is missing). Without it the tests skip on a developer's machine but
FAIL when ``CI`` is set: a CI run must never pass by skipping the browser.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.commands.cli import main
from tests.conftest import AS_OF, REPO

ARTIFACTS = Path(os.environ.get("PORTAL_BROWSER_ARTIFACTS", Path(__file__).parent / "artifacts"))
DATA = REPO / "data"
TIMEOUT_MS = 15_000
# Without these Chromium talks to Google (updates, sync, field trials, QUIC probes, GPU lists).
CHROMIUM_FLAGS = [
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--disable-dev-shm-usage", "--no-default-browser-check",
]
REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Skip on a developer's machine, fail in CI (a skipped browser suite proves nothing)."""
    if in_ci():
        pytest.fail(f"CI is set and the browser tests cannot run: {reason}. "
                    "Run scripts/test (it installs Debian's chromium as root and playwright from PyPI).",
                    pytrace=False)
    pytest.skip(f"browser tests need {reason}; scripts/test installs it")


def chromium_path() -> Path | None:
    configured = os.environ.get("PORTAL_CHROMIUM")
    candidates = [configured] if configured else ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    """Keep each phase's report on the item, so a fixture can tell that its test failed."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package (pip install -e '.[browser]')")
    executable = chromium_path()
    if executable is None:
        unavailable(f"Chromium at {os.environ.get('PORTAL_CHROMIUM') or '/usr/bin/chromium'} "
                    "(apt-get install chromium)")
    args = [*CHROMIUM_FLAGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=args, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``portal build --data data --out <tmp> --as-of 2026-11-26``, once per session."""
    out = tmp_path_factory.mktemp("browser") / "site"
    code = main(["build", "--data", str(DATA), "--out", str(out), "--as-of", AS_OF])
    assert code == 0, "portal build of the sample data failed (see the captured output)"
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A folder on a free port of 127.0.0.1, served from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site) as url:
        yield url


@dataclass
class Watch:
    """What the pages of one test asked for and complained about."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @staticmethod
    def is_local(url: str) -> bool:
        """Our test servers (127.0.0.1, any port) and in-page URLs that contact no host."""
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "file"):   # file: the site opened from a folder
            return True
        return parts.scheme == "http" and parts.hostname == "127.0.0.1"

    def problems(self) -> list[str]:
        return ([f"request to another host: {u}" for u in self.foreign]
                + [f"console error: {m}" for m in self.console_errors]
                + [f"HTTP error: {m}" for m in self.http_errors]
                + [f"dialog opened (script from the data ran?): {m}" for m in self.dialogs])


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1])[:150]


@pytest.fixture
def watch() -> Watch:
    return Watch()


def open_context(browser: Any, watch: Watch, **options: Any) -> Any:
    """A fresh browser context whose every request is recorded and, unless local, aborted."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  service_workers="block", **options)
    context.set_default_timeout(TIMEOUT_MS)

    def route(route: Any) -> None:
        url = route.request.url
        if watch.is_local(url):
            route.continue_()
        else:
            watch.foreign.append(url)
            route.abort()

    context.on("request", lambda request: watch.requests.append(request.url))
    context.route("**/*", route)
    context.on("response", lambda response: watch.http_errors.append(f"{response.status} {response.url}")
               if response.status >= 400 else None)
    return context


def watch_page(page: Any, watch: Watch) -> Any:
    page.on("console", lambda message: watch.console_errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: watch.console_errors.append(f"uncaught: {error}"))

    def dialog(opened: Any) -> None:
        watch.dialogs.append(f"{opened.type}: {opened.message}")
        opened.dismiss()

    page.on("dialog", dialog)
    return page


def _watched_page(browser: Any, watch: Watch, request: pytest.FixtureRequest, **options: Any) -> Iterator[Any]:
    """A page in a fresh context; after the test: screenshot if it failed, then the watch."""
    context = open_context(browser, watch, **options)
    opened = watch_page(context.new_page(), watch)
    try:
        yield opened
        reports = request.node.stash.get(REPORTS, {})
        if "call" in reports and reports["call"].failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = _artifact_name(request.node.nodeid)
            try:
                opened.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            except Exception as exc:  # a crashed page must not hide the test's own failure
                (ARTIFACTS / f"{name}.png.error").write_text(str(exc), encoding="utf-8")
            (ARTIFACTS / f"{name}.log").write_text(
                "\n".join([f"url: {opened.url}", *watch.problems(), "requests:", *watch.requests]) + "\n",
                encoding="utf-8")
        elif watch.problems():
            pytest.fail("\n".join(watch.problems()), pytrace=False)
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, watch: Watch, request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from _watched_page(browser, watch, request)


@pytest.fixture
def page_without_js(browser: Any, watch: Watch, request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from _watched_page(browser, watch, request, java_script_enabled=False)
