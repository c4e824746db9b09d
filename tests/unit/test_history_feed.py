"""The Atom feed of data changes: valid XML, absolute links, stable ids, escaped data."""

from __future__ import annotations

import copy
import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from generator.build.publish import KeptHistory, feeds
from generator.history import atom_feed, entry_id, project_url, read_history
from generator.history.model import History
from generator.records import Records

from .test_history import scripted_repo

A = "{http://www.w3.org/2005/Atom}"
SITE = "https://xm.jimsar.example.gov.cn/portal/"


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    repo = scripted_repo(tmp_path_factory.mktemp("feed"))
    return repo, read_history(repo.data, item_names={"eia-table": "环评批复"})


def parse(xml: bytes) -> ET.Element:
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(xml)


def test_the_site_feed_is_atom_with_one_entry_per_revision_newest_first(history):
    _, h = history
    feed = parse(atom_feed(h, SITE, "吉木萨尔县项目动态"))
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}title") == "吉木萨尔县项目动态"
    assert feed.findtext(f"{A}id") == SITE + "feed.xml"
    assert feed.findtext(f"{A}updated") == "2026-08-03T11:00:00+08:00"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": SITE + "feed.xml", "alternate": SITE}
    entries = feed.findall(f"{A}entry")
    assert len(entries) == len(h.revisions) == 7
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == 7 and all(i.startswith("urn:uuid:") for i in ids)
    assert ids == [entry_id(r) for r in h.revisions]
    updated = [dt.datetime.fromisoformat(e.findtext(f"{A}updated")) for e in entries]
    assert updated == sorted(updated, reverse=True) and updated[0].utcoffset() == dt.timedelta(hours=8)


def test_entries_link_to_absolute_project_pages_and_carry_the_changes(history):
    _, h = history
    entries = parse(atom_feed(h, SITE, "项目动态")).findall(f"{A}entry")
    approval = next(e for e in entries if "环评批复已办结" in e.findtext(f"{A}summary"))
    assert approval.find(f"{A}link").get("href") == SITE + "projects/2026-solar/"
    assert approval.findtext(f"{A}author/{A}name") == "李明"
    assert approval.findtext(f"{A}title") == "北庭镇20MW分布式光伏项目：审批事项 环评批复：办结日期 空 → 2026-03-20"
    assert approval.find(f"{A}category").get("term") == "shanggongju"
    content = approval.find(f"{A}content")
    assert content.get("type") == "html"
    fragment = ET.fromstring(content.text)  # the HTML fragment is itself well-formed
    assert [li.text for li in fragment.iter("li")] == ["审批事项 环评批复：办结日期 空 → 2026-03-20"]
    deleted = entries[0]
    assert deleted.find(f"{A}link").get("href") == SITE + "projects/"


def test_data_in_the_feed_is_escaped_and_control_characters_are_dropped(history):
    _, h = history
    xml = atom_feed(h, SITE, "项目动态 <b>&")
    assert b"<script>" not in xml and b"\x01" not in xml
    feed = parse(xml)
    assert feed.findtext(f"{A}title") == "项目动态 <b>&"
    resolved = feed.findall(f"{A}entry")[1]
    assert "<script>alert(1)</script> &" in resolved.findtext(f"{A}summary")
    html = resolved.findtext(f"{A}content")
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_a_unit_feed_holds_only_that_units_projects(history):
    _, h = history
    feed = parse(atom_feed(h, SITE, "农业农村局项目动态", unit="nongye",
                           feed_path="units/nongye/feed.xml", page_path="units/nongye/"))
    assert feed.findtext(f"{A}id") == SITE + "units/nongye/feed.xml"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links["alternate"] == SITE + "units/nongye/"
    entries = feed.findall(f"{A}entry")
    assert [e.find(f"{A}category").get("term") for e in entries] == ["nongye", "nongye"]
    assert feed.findtext(f"{A}updated") == "2026-08-03T11:00:00+08:00"


def test_the_current_unit_mapping_overrides_the_unit_recorded_in_old_revisions(history):
    _, h = history
    feed = parse(atom_feed(h, SITE, "x", unit="fagaiwei", project_units={"2026-solar": "fagaiwei"}))
    assert len(feed.findall(f"{A}entry")) == 5


def test_max_entries_limits_the_feed(history):
    _, h = history
    assert len(parse(atom_feed(h, SITE, "x", max_entries=3)).findall(f"{A}entry")) == 3


def test_an_empty_history_still_gives_a_valid_feed_with_its_reason():
    feed = parse(atom_feed(History("no_git", "修订历史不可用：数据文件夹不在 git 仓库中。"), SITE, "x"))
    assert feed.findall(f"{A}entry") == []
    assert feed.findtext(f"{A}updated") == "1970-01-01T00:00:00+00:00"
    assert "不在 git 仓库中" in feed.findtext(f"{A}subtitle")


@pytest.mark.parametrize("site", ["javascript:alert(1)", "/relative/", "ftp://example.org/"])
def test_site_url_must_be_an_absolute_http_address(history, site):
    with pytest.raises(ValueError, match="site_url"):
        atom_feed(history[1], site, "x")


def test_a_site_url_without_a_trailing_slash_is_completed_and_ids_are_escaped():
    assert project_url("https://example.org/p", "a b") == "https://example.org/p/projects/a%20b/"


def test_a_site_without_directory_urls_passes_its_own_page_paths(history):
    _, h = history
    feed = parse(atom_feed(h, SITE, "x", project_page=lambda pid: f"projects/{pid}.html",
                           list_page="projects/index.html"))
    hrefs = [e.find(f"{A}link").get("href") for e in feed.findall(f"{A}entry")]
    assert hrefs[0] == SITE + "projects/index.html"              # the deleted project
    assert set(hrefs[1:]) == {SITE + "projects/2026-solar.html", SITE + "projects/2026-mill.html"}


def test_a_preview_makes_its_feeds_again_only_when_what_they_show_changed(history):
    """``portal serve`` keeps the feeds of the history it keeps (``KeptHistory``): reused for
    equal inputs, made again when a unit's name, a project's lead unit, the units, the address
    or the site's name changed, and never taken for another history."""
    _, h = history
    records = Records(projects={pid: {"lead_unit": "u1"} for pid in h.by_project},
                      units={"u1": {"name": "甲局"}, "u2": {"name": "乙局"}})
    kept = KeptHistory(key="k", history=h)
    first = feeds(h, records, SITE, "平台", kept)
    assert first == feeds(h, records, SITE, "平台")       # what a build without a session makes
    assert feeds(h, copy.deepcopy(records), SITE, "平台", kept) is first
    moved = sorted(h.by_project)[0]
    changes = [
        (replace(records, units={**records.units, "u1": {"name": "甲局（改）"}}), SITE, "平台"),
        (replace(records, projects={**records.projects, moved: {"lead_unit": "u2"}}), SITE, "平台"),
        (replace(records, units={**records.units, "u3": {"name": "丙局"}}), SITE, "平台"),
        (records, None, "平台"),
        (records, SITE, "另一个平台"),
    ]
    for changed, site_url, name in changes:
        assert feeds(h, records, SITE, "平台", kept) == first          # kept for these inputs again
        made = feeds(h, changed, site_url, name, kept)
        assert made == feeds(h, changed, site_url, name) != first
    again = replace(h, message="另一次读取")              # another history: never the kept feeds
    made = feeds(again, records, SITE, "平台", kept)
    assert made == feeds(again, records, SITE, "平台") and made is not kept.feeds
