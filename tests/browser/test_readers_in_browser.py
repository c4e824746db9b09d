"""The site for its readers (issue #9), in Chromium at 1280 and 390 px: the home page answers
the dispatch meeting's questions and its colour counts open the filtered list; the list's
filters are read from and written to the URL, named after downloads/projects.json's fields,
over http and from file://; no page is wider than a phone; the handout prints without the
site's chrome."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.browser.conftest import Watch

pytestmark = pytest.mark.browser

ROWS = "#portal-projects tbody tr"
WIDTHS = (1280, 390)
PAGES = ("index.html", "projects/index.html", "overdue.html", "dispatch.html", "scores.html",
         "units/index.html", "approval-items.html", "how-to-edit.html")


def published(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "downloads" / "projects.json").read_text(encoding="utf-8"))["projects"]


def shown_names(page: Any) -> set[str]:
    return set(page.locator(ROWS).evaluate_all(
        "rows => rows.filter(r => !r.hidden).map(r => r.cells[0].querySelector('a').textContent.trim())"))


def expected_names(site: Path, **filters: str) -> set[str]:
    """What the URL contract promises: the projects whose published fields equal the values."""
    def match(p: dict[str, Any]) -> bool:
        return all(str(p[k]).lower() == v for k, v in filters.items())
    return {p["name"] for p in published(site) if match(p)}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_home_page_colour_counts_open_the_list_filtered_by_that_colour(page, base_url, sample_site, watch,
                                                                          width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url)
    assert "数据截至 2026年11月26日" in page.locator(".portal-asof").first.inner_text()
    red = page.locator("a.portal-card-red")
    count = int(red.locator(".portal-card-value").inner_text())
    red.click()
    page.wait_for_url("**/projects/index.html?colour=red")
    assert shown_names(page) == expected_names(sample_site, colour="red")
    assert len(shown_names(page)) == count
    assert page.locator('select[data-filter="colour"]').input_value() == "red"
    assert watch.problems() == []


def test_the_most_stuck_list_is_the_ten_most_overdue_items_of_active_projects(page, base_url, sample_site, watch):
    page.goto(base_url)
    rows = page.locator(".portal-stuck tbody tr")
    assert 0 < rows.count() <= 10
    days = [int(d) for d in rows.evaluate_all("rs => rs.map(r => r.cells[3].textContent.trim())")]
    assert days == sorted(days, reverse=True)
    late = sorted((d["overdue_workdays"] for p in published(sample_site) if p["colour"] != "grey"
                   for d in [*p["approvals"], *p["deadlines"]]
                   if d["status"] == "overdue" and d.get("judged", True)), reverse=True)
    assert days == late[:rows.count()]
    assert watch.problems() == []


@pytest.mark.parametrize(("query", "filters"), [
    ("colour=yellow", {"colour": "yellow"}),
    ("stage=landing&key_project=true", {"stage": "landing", "key_project": "true"}),
    ("lead_unit=fagaiwei&colour=red", {"lead_unit": "fagaiwei", "colour": "red"}),
    ("industry=new_energy", {"industry": "new_energy"}),
    ("colour=purple", {"colour": "purple"}),
])
def test_a_filter_url_shows_exactly_the_matching_projects(page, base_url, sample_site, watch, query, filters):
    page.goto(f"{base_url}projects/index.html?{query}")
    assert shown_names(page) == expected_names(sample_site, **filters)
    assert watch.problems() == []


def test_changing_a_filter_writes_the_url_without_reloading(page, base_url, sample_site, watch):
    page.goto(f"{base_url}projects/index.html")
    page.evaluate("window.portalMarker = 1")
    page.locator('select[data-filter="colour"]').select_option("red")
    page.locator('input[data-filter="q"]').fill("光伏")
    query = parse_qs(page.evaluate("location.search").lstrip("?"))
    assert query == {"colour": ["red"], "q": ["光伏"]}
    assert page.evaluate("window.portalMarker") == 1          # the same document: no reload
    names = shown_names(page)
    assert names and all("光伏" in n for n in names) and names <= expected_names(sample_site, colour="red")
    page.reload()
    assert shown_names(page) == names                          # the URL alone restores the view
    assert watch.problems() == []


def test_filters_from_the_url_work_when_the_site_is_opened_from_a_folder(page, sample_site, watch: Watch):
    page.goto((sample_site / "projects" / "index.html").as_uri() + "?colour=red")
    assert shown_names(page) == expected_names(sample_site, colour="red")
    page.locator('select[data-filter="colour"]').select_option("green")
    assert shown_names(page) == expected_names(sample_site, colour="green")


@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_a_phone(page, base_url, watch, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}{path}")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert watch.problems() == []


def test_the_key_columns_of_the_project_list_fit_a_1280_screen(page, base_url, watch):
    page.goto(f"{base_url}projects/index.html")
    right = page.evaluate("""() => Math.max(...Array.from(document.querySelectorAll('#portal-projects th'))
        .map(th => th.getBoundingClientRect().right))""")
    assert right <= 1280
    heads = page.locator("#portal-projects th").all_inner_texts()
    assert heads[:6] == ["项目名称", "招引单位", "阶段", "状态", "逾期工作日", "最后更新"]
    assert watch.problems() == []


def test_the_handout_prints_the_red_items_without_the_sites_chrome(page, base_url, watch):
    page.goto(f"{base_url}dispatch.html")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator(".portal-handout-unit h2").count() >= 1
    assert page.locator(".portal-handout-unit table").first.is_visible()
    assert watch.problems() == []


@pytest.mark.parametrize(("query", "project"), [
    ("番茄酱", "吉木萨尔县年处理30万吨番茄酱加工项目"),         # a word of its 建设内容
    ("红庭番茄", "吉木萨尔县年处理30万吨番茄酱加工项目"),       # its investor, 新疆红庭番茄制品有限公司
    ("大有镇", "大有镇年屠宰5万头肉牛及冷鲜肉加工项目"),         # a township
])
def test_search_works_from_a_folder_and_finds_content_and_investors(page, sample_site, query, project):
    page.goto((sample_site / "index.html").as_uri())
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")      # Material queries on keyup
    hits = page.locator(".md-search-result__item a.md-search-result__link[href*='projects/']")
    hits.first.wait_for()
    titles = [t.replace("\u200b", "") for t in hits.all_inner_texts()]
    assert any(project in t for t in titles), titles


CHARTS = {"index.html": 2, "scores.html": 1, "projects/2024-agri-tomato-300kt.html": 1}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", sorted(CHARTS))
def test_charts_are_readable_text_with_a_name_and_a_table(page, base_url, watch, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}{path}")
    charts = page.locator("figure.portal-bars")
    assert charts.count() >= CHARTS[path]
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("aria-label")
        sizes = chart.locator("li span").evaluate_all(
            "spans => spans.filter(s => s.textContent.trim()).map(s => parseFloat(getComputedStyle(s).fontSize))")
        assert sizes and min(sizes) >= 12
        boxes = chart.locator("li").evaluate_all("lis => lis.map(l => l.getBoundingClientRect().toJSON())")
        assert all(a["bottom"] <= b["top"] + 0.5 for a, b in itertools.pairwise(boxes))   # no overlap
        assert chart.locator("details table tbody tr").count() == chart.locator("li").count()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert watch.problems() == []


def test_the_list_keyword_finds_any_part_of_an_investors_name(page, base_url, sample_site, watch):
    # "禾光" is a fragment the site search's word splitter may cut differently; the list's
    # keyword filter matches any part of the names.
    page.goto(f"{base_url}projects/index.html?q=禾光")
    assert shown_names(page) == {"大有镇50MW农光互补光伏项目"}
    assert watch.problems() == []
