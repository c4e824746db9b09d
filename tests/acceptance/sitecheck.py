"""Reading a built site in tests: parsed HTML pages, their tables, links and external URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "xlink:href",
                  "background", "cite", "manifest"}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_EXTERNAL = re.compile(r"""url\(\s*['"]?\s*(?:https?:)?//|@import\s+(?:url\()?\s*['"]?\s*(?:https?:)?//""",
                          re.IGNORECASE)
JS_EXTERNAL = re.compile(r"""(?:\b(?:src|href)\s*=\s*|url\(\s*|@import\s+|importScripts\(\s*)['"`]?(?:https?:)?//""",
                         re.IGNORECASE)


@dataclass
class Table:
    id: str | None
    rows: list[list[str]] = field(default_factory=list)   # body rows: the text of each cell
    head: list[str] = field(default_factory=list)


class Page(HTMLParser):
    """One HTML file: every tag with its attributes, the tables, scripts, styles and title."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.tables: list[Table] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.title = ""
        self.text_parts: list[str] = []
        self._stack: list[Table] = []
        self._cell: list[str] | None = None
        self._in: str | None = None
        self._in_head = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "table":
            self._stack.append(Table(dict(attrs).get("id")))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._stack and not self._in_head:
            self._stack[-1].rows.append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []
        elif tag in ("script", "style", "title"):
            self._in = tag
            if tag == "script":
                self.scripts.append("")
            elif tag == "style":
                self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._stack and self._cell is not None:
            text = "".join(self._cell).strip()
            if self._in_head:
                self._stack[-1].head.append(text)
            elif self._stack[-1].rows:
                self._stack[-1].rows[-1].append(text)
            self._cell = None
        elif tag in ("script", "style", "title"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data
        elif self._in == "title" and not self.title:
            self.title = data
        else:
            self.text_parts.append(data)
            if self._cell is not None:
                self._cell.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)

    def attributes(self) -> list[tuple[str, str, str]]:
        return [(tag, name, value or "") for tag, attrs in self.tags for name, value in attrs]


def read(site: Path, path: str) -> Page:
    return Page((site / path).read_text(encoding="utf-8"))


def external_requests(site: Path, data_links: set[str], site_url: str | None = None) -> list[str]:
    """Every reference to another host that a page, stylesheet or script would follow.

    Allowed: ``<a href>`` to a plain link from the data (a link the reader may click, not a
    request the page makes) and ``href``s under the site's own ``site_url``.
    """
    def allowed(tag: str, name: str, value: str) -> bool:
        if name == "href" and site_url and value.startswith(site_url):
            return True
        return tag == "a" and name == "href" and value in data_links

    found = []
    for path in sorted(site.rglob("*")):
        where = path.relative_to(site)
        if path.suffix == ".html":
            page = Page(path.read_text(encoding="utf-8"))
            for tag, name, value in page.attributes():
                if name in URL_ATTRIBUTES and EXTERNAL.match(value) and not allowed(tag, name, value):
                    found.append(f"{where}: <{tag} {name}={value}>")
                if name == "style" and CSS_EXTERNAL.search(value):
                    found.append(f"{where}: style={value}")
            found += [f"{where}: <style>" for s in page.styles if CSS_EXTERNAL.search(s)]
            found += [f"{where}: <script>" for s in page.scripts if JS_EXTERNAL.search(s)]
        elif path.suffix in (".css", ".js"):
            pattern = CSS_EXTERNAL if path.suffix == ".css" else JS_EXTERNAL
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{where}: {m.group(0)}" for m in pattern.finditer(text)]
    return found


def broken_links(site: Path) -> list[str]:
    """Relative href/src in the pages that point at no file of the site.

    404.html is left out: MkDocs links it from the server root, since it is served for any path.
    """
    broken = []
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html" and path.parent == site:
            continue
        for _tag, name, value in read(site, str(path.relative_to(site))).attributes():
            if name not in ("href", "src") or not value or EXTERNAL.match(value) or value.startswith(
                    ("#", "mailto:", "data:")):
                continue
            target = (path.parent / value.split("#")[0].split("?")[0]).resolve()
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {value}")
    return broken
