"""Hostile text: a project whose every text field carries HTML, Markdown, attr_list,
md_in_html, pipes, backticks, javascript: links and line breaks. None of it may become
markup, a link, an event handler or a broken table; all of it must be shown as text."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator.build import build_site
from tests.acceptance.sitecheck import Page, broken_links, external_requests, read
from tests.conftest import AS_OF, FIXTURES

PAGE = "projects/2026-hostile.html"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "srcset", "data")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURES / "hostile", root / "data")
    result = build_site(root / "data", root / "site", dt.date.fromisoformat(AS_OF), "internal")
    assert result.ok, "\n".join(result.errors)
    return root / "site"


def _pages(site: Path) -> dict[str, Page]:
    return {str(p.relative_to(site)): read(site, str(p.relative_to(site))) for p in site.rglob("*.html")}


def test_no_script_from_the_data_reaches_any_page(site):
    for path, page in _pages(site).items():
        assert not any("alert" in script for script in page.scripts), path
        assert "<script>alert" not in (site / path).read_text(encoding="utf-8"), path


def test_no_element_from_the_data_exists_on_any_page(site):
    for path, page in _pages(site).items():
        tags = {tag for tag, _ in page.tags}
        assert "iframe" not in tags, path
        # The only pictures are the editing guide's own (docs/images/guide/), none from the data.
        pictures = [dict(attrs).get("src", "") for tag, attrs in page.tags if tag == "img"]
        assert all(p.startswith("images/guide/") for p in pictures), path
        assert not pictures or path == "how-to-edit.html", path
        assert not any(tag == "b" for tag, _ in page.tags), path
        assert not any(("markdown", "1") in attrs for _, attrs in page.tags), path


def test_no_event_handler_attribute_exists_on_any_page(site):
    for path, page in _pages(site).items():
        handlers = [(tag, name) for tag, name, _ in page.attributes() if name.startswith("on")]
        assert handlers == [], path


def test_no_javascript_url_exists_in_any_link(site):
    for path, page in _pages(site).items():
        bad = [(tag, name, value) for tag, name, value in page.attributes()
               if name in URL_ATTRIBUTES and value.strip().lower().startswith(("javascript:", "data:"))]
        assert bad == [], path


def test_the_markup_is_shown_as_text(site):
    text = read(site, PAGE).text
    assert '<script>alert("content")</script>' in text
    assert "[点](javascript:alert(1))" in text
    assert '{: onclick="alert(1)" }' in text
    assert "`代码` **粗** <iframe" in text


def test_the_page_title_is_plain_text_without_markup_characters(site):
    title = read(site, PAGE).title
    assert title.startswith("光伏＜script＞alert(＂name＂)＜/script＞ | *粗* ｀码｀")
    assert "<" not in title and "\n" not in title


def test_tables_keep_their_rows_and_cells_whatever_the_text_contains(site):
    page = read(site, PAGE)
    expected = {"portal-approvals": 3, "portal-reports": None, "portal-problems": 1,
                "portal-visits": 1, "portal-utilities": 1, "portal-services": 1, "portal-complaints": 1}
    for table_id, rows in expected.items():
        table = page.table(table_id)
        if rows is not None:
            assert len(table.rows) == rows, table_id
        assert all(len(row) == len(table.head) for row in table.rows), table_id
    listing = read(site, "projects/index.html").table("portal-projects")
    assert len(listing.rows) == 2 and all(len(r) == len(listing.head) for r in listing.rows)
    complaints = read(site, "complain.html").table("portal-complaints")
    assert len(complaints.rows) == 1 and len(complaints.rows[0]) == len(complaints.head)


def test_line_breaks_in_data_stay_inside_their_cell(site):
    approvals = read(site, PAGE).table("portal-approvals")
    assert approvals.rows[0][-1] == "备注：第一行 | 管道第二行 `反引号`"  # the note, labelled


def test_a_url_with_a_quote_is_not_linked_and_a_plain_one_is(site):
    page = read(site, PAGE)
    hrefs = [value for tag, name, value in page.attributes() if tag == "a" and name == "href"]
    assert "https://example.com/page?a=1&b=2" in hrefs
    assert not any("example.com/a'" in h for h in hrefs)
    assert "https://example.com/a'onclick='alert(1)" not in page.text


def test_only_the_plain_data_link_points_to_another_host(site):
    assert external_requests(site, {"https://example.com/page?a=1&b=2"}) == []
    assert broken_links(site) == []


def test_the_search_index_holds_the_markup_only_as_escaped_text(site):
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    docs = json.loads(index)["docs"]
    assert not any("<script>alert" in d["text"] or "<img" in d["text"] for d in docs)
