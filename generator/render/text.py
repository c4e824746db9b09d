"""Text going into pages: the Jinja2 environment and the filters that keep data inert.

Data reaches a page only as HTML-escaped text inside raw HTML blocks that the templates
write (``<table>``, ``<div>``, ``<p>`` at the start of a line), which Python-Markdown passes
through untouched: no Markdown, attr_list or md_in_html syntax in data can take effect
there. Newlines in data become ``<br>`` so a value never spans lines and never ends its
block. Page titles go into YAML front matter and into the theme's ``<title>``, which the
theme does not escape, so the characters HTML needs are replaced by their full-width forms.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pages"

_FULL_WIDTH = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def plain_title(value: object) -> str:
    """One line of plain text that no HTML or YAML reader can take for markup."""
    text = _CONTROL.sub(" ", str(value)).translate(_FULL_WIDTH)
    return " ".join(text.split())


def front_matter(title: object) -> Markup:
    """YAML front matter with the page title (a JSON string is valid YAML)."""
    return Markup(f"---\ntitle: {json.dumps(plain_title(title), ensure_ascii=False)}\n---\n")


def multiline(value: object) -> Markup:
    """Escaped text on one line; line breaks in the data become ``<br>``."""
    if value is None:
        return Markup("")
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Markup("<br>").join(escape(_CONTROL.sub(" ", line)) for line in lines)


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


def percent(value: float | None) -> str:
    return "—" if value is None else f"{amount(value, 1)}%"


def page_url(path: str) -> str:
    """The built file of a docs path (``use_directory_urls: false``): a.md -> a.html."""
    return path[:-3] + ".html" if path.endswith(".md") else path


def relative(from_path: str, to_path: str) -> str:
    """Link from one docs page to another (``projects/a.md`` -> ``../units/b.html``)."""
    target, _, fragment = to_path.partition("#")
    url = posixpath.relpath(page_url(target), posixpath.dirname(page_url(from_path)) or ".")
    return f"{url}#{fragment}" if fragment else url


@pass_context
def _href(context: Context, target: str) -> str:
    return relative(context["page_path"], target)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template: data is HTML-escaped unless a filter says otherwise
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    filters: dict[str, Any] = {
        "front_matter": front_matter, "multiline": multiline, "safe_url": safe_url,
        "amount": amount, "percent": percent, "href": _href,
    }
    env.filters.update(filters)
    return env
