"""The audit trail on the built site: a data repository with two scripted commits shows each
revision with its Chinese field changes on the project page, the last update on the page and
in the list, Atom feeds with absolute links and the monthly digest; a data folder outside git
and a shallow clone still build, and their pages say what is missing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.build import build_site
from tests.acceptance.sitecheck import broken_links, read
from tests.conftest import AS_OF, FIXTURES, REPO
from tests.unit.test_history import commit_all

A = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://touzi.example.gov.cn/portal/"
PROJECT = "projects/2026-base-pv.html"
FIRST = "2026-03-01T10:00:00+08:00"
SECOND = "2026-04-25T16:30:00+08:00"
SECOND_MESSAGE = "环评批复已办结，登记并网问题 <b>加粗</b>\n\n依据生态环境局批复文件"
# The second commit: the approval completed, a problem raised, and two internal fields
# (the investor's phone, the internal note) changed, which a public site must not show.
EDITS = (
    ("  - item: eia-table\n    submitted: 2026-04-01\n",
     "  - item: eia-table\n    submitted: 2026-04-01\n    completed: 2026-04-20\n"),
    ('phone: "13800000000"', 'phone: "13900000000"'),
    ("internal_notes: 内部备注示例", "internal_notes: 内部备注示例（已更新）"),
)
PROBLEM = """\
problems:
  - id: grid
    title: 并网线路迟迟未接通
    level: general
    owner_unit: gongdian
    raised: 2026-04-24
    status: open
