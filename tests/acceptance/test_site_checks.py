"""Site checks on the sample data, public and internal: the generated docs pass a real
``mkdocs build --strict``, no internal link or anchor is broken, and every page has a
non-empty <title> and an <h1>."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

import generator.build.site as build_module
from generator.build import BuildResult, build_site
from tests.conftest import AS_OF, REPO

DATA = REPO / "data"


@dataclass
class Built:
    site: Path
    result: BuildResult
    strict: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module", params=["public", "internal"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The sample site, and the same generated docs and config built by ``mkdocs build --strict``.

    ``portal build`` writes its docs folder and mkdocs.yml to a temporary folder; the
    wrapper runs the real MkDocs command line on exactly those, then lets the build go on.
    """
    strict: list[subprocess.CompletedProcess[str]] = []
    original = build_module.run_mkdocs

    def run_both(config_path: Path, total: int, stream: Any, **options: Any) -> tuple[int, list[str]]:
        strict.append(subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_path)],
            capture_output=True, text=True, timeout=600))
        return original(config_path, total, stream, **options)

    out = tmp_path_factory.mktemp(f"sitecheck-{request.param}") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "run_mkdocs", run_both)
        result = build_site(DATA, out, dt.date.fromisoformat(AS_OF), request.param)
    assert result.ok, "\n".join(result.errors)
    assert len(strict) == 1
    yield Built(out, result, strict[0])


class Html(HTMLParser):
    """The ids, links, <title> and <h1> texts of one page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.title = ""
        self.h1: list[str] = []
        self._in: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src") and value is not None:
                self.links.append(value)
        if tag in ("title", "h1") and self._in is None:
            self._in = tag
            if tag == "h1":
                self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1[-1] += data


@cache
def parsed(path: Path) -> Html:
    return Html(path.read_text(encoding="utf-8"))


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_targets(site: Path) -> list[str]:
    """Every relative href/src whose file is missing, or whose #anchor is not on that page.

    Links to other hosts and mailto:/tel:/data: are not followed. The root 404.html is left
    out: MkDocs writes its links relative to the server root, since it is served for any path.
    """
    broken = []
    for path in pages(site):
        if path.name == "404.html" and path.parent == site:
            continue
        for link in parsed(path).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.strip():
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            where = f"{path.relative_to(site)} -> {link}"
            if parts.path.startswith("/") or not target.is_relative_to(site.resolve()):
                broken.append(f"{where} (leaves the site; it must work from a file share)")
            elif not target.exists():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parsed(target).ids:
                broken.append(f"{where} (no such anchor)")
    return broken


def test_the_generated_docs_pass_a_strict_mkdocs_build(built):
    assert built.strict.returncode == 0, built.strict.stderr
    warnings = [line for line in built.strict.stderr.splitlines() if re.match(r"\s*(WARNING|ERROR)\b", line)]
    assert warnings == []


def test_the_portal_build_collected_no_warning(built):
    assert built.result.ok and built.result.errors == []
    assert built.result.pages == len(pages(built.site)) - 1   # MkDocs counts every page but 404.html


def test_no_internal_link_or_anchor_is_broken(built):
    assert broken_targets(built.site) == []


def test_every_page_has_a_non_empty_title_and_one_h1(built):
    for path in pages(built.site):
        page = parsed(path)
        where = path.relative_to(built.site)
        assert page.title.strip() and not page.title.strip().startswith("-"), where
        assert len(page.h1) == 1 and page.h1[0].strip(), f"{where}: h1 {page.h1}"


def test_every_sample_project_unit_and_leader_page_is_linked_from_some_page(built):
    linked = set()
    for path in pages(built.site):
        for link in parsed(path).links:
            parts = urlsplit(link)
            if not parts.scheme and parts.path:
                linked.add((path.parent / unquote(parts.path)).resolve())
    orphans = [str(p.relative_to(built.site)) for folder in ("projects", "units", "leaders")
               for p in sorted((built.site / folder).glob("*.html")) if p.resolve() not in linked]
    assert orphans == []


def test_the_link_checker_finds_a_missing_file_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<h1 id="top">A</h1><a href="b.html#nowhere">b</a><a href="c.html">c</a>'
                                     '<a href="#top">top</a><a href="/x.html">x</a>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<h1 id="here">B</h1>', encoding="utf-8")
    assert broken_targets(tmp_path) == [
        "a.html -> b.html#nowhere (no such anchor)", "a.html -> c.html (no such file)",
        "a.html -> /x.html (leaves the site; it must work from a file share)"]
