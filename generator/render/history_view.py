"""The audit trail on the site: 修订记录 and 最后更新 on project pages, the 最后更新 column of
the project list, the latest changes on the home page and the 数据动态 (monthly digest) page.

The history itself is read from git once per build (``generator.build``, the I/O edge) and
arrives here as data (``generator.history.History``); this module only shapes it for the
templates. A history that could not be read still renders: every place that would show it
says what is missing instead (``History.message``, ``ProjectHistory.message``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..history import DigestItem, History, Revision, monthly_digest
from ..records import Records
from .views import Lookup, Ref, project_path, slug

# Revisions shown on a project page; older ones are counted, not listed (the feed and git
# keep them all).
MAX_REVISIONS = 30
# Latest changes on the home page.
LATEST = 10
# Items of one kind in one month on the digest page: with a thousand projects the monthly
# reports alone are a thousand a month; the count says how many there were in all.
MAX_DIGEST_ITEMS = 100
# What render_pages shows when it was given no history (tests rendering pages in-process).
NOT_READ = History("no_git", "修订历史不可用：生成网页时未读取 git 历史。")
# The digest's kinds of events in the order the page lists them.
DIGEST_KINDS = (
    ("new_projects", "新建项目"), ("stage_changes", "阶段变化"), ("approvals_completed", "审批办结"),
    ("reports_filed", "报送月报"), ("problems_raised", "新登记问题"), ("problems_resolved", "问题解决"),
    ("removed_projects", "删除项目"),
)
SITE_FEED = "feed.xml"


def feed_path(unit: str | None = None) -> str:
    """Where the site-wide feed (``unit`` None) or a lead unit's feed is written in the site."""
    return SITE_FEED if unit is None else f"feeds/{slug(unit)}.xml"


def moment(value: dt.datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class RevisionLine:
    """One revision as the project page lists it."""

    date: str          # committer date, Beijing time
    author: str
    summary: str       # first line of the commit message
    body: str          # the rest of the message
    commit: str        # short hash
    changes: list[str]


@dataclass(frozen=True)
class ProjectHistoryView:
    last_updated: str            # "" when unknown
    message: str                 # what is missing, "" when nothing is
    revisions: list[RevisionLine]
    omitted: int                 # older revisions not listed


@dataclass(frozen=True)
class Updated:
    """The project list's 最后更新 cell: the text and the value it sorts by."""

    text: str
    value: str


@dataclass(frozen=True)
class LatestLine:
    date: str
    project: Ref
    text: str


@dataclass(frozen=True)
class DigestGroup:
    label: str
    lines: list[LatestLine]
    total: int

    @property
    def omitted(self) -> int:
        return self.total - len(self.lines)


@dataclass(frozen=True)
class DigestMonthView:
    title: str
    month: str
    commits: int
    projects_changed: int
    groups: list[DigestGroup]


@dataclass(frozen=True)
class FeedLink:
    title: str
    path: str
    unit: Ref | None = None


def revision_line(revision: Revision) -> RevisionLine:
    body = revision.message.strip().partition("\n")[2].strip()
    return RevisionLine(date=moment(revision.date), author=revision.author or "未署名",
                        summary=revision.summary, body=body, commit=revision.short,
                        changes=revision.changes_zh)


class HistoryPages:
    """The history's views, built once per site from the history read for the build."""

    def __init__(self, history: History | None, records: Records, look: Lookup) -> None:
        self.history = history if history is not None else NOT_READ
        self.records = records
        self.look = look

    def project(self, pid: str) -> ProjectHistoryView:
        page = self.history.for_project(pid)
        revisions = page.revisions[:MAX_REVISIONS]
        return ProjectHistoryView(
            last_updated=moment(page.last_updated) if page.last_updated else "",
            message=page.message, revisions=[revision_line(r) for r in revisions],
            omitted=len(page.revisions) - len(revisions))

    def project_key(self, pid: str) -> tuple[Any, ...]:
        """What ``project(pid)`` is made of, far cheaper to digest than the view: the commits
        it lists, who each is shown as, and what it says besides. The changes a commit made
        read the same as long as the history was read with the same names and for the same
        audience, which a page's key holds besides (``render.memo``); the reader's code is in
        the work folder's key. The authors are here because the public site shows them by the
        units' ``git_identities``, an internal field that the names in the key leave out.

        Keying the 1,000 demo project pages took 0.30-0.40 s (making their history views and
        digesting them: up to 30 revisions each), now 0.01 s (2026-12-04)."""
        page = self.history.for_project(pid)
        return (page.status, page.message, page.last_updated, len(page.revisions),
                [(r.commit, r.author) for r in page.revisions[:MAX_REVISIONS]])

    def updated(self, pids: list[str]) -> dict[str, Updated]:
        """The list's 最后更新 cells by project page path (the rows' link target)."""
        cells = {}
        for pid in pids:
            last = self.history.last_updated.get(pid)
            cells[project_path(pid)] = Updated(f"{last:%Y-%m-%d}", last.isoformat()) if last \
                else Updated("—", "")
        return cells

    def _project(self, pid: str, name: str | None) -> Ref:
        """A project's link, or its name at the time when it no longer exists."""
        if pid in self.records.projects:
            found = self.look.project(pid)
            assert found is not None
            return found
        return Ref(name or pid)

    def latest(self, count: int = LATEST) -> list[LatestLine]:
        """The newest revisions for the home page."""
        lines = []
        for r in self.history.revisions[:count]:
            changes = r.changes_zh
            text = changes[0] if len(changes) == 1 else f"{changes[0]} 等 {len(changes)} 处修改"
            lines.append(LatestLine(moment(r.date), self._project(r.project_id, r.project_name), text))
        return lines

    def digest(self) -> list[DigestMonthView]:
        months = []
        for month in monthly_digest(self.history):
            groups = []
            for key, label in DIGEST_KINDS:
                items: tuple[DigestItem, ...] = getattr(month, key)
                if items:
                    lines = [LatestLine(f"{i.date:%Y-%m-%d}", self._project(i.project_id, i.project_name),
                                        i.text_zh) for i in items[:MAX_DIGEST_ITEMS]]
                    groups.append(DigestGroup(label, lines, len(items)))
            months.append(DigestMonthView(month.title_zh, month.month, month.commits,
                                          month.projects_changed, groups))
        return months

    def feeds(self) -> list[FeedLink]:
        """The site-wide feed, then one per unit (every unit: subscribe before it has projects)."""
        links = [FeedLink("全部项目", feed_path())]
        for uid in sorted(self.records.units):
            ref = self.look.unit(uid, full=True)
            assert ref is not None
            links.append(FeedLink(ref.name, feed_path(uid), ref))
        return links
