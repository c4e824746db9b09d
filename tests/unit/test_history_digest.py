"""The monthly digest: what was recorded in each month, from the scripted history."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.history import monthly_digest, read_history
from generator.history.model import History

from .test_history import scripted_repo


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    repo = scripted_repo(tmp_path_factory.mktemp("digest"))
    history = read_history(repo.data, item_names={"eia-table": "环评批复"})
    return {m.month: m for m in monthly_digest(history)}, repo


def refs(items) -> list[tuple[str, str | None]]:
    return [(i.project_id, i.ref) for i in items]


def test_months_are_listed_newest_first_with_counts(months):
    by_month, _ = months
    assert list(by_month) == ["2026-08", "2026-07", "2026-06", "2026-05", "2026-04", "2026-03",
                              "2026-01"]
    january = by_month["2026-01"]
    assert (january.commits, january.revisions, january.projects_changed) == (1, 1, 1)
    assert january.title_zh == "2026年1月"


def test_new_and_removed_projects(months):
    by_month, repo = months
    assert refs(by_month["2026-01"].new_projects) == [("2026-solar", "2026-solar")]
    assert by_month["2026-01"].new_projects[0].project_name == "北庭镇20MW分布式光伏项目"
    assert refs(by_month["2026-06"].new_projects) == [("2026-mill", "2026-mill")]
    removed = by_month["2026-08"].removed_projects
    assert refs(removed) == [("2026-mill", "2026-mill")] and removed[0].commit == repo.commits[6]
    assert removed[0].project_name == "三台镇面粉加工项目"


def test_approvals_completed_in_the_month(months):
    by_month, _ = months
    completed = by_month["2026-03"].approvals_completed
    assert refs(completed) == [("2026-solar", "eia-table")]
    assert completed[0].text_zh == "审批事项 环评批复：办结日期 空 → 2026-03-20"


def test_a_report_committed_late_on_31_march_utc_counts_for_april_in_shanghai(months):
    by_month, _ = months
    assert refs(by_month["2026-04"].reports_filed) == [("2026-solar", "2026-03")]
    assert by_month["2026-03"].reports_filed == ()


def test_stage_changes_and_problems_raised_and_resolved(months):
    by_month, _ = months
    may = by_month["2026-05"]
    assert refs(may.stage_changes) == [("2026-solar", "production")]
    assert may.stage_changes[0].text_zh == "当前阶段：项目落地 → 项目投产"
    assert refs(may.problems_raised) == [("2026-solar", "p1")]
    assert may.problems_resolved == ()
    july = by_month["2026-07"]
    assert refs(july.problems_resolved) == [("2026-solar", "p1")]  # status and date: counted once


def test_an_unavailable_history_has_an_empty_digest():
    assert monthly_digest(History("no_git", "x")) == ()


def test_a_history_is_digested_once_and_a_history_made_from_it_afresh(tmp_path):
    """``portal serve`` renders the history it keeps on every save: its digest is made once;
    a history made from it (``replace``: the public's, with units for authors) has its own."""
    history = read_history(scripted_repo(tmp_path).data, item_names={"eia-table": "环评批复"})
    first = monthly_digest(history)
    assert monthly_digest(history) is first
    trimmed = replace(history, revisions=history.revisions[:1])
    assert trimmed.made == {} and len(monthly_digest(trimmed)) == 1 < len(first)
