"""Text going into pages: the filters that keep data inert (the Jinja2 environment that
registers them: ``environment.py``).

Data reaches a page only as HTML-escaped text inside raw HTML blocks that the templates
write (``<table>``, ``<div>``, ``<p>`` at the start of a line), which Python-Markdown passes
through untouched: no Markdown, attr_list or md_in_html syntax in data can take effect
there. Newlines in data become ``<br>`` so a value never spans lines and never ends its
block. Page titles go into YAML front matter and into the theme's ``<title>``, which the
theme does not escape, so the characters HTML needs are replaced by their full-width forms.

The search index holds a generated page's title and headings, and the text a template writes
for it alone into ``<div data-portal-search>`` (``search_text``; see generator/build/stash.py), not
the blocks: those are shown, not indexed.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pages"

_FULL_WIDTH = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_CONTROL_IN_LINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u2028\u2029]+")   # all but \n


def plain_title(value: object) -> str:
    """One line of plain text that no HTML or YAML reader can take for markup."""
    text = _CONTROL.sub(" ", str(value)).translate(_FULL_WIDTH)
    return " ".join(text.split())


def front_matter(title: object, wide: bool = False) -> Markup:
    """YAML front matter with the page title (a JSON string is valid YAML); ``wide`` hides
    Material's table of contents so that a page of wide tables gets the room."""
    hide = "hide:\n  - toc\n" if wide else ""
    return Markup(f"---\ntitle: {json.dumps(plain_title(title), ensure_ascii=False)}\n{hide}---\n")


def _replace_escape(value: str, /) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


try:  # markupsafe's own escaping of a str, in C (what markupsafe.escape calls)
    from markupsafe._speedups import _escape_inner as _escape_str
except ImportError:  # pragma: no cover - without the C speedups
    _escape_str = _replace_escape


def escape_html(value: object) -> str:
    """``markupsafe.escape(value)`` as a plain str: the same characters escaped the same way,
    without a Markup object per value (the table rows of render/rows.py are built from these
    and wrapped in Markup once)."""
    if type(value) is not str:
        if hasattr(value, "__html__"):
            return str(value.__html__())
        value = str(value)
    return str(_escape_str(value))


def line_html(value: object) -> str:
    """``multiline`` as a plain str."""
    if value is None:
        return ""
    text = str(value)
    if _CONTROL.search(text) is None:   # the common case: one line, nothing to replace
        return escape_html(text)
    # Each line with its runs of control characters as one space, the lines joined by <br>.
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_IN_LINE.sub(" ", escape_html(lines)).replace("\n", "<br>")


def multiline(value: object) -> Markup:
    """Escaped text on one line; line breaks in the data become ``<br>``."""
    return Markup(line_html(value))


def search_text(values: object) -> Markup:
    """Text for the search index only (``<div data-portal-search>``, see generator/build/stash.py):
    the values on one line, separated by `` · ``, escaped; empty and repeated values left out."""
    items = [values] if isinstance(values, str) or not isinstance(values, Iterable) else values
    words = (" ".join(_CONTROL.sub(" ", str(v)).split()) for v in items if v is not None)
    return escape(" · ").join(dict.fromkeys(w for w in words if w))


def safe_url(value: object) -> str | None:
    """The URL if it is a plain http(s) address, else None (rendered as text, not a link)."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if any(c.isspace() or c in "<>\"'`\\" for c in value):
        return None
    return value


def amount(value: float | int | None, digits: int = 2) -> str:
    """万元 figures with thousands separators and no trailing zeros: 8,000 or 1,234.5."""
    if value is None:
        return "—"
    text = f"{float(value):,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(value: float | int | None) -> str:
    """An amount held in 万元, as a Chinese report writes it: 亿元 with two decimals from
    1 亿元 (10,000 万元) up, 万元 below; thousands separators. Exports keep plain 万元."""
    if value is None:
        return "—"
    number = float(value)
    if abs(number) >= 10_000:
        return f"{number / 10_000:,.2f} 亿元"
    return f"{amount(number)} 万元"


def date_zh(value: object) -> str:
    """2026-12-03 -> 2026年12月3日 (text that is not an ISO date is shown as it is)."""
    text = str(value)
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.year}年{day.month}月{day.day}日"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{amount(value, 1)}%"


def page_url(path: str) -> str:
    """The built file of a docs path (``use_directory_urls: false``): a.md -> a.html."""
    return path[:-3] + ".html" if path.endswith(".md") else path


@lru_cache(maxsize=1 << 16)
def _relative_url(from_dir: str, target: str) -> str:
    # Pages link to the same few thousand targets from a handful of folders: cached, since
    # posixpath.relpath (two abspath calls) would otherwise run for every link of every page.
    return posixpath.relpath(page_url(target), from_dir or ".")


def relative(from_path: str, to_path: str) -> str:
    """Link from one docs page to another (``projects/a.md`` -> ``../units/b.html``)."""
    target, _, fragment = to_path.partition("#")
    url = _relative_url(from_path.rpartition("/")[0], target)
    return f"{url}#{fragment}" if fragment else url


# The small layout pieces that tables call once per cell (hundreds of thousands of times for a
# thousand projects). They were Jinja macros; as Python functions they cost a function call
# instead of a macro frame. _macros.j2 binds them to the names the templates use (``m.ref``,
# ``m.or_dash`` ...), and their output is the same HTML the macros wrote. The ``*_html``
# forms return plain str for render/rows.py.

def ref_html(from_path: str, r: Any) -> str:
    """A named thing: a link to its page, plain text without a page, ``—`` without a name."""
    if r is None:
        return "—"
    if r.path:
        return f'<a href="{escape_html(relative(from_path, r.path))}">{line_html(r.name)}</a>'
    return line_html(r.name)


def dash_html(value: object) -> str:
    return line_html(value) if value else "—"


def badge_html(colour: object, text: object) -> str:
    return f'<span class="portal-badge portal-{escape_html(colour)}">{escape_html(text)}</span>'


def status_html(row: Any) -> str:
    """A deadline's status as a coloured badge."""
    return badge_html(row.colour, row.status)


def late_html(row: Any) -> str:
    """Overdue working days, or ``—``."""
    return escape_html(row.overdue_workdays) if row.overdue_workdays else "—"


def colour_badge_html(r: Any) -> str:
    """A project's colour as a badge: overdue count (red), due-soon count (yellow), or 正常."""
    if r.colour == "red":
        return badge_html("red", f"逾期 {r.overdue:d} 项" if r.overdue else "有逾期办结")
    if r.colour == "yellow":
        return badge_html("yellow", f"即将到期 {r.due_soon:d} 项")
    if r.colour == "grey":
        return badge_html("grey", r.status)
    return badge_html("green", "均在时限内")


def or_dash(value: object) -> Markup:
    return Markup(dash_html(value))


def badge(colour: object, text: object) -> Markup:
    return Markup(badge_html(colour, text))


def status(row: Any) -> Markup:
    return Markup(status_html(row))


def late(row: Any) -> Markup:
    return Markup(late_html(row))


def colour_badge(r: Any) -> Markup:
    return Markup(colour_badge_html(r))
