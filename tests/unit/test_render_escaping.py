"""Escaping at the Markdown level: the hostile fixture's pages stay inert even when every
Markdown extension that could read data as syntax is switched on (md_in_html, attr_list)."""

from __future__ import annotations

import datetime as dt

import markdown
import pytest

from generator.pipeline import load_and_evaluate
from generator.render import render_pages
from tests.acceptance.sitecheck import Page
from tests.conftest import AS_OF, FIXTURES

# <strong> is written by the templates themselves (labels), never from data.
DATA_TAGS = {"script", "img", "iframe", "b", "em", "code"}
EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "md_in_html", "def_list", "footnotes", "abbr"]


@pytest.fixture(scope="module")
def html_pages() -> dict[str, Page]:
    result = load_and_evaluate(FIXTURES / "hostile", dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    out = {}
    for path, text in render_pages(result.records, result.facts, "internal").items():
        body = text.split("---\n", 2)[2]
        out[path] = Page(markdown.Markdown(extensions=EXTENSIONS).convert(body))
    return out


def test_no_data_becomes_an_element_or_attribute_with_every_extension_on(html_pages):
    for path, page in html_pages.items():
        tags = {tag for tag, _ in page.tags}
        assert not tags & DATA_TAGS, path
        names = {name for _, name, _ in page.attributes()}
        assert not any(n.startswith("on") or n == "markdown" for n in names), path
        hrefs = [v for _, n, v in page.attributes() if n in ("href", "src")]
        assert not any(v.strip().lower().startswith("javascript:") for v in hrefs), path


def test_every_project_table_keeps_one_cell_per_header(html_pages):
    page = html_pages["projects/2026-hostile.md"]
    for table in page.tables:
        assert all(len(row) == len(table.head) for row in table.rows), table.id
