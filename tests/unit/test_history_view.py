"""The history as the pages show it: revisions capped with a count, last-updated cells, the
latest changes and the digest's groups, and a history that could not be read."""

from __future__ import annotations

import datetime as dt

from generator.history import Change, History, Revision
from generator.records import Records
from generator.render import history_view as hv
from generator.render.views import Lookup

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
RECORDS = Records(projects={"p1": {"name": "光伏项目"}}, units={"u1": {"name": "商工局全称", "short_name": "商工局"}})


def revision(day: int, *, pid: str = "p1", message: str = "修改", changes: tuple[Change, ...] = (),
             added: bool = False) -> Revision:
    when = dt.datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI) + dt.timedelta(days=day)
    return Revision(commit=f"{day:040d}", date=when, authored=when, author="李明", message=message,
                    project_id=pid, path=f"data/projects/{pid}.yaml", changes=changes, added=added,
                    project_name="光伏项目" if pid == "p1" else "已删除的项目")


def history(revisions: list[Revision]) -> History:
    newest = sorted(revisions, key=lambda r: r.date, reverse=True)
    by_project: dict[str, list[Revision]] = {}
    for r in newest:
        by_project.setdefault(r.project_id, []).append(r)
    return History("ok", "", tuple(newest), {k: tuple(v) for k, v in by_project.items()},
                   {k: v[0].date for k, v in by_project.items()})


def pages(h: History | None) -> hv.HistoryPages:
    return hv.HistoryPages(h, RECORDS, Lookup(RECORDS))


def test_a_project_page_lists_the_newest_revisions_and_counts_the_rest():
    view = pages(history([revision(d) for d in range(hv.MAX_REVISIONS + 5)])).project("p1")
    assert len(view.revisions) == hv.MAX_REVISIONS and view.omitted == 5
    assert view.revisions[0].date == "2026-04-04 09:00" and view.last_updated == "2026-04-04 09:00"
    assert view.message == ""


def test_the_commit_message_is_split_into_its_summary_and_body():
    line = hv.revision_line(revision(0, message="环评批复已办结\n\n依据批复文件\n第二行"))
    assert (line.summary, line.body) == ("环评批复已办结", "依据批复文件\n第二行")
    assert line.commit == "0000000" and line.changes == ["仅修改了格式或注释，数据未变"]


def test_without_a_history_every_place_says_what_is_missing():
    view = pages(None)
    project = view.project("p1")
    assert project.message == hv.NOT_READ.message and project.revisions == [] and project.last_updated == ""
    assert view.updated(["p1"]) == {"projects/p1.md": hv.Updated("—", "")}
    assert view.latest() == [] and view.digest() == []


def test_the_list_cell_shows_the_day_and_sorts_by_the_full_time():
    cells = pages(history([revision(3)])).updated(["p1"])
    assert cells["projects/p1.md"] == hv.Updated("2026-03-04", "2026-03-04T09:00:00+08:00")


def test_latest_changes_link_existing_projects_and_name_deleted_ones():
    lines = pages(history([revision(1, added=True), revision(2, pid="gone", added=True)])).latest()
    assert [(x.project.name, x.project.path, x.text) for x in lines] == [
        ("已删除的项目", None, "新建项目文件"), ("光伏项目", "projects/p1.md", "新建项目文件")]


def test_the_digest_groups_a_month_by_kind_and_caps_long_lists(monkeypatch):
    monkeypatch.setattr(hv, "MAX_DIGEST_ITEMS", 1)
    reports = [revision(day, changes=(Change(("monthly_reports", f"2026-0{day}"), f"monthly_reports[2026-0{day}]",
                                             "added", "月报", None, {}, f"月报 2026-0{day}：新增"),))
               for day in (2, 3)]
    months = pages(history([revision(0, added=True), *reports])).digest()
    assert [m.title for m in months] == ["2026年3月"]
    assert [(g.label, g.total, g.omitted) for g in months[0].groups] == [("新建项目", 1, 0), ("报送月报", 2, 1)]
    assert months[0].groups[1].lines[0].project.path == "projects/p1.md"


def test_every_unit_has_a_feed_after_the_site_wide_one():
    feeds = pages(None).feeds()
    assert [(f.title, f.path) for f in feeds] == [("全部项目", "feed.xml"), ("商工局全称", "feeds/u1.xml")]
