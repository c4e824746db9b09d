"""The sample site in a real browser: dashboard, project page, list filters and sorting,
overdue page, Material's Chinese search, and that no page asks any other host for anything."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.acceptance.sitecheck import read
from tests.browser.conftest import DATA, Watch

pytestmark = pytest.mark.browser

ROWS = "#portal-projects tbody tr"


def projects() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((DATA / "projects").glob("*.yaml"))]


def assert_clean(watch: Watch) -> None:
    assert watch.problems() == []
    assert watch.requests, "the page made no request at all: was it opened?"


def visible_rows(page: Any) -> list[dict[str, str]]:
    """The data-* attributes of every row of the project list that is not hidden."""
    return list(page.locator(ROWS).evaluate_all(
        "rows => rows.filter(r => !r.hidden && r.offsetParent !== null).map(r => Object.assign({}, r.dataset))"))


def choose(page: Any, key: str, value: str) -> None:
    page.locator(f'form.portal-filters select[data-filter="{key}"]').select_option(value)


def test_the_home_page_shows_the_dashboard(page, base_url, watch):
    page.goto(base_url)
    assert page.title().startswith("首页")
    assert page.locator("article h1").inner_text() == "首页"
    cards = page.locator(".portal-card .portal-card-value")
    assert cards.count() >= 6
    active = [p for p in projects() if p.get("status", "active") == "active"]
    counted = page.locator(".portal-card", has_text="推进中和已投产的项目").locator(".portal-card-value")
    assert counted.inner_text() == str(len(active))   # paused and cancelled: grey, not counted
    assert page.locator(".portal-card-red").is_visible()
    assert_clean(watch)


def test_a_project_page_shows_its_approvals_and_progress_chart(page, base_url, watch):
    project = next(p for p in projects() if len(p.get("approvals", [])) >= 3 and p.get("monthly_reports"))
    page.goto(f"{base_url}projects/{project['id']}.html")
    assert page.locator("article h1").inner_text() == project["name"]
    approvals = page.locator("#portal-approvals tbody tr")
    assert approvals.count() == len(project["approvals"])
    assert page.locator("#portal-approvals").is_visible()
    assert page.locator('figure.portal-bars[aria-label]').first.is_visible()
    assert_clean(watch)


def test_the_project_list_filters_rows_by_stage_colour_and_reset(page, base_url, watch, sample_site: Path):
    everything = projects()
    stages = Counter(p["stage"] for p in everything)
    stage, expected = stages.most_common(1)[0]
    page.goto(f"{base_url}projects/index.html")
    assert page.locator("form.portal-filters").is_visible()   # the script shows the form
    assert len(visible_rows(page)) == len(everything)
    assert page.locator(".portal-filter-count").inner_text() == f"显示 {len(everything)} / {len(everything)} 个项目"

    choose(page, "stage", stage)
    rows = visible_rows(page)
    assert len(rows) == expected and {r["stage"] for r in rows} == {stage}
    assert page.locator(".portal-filter-count").inner_text() == f"显示 {expected} / {len(everything)} 个项目"

    # Two filters combine (AND); the expectation comes from the static HTML, not from the script.
    listing = read(sample_site, "projects/index.html")
    attributes = [dict(a) for tag, a in listing.tags if tag == "tr" and any(k == "data-stage" for k, _ in a)]
    colour = Counter(a["data-colour"] for a in attributes if a["data-stage"] == stage).most_common(1)[0][0]
    both = [a for a in attributes if a["data-stage"] == stage and a["data-colour"] == colour]
    choose(page, "colour", colour)
    rows = visible_rows(page)
    assert 0 < len(rows) <= expected
    assert len(rows) == len(both) and all(r["colour"] == colour and r["stage"] == stage for r in rows)

    page.locator("form.portal-filters button[type=reset]").click()
    page.wait_for_function(f"document.querySelectorAll('{ROWS}:not([hidden])').length === {len(everything)}")
    assert len(visible_rows(page)) == len(everything)
    assert_clean(watch)


def test_a_filter_that_matches_nothing_hides_every_row(page, base_url, watch):
    unit_counts = Counter(p["lead_unit"] for p in projects())
    page.goto(f"{base_url}projects/index.html")
    options = page.locator('select[data-filter="industry"] option').evaluate_all("os => os.map(o => o.value)")
    unit = min(unit_counts, key=lambda u: unit_counts[u])
    other = next(o for o in options if o and all(p["industry"] != o for p in projects() if p["lead_unit"] == unit))
    choose(page, "lead_unit", unit)
    assert len(visible_rows(page)) == unit_counts[unit]
    choose(page, "industry", other)
    assert visible_rows(page) == []
    assert page.locator(".portal-filter-count").inner_text().startswith("显示 0 / ")
    assert_clean(watch)


def test_the_project_list_sorts_by_planned_investment(page, base_url, watch):
    page.goto(f"{base_url}projects/index.html")
    header = page.locator("#portal-projects thead th").nth(6)
    assert "计划总投资" in header.inner_text()
    values = "rows => rows.map(r => parseFloat(r.cells[6].getAttribute('data-value')))"
    header.locator("button").click()
    ascending = page.locator(ROWS).evaluate_all(values)
    assert ascending == sorted(ascending) and header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    descending = page.locator(ROWS).evaluate_all(values)
    assert descending == sorted(ascending, reverse=True) and header.get_attribute("aria-sort") == "descending"
    assert_clean(watch)


def test_without_javascript_the_list_shows_every_project_and_no_filter(page_without_js, base_url, watch):
    page_without_js.goto(f"{base_url}projects/index.html")
    assert page_without_js.locator(ROWS).count() == len(projects())
    assert page_without_js.locator(f"{ROWS}:visible").count() == len(projects())
    assert not page_without_js.locator("form.portal-filters").is_visible()
    assert_clean(watch)


def test_the_overdue_page_lists_overdue_approvals_that_link_to_their_project(page, base_url, watch):
    page.goto(f"{base_url}overdue.html")
    assert page.locator("article h1").inner_text() == "逾期审批"
    table = page.locator("article table").first         # overdue and not done, most days first
    rows = table.locator("tbody tr")
    assert rows.count() > 0
    days = [int(t) for t in rows.locator("td:nth-child(8)").all_inner_texts()]
    assert days == sorted(days, reverse=True) and days[-1] > 0
    link = rows.first.locator("td a").first
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/projects/*.html")
    assert page.locator("article h1").inner_text() == name
    assert_clean(watch)


def test_chinese_search_finds_a_photovoltaic_project_and_opens_it(page, base_url, watch):
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    # fill() inserts the characters at once like an input method; Material queries on keyup.
    box.fill("光伏")
    box.press("End")
    hits = page.locator(".md-search-result__item a.md-search-result__link[href*='projects/']")
    hits.first.wait_for()
    assert "光伏" in hits.first.inner_text().replace("\u200b", "")
    hits.first.click()
    page.wait_for_url("**/projects/*.html*")
    assert "光伏" in page.locator("article h1").inner_text()
    assert_clean(watch)


def test_every_page_of_the_navigation_opens_cleanly(page, base_url, watch):
    page.goto(base_url)
    links = page.locator("nav.md-nav--primary a.md-nav__link[href]").evaluate_all(
        "links => [...new Set(links.map(a => a.href.split('#')[0]))]")
    assert len(links) >= 8
    for url in links:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert page.locator("article h1").first.inner_text().strip(), url
    assert_clean(watch)
