"""The schema-generated hostile project (tests/hostile/generate.py) in a real browser: no
payload runs (no dialog, no console error), none becomes an element, not on the project page,
not in the list, and not in Material's search results, which render the index as HTML."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from generator.build import build_site
from tests.browser.conftest import Watch, serve
from tests.conftest import AS_OF
from tests.hostile.generate import BASE_DATA, PROJECT_ID, Hostile, dump, hostile_project

pytestmark = [pytest.mark.browser, pytest.mark.hostile]

ACTIVE = ("script:not([src]), img, iframe, object, embed, [onerror], [onload], [onclick], [onmouseover], "
          "a[href^='javascript']")


# Fields whose markers are searched for: title, table cells, a list and a paragraph.
SEARCHED = [("name",), ("complaints", "[]", "summary"), ("production", "services", "[]", "title"),
            ("links", "[]", "title"), ("internal_notes",)]


@pytest.fixture(scope="module")
def hostile() -> Hostile:
    return hostile_project()[1]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile-browser")
    shutil.copytree(BASE_DATA, root / "data")
    document, _ = hostile_project()
    (root / "data" / "projects" / f"{PROJECT_ID}.yaml").write_text(dump(document), encoding="utf-8")
    result = build_site(root / "data", root / "site", dt.date.fromisoformat(AS_OF), "internal")
    assert result.ok, "\n".join(result.errors)
    with serve(root / "site") as url:
        yield url


def active_elements(page: Any, scope: str = "article") -> list[str]:
    """Elements inside ``scope`` that run code or load something, with their outer HTML."""
    return list(page.locator(f"{scope} :is({ACTIVE})").evaluate_all("els => els.map(e => e.outerHTML.slice(0, 120))"))


def test_the_hostile_project_page_runs_nothing_and_shows_the_payloads_as_text(page, hostile_url, watch: Watch):
    page.goto(f"{hostile_url}projects/{PROJECT_ID}.html")
    page.wait_for_load_state("networkidle")
    assert active_elements(page) == []
    body = page.locator("article").inner_text()
    assert "<script>alert(1)</script>" in body and "<img src=x onerror=alert(1)>" in body
    assert watch.problems() == []


def test_the_project_list_with_hostile_values_filters_and_runs_nothing(page, hostile_url, watch: Watch):
    page.goto(f"{hostile_url}projects/index.html")
    assert page.locator("form.portal-filters").is_visible()
    rows = page.locator("#portal-projects tbody tr")
    assert rows.count() == 2
    page.locator('select[data-filter="key_project"]').select_option("true")
    assert page.locator("#portal-projects tbody tr:visible").count() == 1
    assert active_elements(page) == []
    assert watch.problems() == []


@pytest.mark.parametrize("field", SEARCHED, ids=[".".join(f) for f in SEARCHED])
def test_search_results_show_hostile_text_without_running_it(page, hostile_url, hostile, watch: Watch, field):
    page.goto(hostile_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(hostile.filled[field][0])
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(300)   # let every result render before looking for what it made
    assert active_elements(page, ".md-search-result") == []
    assert "alert(1)" in page.locator(".md-search-result").inner_text()
    assert watch.problems() == []


def test_the_hostile_site_asked_no_other_host(page, hostile_url, watch: Watch):
    for path in ("", f"projects/{PROJECT_ID}.html", "projects/index.html", "complain.html", "overdue.html"):
        page.goto(f"{hostile_url}{path}")
        page.wait_for_load_state("networkidle")
    assert watch.foreign == [] and watch.problems() == []