"""


def _build(data: Path, out: Path, audience: str = "public") -> Path:
    result = build_site(data, out, dt.date.fromisoformat(AS_OF), audience)  # type: ignore[arg-type]
    assert result.ok, "\n".join(result.errors)
    return out


def _repo(root: Path) -> Path:
    """The base fixture in a git repository with a mkdocs.yml that sets site_url: two commits,
    then a new project file that is not committed yet."""
    shutil.copytree(FIXTURES / "base", root / "data")
    units = root / "data" / "units.yaml"   # 王芳 is the commerce bureau's clerk; 李明 is unknown
    units.write_text(units.read_text(encoding="utf-8").replace(
        "    short_name: 商工局\n", "    short_name: 商工局\n    git_identities: [王芳]\n", 1), encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = SITE_URL
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    commit_all(root, "新建项目：北庭镇光伏", FIRST, author="李明")
    project = root / "data" / "projects" / "2026-base-pv.yaml"
    text = project.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new)
    project.write_text(text + PROBLEM, encoding="utf-8")
    commit_all(root, SECOND_MESSAGE, SECOND, author="王芳")
    new = text.replace("id: 2026-base-pv", "id: 2026-base-new").replace(
        "name: 北庭镇20MW分布式光伏项目", "name: 北庭镇新建储能项目")
    (root / "data" / "projects" / "2026-base-new.yaml").write_text(new, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _repo(tmp_path_factory.mktemp("history") / "repo")


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    return _build(repo / "data", repo.parent / "site")


@pytest.fixture(scope="module")
def internal_site(repo: Path) -> Path:
    return _build(repo / "data", repo.parent / "internal", "internal")


def _feed(site: Path, path: str) -> ET.Element:
    xml = (site / path).read_bytes()
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(xml)
    assert root.tag == f"{A}feed"
    return root


def test_the_project_page_lists_each_revision_newest_first_with_its_chinese_field_changes(site):
    page = read(site, PROJECT)
    table = page.table("portal-revisions")
    assert table.head == ["日期", "修改人", "修改说明", "修改内容", "提交"]
    # Public pages name the unit a clerk belongs to (units.yaml git_identities), never a person.
    assert [row[:2] for row in table.rows] == [["2026-04-25 16:30", "吉木萨尔县商务和工业信息化局"],
                                               ["2026-03-01 10:00", "数据维护人员"]]
    assert "王芳" not in (site / PROJECT).read_text(encoding="utf-8")
    assert "王芳" not in (site / "feed.xml").read_text(encoding="utf-8")
    newest, first = table.rows
    assert newest[2].startswith("环评批复已办结，登记并网问题 <b>加粗</b>") and "依据生态环境局批复文件" in newest[2]
    assert "审批事项 建设项目环境影响报告表审批：办结日期 空 → 2026-04-20" in newest[3]
    assert "问题 grid：新增“并网线路迟迟未接通”" in newest[3]
    assert "另有 2 处内部信息修改（不公开）" in newest[3]
    assert first[2] == "新建项目：北庭镇光伏" and first[3] == "新建项目文件"
    assert "最后更新：2026-04-25 16:30（北京时间）" in page.text


def test_data_from_commits_is_text_on_the_page_not_markup(site):
    html = (site / PROJECT).read_text(encoding="utf-8")
    assert "<b>加粗</b>" not in html and "&lt;b&gt;加粗&lt;/b&gt;" in html


def test_a_public_site_never_shows_changes_to_internal_fields(site):
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            for value in ("13800000000", "13900000000", "内部备注示例"):
                assert value not in text, (path, value)


def test_the_internal_site_shows_the_internal_changes(internal_site):
    changes = read(internal_site, PROJECT).table("portal-revisions").rows[0][3]
    assert "13800000000 → 13900000000" in changes and "内部备注示例（已更新）" in changes
    assert "不公开" not in changes


def test_a_project_file_not_yet_committed_says_so(site):
    page = read(site, "projects/2026-base-new.html")
    assert "本项目文件还没有提交记录" in page.text and "最后更新：不详" in page.text
    assert not any(t.id == "portal-revisions" for t in page.tables)


def test_the_project_list_has_a_sortable_last_updated_column(site):
    page = read(site, "projects/index.html")
    table = page.table("portal-projects")
    column = table.head.index("最后更新")
    cells = {row[0]: row[column] for row in table.rows}
    assert cells == {"北庭镇20MW分布式光伏项目": "2026-04-25", "北庭镇新建储能项目": "—"}
    values = [dict(attrs).get("data-value") for tag, attrs in page.tags if tag == "td"
              and dict(attrs).get("data-value", "").startswith("2026-04-25T")]
    assert values == ["2026-04-25T16:30:00+08:00"]


def test_the_site_feed_is_valid_atom_with_absolute_links_to_existing_pages(site):
    feed = _feed(site, "feed.xml")
    assert feed.findtext(f"{A}id") == SITE_URL + "feed.xml"
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}updated") for e in entries] == [SECOND, FIRST]
    assert "办结日期 空 → 2026-04-20" in entries[0].findtext(f"{A}summary")
    links = [link.get("href") for link in feed.iter(f"{A}link")]
    assert links and all(href.startswith(SITE_URL) for href in links)
    for href in links:
        assert (site / (href[len(SITE_URL):] or "index.html")).is_file(), href
    assert entries[0].find(f"{A}link").get("href") == SITE_URL + PROJECT
    text = (site / "feed.xml").read_text(encoding="utf-8")
    assert "13900000000" not in text and "内部备注示例" not in text


def test_each_unit_has_a_feed_of_its_projects_linked_from_its_page(site):
    mine = _feed(site, "feeds/shanggongju.xml")
    assert mine.findtext(f"{A}id") == SITE_URL + "feeds/shanggongju.xml"
    assert len(mine.findall(f"{A}entry")) == 2
    assert {link.get("href") for link in mine.findall(f"{A}link")} == {
        SITE_URL + "feeds/shanggongju.xml", SITE_URL + "units/shanggongju.html"}
    assert _feed(site, "feeds/fagaiwei.xml").findall(f"{A}entry") == []
    unit = read(site, "units/shanggongju.html")
    assert ("href", "../feeds/shanggongju.xml") in [(n, v) for _, n, v in unit.attributes()]


def test_the_home_page_links_the_feed_and_shows_the_latest_changes(site):
    page = read(site, "index.html")
    attributes = page.attributes()
    assert ("a", "href", "feed.xml") in attributes and ("a", "href", "changes.html") in attributes
    alternate = [dict(attrs) for tag, attrs in page.tags if tag == "link"
                 and dict(attrs).get("type") == "application/atom+xml"]
    assert [a["href"] for a in alternate] == ["feed.xml"]
    assert "2026-04-25 16:30 北庭镇20MW分布式光伏项目：" in page.text
    nested = [dict(attrs) for tag, attrs in read(site, PROJECT).tags if tag == "link"
              and dict(attrs).get("rel") == "alternate feed"]
    assert [a["href"] for a in nested] == ["../feed.xml"]


def test_the_digest_page_lists_the_month_by_kind_with_links_to_the_project(site):
    page = read(site, "changes.html")
    text = page.text[page.text.index("用 RSS/Atom 阅读器订阅"):]   # the article, after the table of contents
    assert text.index("2026年4月") < text.index("2026年3月")
    april = text[text.index("2026年4月"):text.index("2026年3月")]
    assert "审批办结（1）" in april and "新登记问题（1）" in april
    assert "2026-04-25 北庭镇20MW分布式光伏项目：审批事项 建设项目环境影响报告表审批：办结日期 空 → 2026-04-20" in april
    march = text[text.index("2026年3月"):]
    assert "新建项目（1）" in march
    assert ("a", "href", PROJECT) in page.attributes()
    assert ("a", "href", "feeds/shanggongju.xml") in page.attributes()


def test_the_new_pages_are_in_the_navigation_and_project_pages_are_not(site):
    page = read(site, "index.html")
    nav = [value for tag, name, value in page.attributes() if tag == "a" and name == "href"
           and value in ("changes.html", "downloads.html", PROJECT)]
    assert "changes.html" in nav and "downloads.html" in nav
    nav_links = (site / "index.html").read_text(encoding="utf-8").split('class="md-nav__list"', 1)[1]
    assert "2026-base-pv.html" not in nav_links.split("</nav>", 1)[0]


def test_the_history_site_has_no_broken_links(site):
    assert broken_links(site) == []


def test_a_data_folder_outside_git_builds_and_says_that_history_is_missing(tmp_path):
    shutil.copytree(FIXTURES / "base", tmp_path / "data")
    site = _build(tmp_path / "data", tmp_path / "site")
    page = read(site, PROJECT)
    assert "修订历史不可用：数据文件夹不在 git 仓库中。" in page.text and "最后更新：不详" in page.text
    table = read(site, "projects/index.html").table("portal-projects")
    assert table.rows[0][table.head.index("最后更新")] == "—"
    assert "不在 git 仓库中" in read(site, "changes.html").text
    # Without site_url the feeds are still valid Atom, with links relative to each feed.
    feed = _feed(site, "feeds/shanggongju.xml")
    assert feed.findtext(f"{A}id").startswith("urn:uuid:")
    hrefs = {link.get("href") for link in feed.findall(f"{A}link")}
    assert hrefs == {"../feeds/shanggongju.xml", "../units/shanggongju.html"}
    assert all((site / "feeds" / href).resolve().is_file() for href in hrefs)
    assert b"site_url is not set" in (site / "feed.xml").read_bytes()


def test_a_shallow_clone_builds_and_says_that_history_is_incomplete(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    site = _build(clone / "data", tmp_path / "site")
    page = read(site, PROJECT)
    assert "修订历史不完整" in page.text
    assert "浅克隆" in read(site, "changes.html").text and "fetch-depth: 0" in read(site, "index.html").text
    _feed(site, "feed.xml")
