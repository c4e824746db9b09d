"""`portal build` of the accountability fixture: the problem, meeting, notice, proposal,
score and method pages exist, sit in the navigation, say what the data says, and every link
and anchor between them and the project, unit and leader pages resolves (strict MkDocs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.build import build_site
from generator.render.accountability import INTERNAL_ONLY, PAGES
from tests.acceptance.sitecheck import broken_links, external_requests, read
from tests.conftest import AS_OF
from tests.unit.test_accountability import accountability_data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("accountability")
    result = build_site(accountability_data(root), root / "site", dt.date.fromisoformat(AS_OF))
    assert result.ok, "\n".join(result.errors)
    return root / "site"


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("accountability-internal")
    result = build_site(accountability_data(root), root / "site", dt.date.fromisoformat(AS_OF), "internal")
    assert result.ok, "\n".join(result.errors)
    return root / "site"


@pytest.mark.parametrize(("title", "path"), PAGES)
def test_the_page_is_built_and_in_the_navigation(site, internal_site, title, path):
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):home.index('<div class="md-content"')]
    if path in INTERNAL_ONLY:   # the drafts: neither built nor listed for the public
        assert not (site / path.replace(".md", ".html")).exists()
        assert f'href="{path.replace(".md", ".html")}"' not in home
        site = internal_site
        home = (site / "index.html").read_text(encoding="utf-8")
        nav = home[home.index('<nav class="md-nav md-nav--primary"'):home.index('<div class="md-content"')]
    page = read(site, path.replace(".md", ".html"))
    assert page.title.startswith(title)
    assert f'href="{path.replace(".md", ".html")}"' in nav and title in nav


def test_no_link_or_anchor_is_broken_and_nothing_is_fetched_from_elsewhere(site):
    assert broken_links(site) == []
    assert external_requests(site, set()) == []


def test_every_link_to_a_place_on_a_page_finds_an_element_with_that_id(site):
    pages = {path: read(site, str(path.relative_to(site))) for path in site.rglob("*.html")}
    ids = {path.resolve(): {v for _, n, v in page.attributes() if n == "id"} for path, page in pages.items()}
    missing = []
    for path, page in pages.items():
        for _, name, value in page.attributes():
            if name != "href" or "#" not in value or value.startswith(("http:", "https:")):
                continue
            target, _, anchor = value.partition("#")
            file = (path.parent / target).resolve() if target else path.resolve()
            if anchor and anchor not in ids.get(file, set()):
                missing.append(f"{path.relative_to(site)} -> {value}")
    assert missing == []


def test_the_problem_page_shows_the_overdue_county_problem_in_red(site):
    page = read(site, "problems.html")
    [row] = page.table("portal-problems-county").rows
    assert row[:6] == ["北庭工业园区精细化工项目", "项目用地征收补偿未完成", "已逾期", "59", "79", "自然资源局"]
    red = [attrs for tag, attrs in page.tags if tag == "span" and ("class", "portal-badge portal-red") in attrs]
    assert red


def test_the_meeting_page_shows_the_two_months_without_a_dispatch_meeting(site):
    table = read(site, "meetings.html").table("portal-meeting-months")
    assert [r[0] for r in table.rows if r[2] == "未召开"] == ["2026-07", "2026-02"]
    assert len(read(site, "meetings.html").table("portal-meetings").rows) == 9


def test_the_notice_and_proposal_pages_list_what_the_data_says(site, internal_site):
    notices = read(site, "notices.html").table("portal-notices")
    assert [(r[0], r[7]) for r in notices.rows] == [("吉投督〔2026〕2号", "已逾期"), ("吉投督〔2026〕1号", "逾期办结")]
    assert "督办建议" not in read(site, "notices.html").text
    proposals = read(internal_site, "proposed-notices.html").table("portal-proposed-notices")
    assert [(r[1], r[2]) for r in proposals.rows] == [
        ("审批逾期未办结", "生态环境局"), ("月报逾期未报", "商工局"), ("县级问题久拖未决", "自然资源局")]


def test_the_scores_link_to_each_units_indicators_and_the_method_follows_the_rules(site):
    ranking = read(site, "scores.html").table("portal-scores-attracting")
    # 2025 preceded the measures: no 2025 score is published next to 2026's
    assert ranking.rows[0] == ["1", "商工局", "78.0", "指标明细"]
    unit = read(site, "units/shanggongju.html")
    assert [r[0] for r in unit.table("portal-score-indicators").rows] == [
        "签约引资完成率", "年度投资计划完成率", "工程形象进度推进率", "前期手续按时率", "项目储备完成率",
        "月报按时报送率"]
    assert unit.table("portal-score-indicators-service").rows[0][0] == "审批按时办结率"
    method = read(site, "method.html").table("portal-method-service")
    assert [(r[0], r[1], r[2]) for r in method.rows] == [
        ("审批按时办结率", "50", "示例值（待县里确定）"), ("审批逾期工作日", "20", "示例值（待县里确定）"),
        ("收到督办通知单", "15", "示例值（待县里确定）"), ("问题按时解决率", "15", "示例值（待县里确定）")]


def test_the_leader_pages_show_the_pairing_flags(site):
    flags = read(site, "leaders/index.html").table("portal-key-flags")
    assert [r[3] for r in flags.rows] == ["达到参考门槛，请县里研究是否列为重点项目",
                                          "包联领导未按月听取汇报", "包联领导未按月现场调研"]
    assert read(site, "leaders/leader-li.html").table("portal-leader-problems").rows[0][1].startswith(
        "项目用地征收补偿未完成")
