"""Pages: the site's Markdown, one entry per page, from records and facts.

Pure apart from reading templates: the same records, facts and audience always give the
same pages, which is what the golden tests compare.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..evaluate.facts import Facts
from ..history import History
from ..records import Records
from . import labels as L
from .accountability import PAGES as ACCOUNTABILITY_PAGES
from .accountability import Accountability
from .audience import Audience, for_audience
from .directory import (
    LeaderView,
    UnitFacts,
    UnitView,
    catalogue,
    complaints,
    leaders,
    missing_reports,
    overdue,
    units,
    with_rows,
)
from .dispatch import DUE_WINDOW, MOST_STUCK, by_unit, due_next, overdue_items
from .downloads import downloads_page
from .edit_links import EditLinks
from .environment import environment
from .history_view import HistoryPages, feed_path
from .memo import UNCHANGED, InputKeys, RenderMemo
from .project_view import project_view
from .views import Lookup, dashboard, leader_path, list_filters, project_path, project_row, unit_path

DOWNLOADS_PAGE = "downloads.md"    # rendered again by the build once the downloads exist

# The summary pages, in navigation order. Project, unit and leader pages stay out of the
# navigation: with thousands of projects a full nav makes MkDocs' build quadratic.
NAV: tuple[tuple[str, str], ...] = (
    ("首页", "index.md"),
    ("项目清单", "projects/index.md"),
    ("逾期审批", "overdue.md"),
    ("调度会材料", "dispatch.md"),
    ("缺报月报", "missing-reports.md"),
    ("单位", "units/index.md"),
    ("包联领导", "leaders/index.md"),
    *ACCOUNTABILITY_PAGES,  # 问题清单 … 考核办法 (arts. 12, 15-18)
    ("审批事项目录", "approval-items.md"),
    ("投诉渠道", "complain.md"),
    ("数据动态", "changes.md"),
    ("数据下载", DOWNLOADS_PAGE),
)
COLOUR_RANK = {"red": 2, "yellow": 1, "green": 0, "grey": -1}
STAGE_RANK = {key: i for i, key in enumerate(L.STAGES)}


def _render(template: str, path: str, **context: Any) -> str:
    return environment().get_template(template).render(page_path=path, **context)


def _entity(memo: RenderMemo | None, template: str, path: str, **context: Any) -> str:
    """A page keyed by its context (a leader page), or ``UNCHANGED`` when ``memo`` knows it."""
    if memo is not None and memo.unchanged(template, path, context):
        return UNCHANGED
    return _render(template, path, **context)


def _common(facts: Facts, audience: Audience, records: Records | None = None,
            edit: EditLinks | None = None) -> dict[str, Any]:
    """What every page template is given."""
    window = records.rule_book.values_at(facts.as_of).get("warning_workdays") if records else None
    return {"as_of": facts.as_of.isoformat(), "internal": audience == "internal",
            "warnings": [w.message for w in facts.warnings], "warning_days": window or 5,
            "edit": edit or EditLinks()}


def render_downloads(facts: Facts, audience: Audience = "public", *, site_url: str | None = None,
                     download_sizes: Mapping[str, int] | None = None, on_request: bool = False) -> str:
    """The 数据下载 page (``DOWNLOADS_PAGE``). Its Markdown outside the HTML blocks does not
    depend on ``download_sizes``: a build renders it again once the files' sizes are known.
    ``on_request``: a preview's, whose files are made when opened (no sizes)."""
    return _render("downloads.md.j2", DOWNLOADS_PAGE,
                   d=downloads_page(download_sizes or {}, site_url, audience == "internal", on_request),
                   **_common(facts, audience))


def iter_pages(records: Records, facts: Facts, audience: Audience = "public", *,
               sample_data: bool = False, history: History | None = None,
               site_url: str | None = None, download_sizes: Mapping[str, int] | None = None,
               edit: EditLinks | None = None, memo: RenderMemo | None = None) -> Iterator[tuple[str, str]]:
    """(docs path, Markdown) for every generated page; summary pages first.

    ``history`` is the git history the build read for this audience (None: not read, and
    the pages say so); ``site_url`` and ``download_sizes`` describe the files the build
    writes beside the pages (``generator.build.publish``); ``edit`` where the "编辑此数据" links
    lead (``render.edit_links``); ``memo``: a unit, leader or project page whose inputs it
    knows from the previous build is yielded as ``UNCHANGED`` (``render.memo``).
    """
    keys = InputKeys.of(records) if memo is not None else None
    records = for_audience(records, audience)
    look = Lookup(records)
    made = _Views(records, facts, look, _common(facts, audience, records, edit), *units(records, facts, look),
                  leaders(records, facts, look), Accountability(records, facts, look),
                  HistoryPages(history, records, look), keys)
    yield from made.summary_pages(sample_data)
    yield DOWNLOADS_PAGE, render_downloads(facts, audience, site_url=site_url, download_sizes=download_sizes)
    yield from made.entity_pages(memo)


@dataclass
class _Views:
    """What the pages are made of, made once for all of them."""

    records: Records
    facts: Facts
    look: Lookup
    common: dict[str, Any]
    units: list[UnitView]
    unit_facts: dict[str, UnitFacts]
    leaders: list[LeaderView]
    acc: Accountability
    hist: HistoryPages
    keys: InputKeys | None = None

    def summary_pages(self, sample_data: bool) -> Iterator[tuple[str, str]]:
        records, facts, look, common, hist = self.records, self.facts, self.look, self.common, self.hist
        rows = [project_row(p, look) for p in facts.projects]
        rows.sort(key=lambda r: (-COLOUR_RANK[r.colour], STAGE_RANK.get(r.stage_key, 99), r.ref.name))
        stuck = overdue_items(facts, look)
        board = dashboard(records, facts, look)
        yield "index.md", _render("index.md.j2", "index.md", d=board,
                                  stage_bars=[(s.label, s.count, f"{s.count} 个") for s in board.stages],
                                  stuck=stuck[:MOST_STUCK], due=due_next(records, facts, look),
                                  due_window=DUE_WINDOW, sample_data=sample_data, latest=hist.latest(),
                                  history_message=hist.history.message, **common)
        yield "dispatch.md", _render("dispatch.md.j2", "dispatch.md", groups=by_unit(stuck),
                                     total=len(stuck), **common)
        yield "projects/index.md", _render("project_list.md.j2", "projects/index.md", rows=rows,
                                           filters=list_filters(rows), stage_rank=STAGE_RANK,
                                           colour_rank=COLOUR_RANK,
                                           updated=hist.updated([p.id for p in facts.projects]), **common)
        yield "overdue.md", _render("overdue.md.j2", "overdue.md", o=overdue(facts, look), **common)
        yield "missing-reports.md", _render("missing_reports.md.j2", "missing-reports.md",
                                            r=missing_reports(facts, look), **common)
        yield "units/index.md", _render("units.md.j2", "units/index.md", units=self.units, **common)
        yield "leaders/index.md", _render("leaders.md.j2", "leaders/index.md", leaders=self.leaders,
                                          kf=self.acc.key_flags(), **common)
        yield "approval-items.md", _render("catalogue.md.j2", "approval-items.md",
                                           items=catalogue(records, facts, look), **common)
        yield "complain.md", _render("complain.md.j2", "complain.md", c=complaints(records, look), **common)
        yield from self.acc.pages(common)
        yield "changes.md", _render("digest.md.j2", "changes.md", months=hist.digest(), feeds=hist.feeds(),
                                    history_message=hist.history.message, **common)

    def entity_pages(self, memo: RenderMemo | None) -> Iterator[tuple[str, str]]:
        """The unit, leader and project pages; ``UNCHANGED`` for those ``memo`` knows.

        A unit page is keyed by what its view is made of: the records that are not projects,
        the records of the projects whose facts name the unit or that its score's evidence
        names (``InputKeys``), and its scores and ranks, so that the view of an unchanged unit
        is not even made. A project page likewise, by its own record, those records, its
        accountability view and the commits its 修订记录 lists (``HistoryPages.project_key``).
        Worth it: see ``render.memo``."""
        common, acc, keys = self.common, self.acc, self.keys    # keys: only with a memo
        for u in self.units:
            path = unit_path(u.id)
            score, cited = acc.scoring.unit_inputs(u.id)
            found = self.unit_facts[u.id]
            if memo is not None and keys is not None and memo.unchanged(
                    "unit.md.j2", path, {"named": keys.named, "projects": keys.of_projects(found.sources | cited),
                                         "score": score, **common}):
                yield path, UNCHANGED
            else:
                yield path, _render("unit.md.j2", path, u=with_rows(u, found, self.look), score=acc.unit_score(u.id),
                                    feed=feed_path(u.id), **common)
        for leader in self.leaders:
            path = leader_path(leader.id)
            yield path, _entity(memo, "leader.md.j2", path, l=leader, la=acc.leader(leader.id), **common)
        for pf in self.facts.projects:
            path = project_path(pf.id)
            pa = acc.project(pf.id)
            if memo is not None and keys is not None and memo.unchanged(
                    "project.md.j2", path, {"named": keys.named, "project": keys.of_projects([pf.id]),
                                            "pa": pa, "history": self.hist.project_key(pf.id), **common}):
                yield path, UNCHANGED
            else:
                yield path, _render("project.md.j2", path, p=project_view(self.records.projects[pf.id], pf, self.look),
                                    pa=pa, ph=self.hist.project(pf.id), **common)


def render_pages(records: Records, facts: Facts, audience: Audience = "public", *,
                 sample_data: bool = False, history: History | None = None) -> dict[str, str]:
    """Every generated page as {docs path: Markdown}."""
    return dict(iter_pages(records, facts, audience, sample_data=sample_data, history=history))
