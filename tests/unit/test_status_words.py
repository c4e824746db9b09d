"""One vocabulary for how a project stands: the colour (red, yellow, green; grey for paused and
cancelled projects, outside the counts and totals) and, separately, the lifecycle words
推进中 / 暂停 / 已终止 / 已投产, which never contradict the colour. A routine monthly report
that is not due yet is no early warning; money reads like a Chinese report."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from generator.evaluate.facts import Deadline, Facts, Progress, ProjectFacts
from generator.records import Records
from generator.render.text import money
from generator.render.views import Lookup, dashboard, project_row

D = dt.date


def project(status: str = "active", stage: str = "landing", *deadlines: Deadline) -> ProjectFacts:
    return ProjectFacts(id=f"p-{status}-{stage}", name="项目", stage=stage, status=status, lead_unit="u",
                        leader=None, key_project=False, industry="new_energy", township="t",
                        total_investment=10_000, deadlines=tuple(deadlines),
                        progress=Progress(cumulative=2_000))


OVERDUE = Deadline("approval", "eia", "环评", D(2026, 11, 1), "overdue", overdue_workdays=20)
REPORT_SOON = Deadline("monthly_report", "2026-12", "2026-12 月报", D(2026, 12, 31), "due_soon")
APPROVAL_SOON = Deadline("approval", "filing", "备案", D(2026, 12, 4), "due_soon")


@pytest.mark.parametrize(("p", "colour", "words"), [
    (project("active", "landing", OVERDUE), "red", "推进中"),
    (project("active", "production", OVERDUE), "red", "已投产"),
    (project("paused", "landing", OVERDUE), "grey", "暂停"),
    (project("cancelled", "signing", OVERDUE), "grey", "已终止"),
    (project("active", "landing", REPORT_SOON), "green", "推进中"),
    (project("active", "landing", REPORT_SOON, APPROVAL_SOON), "yellow", "推进中"),
])
def test_colour_and_lifecycle_are_two_separate_words(p, colour, words):
    assert (p.colour, p.lifecycle) == (colour, words)
    assert "正常推进" not in p.lifecycle


def test_grey_projects_are_outside_the_colour_counts_and_the_totals():
    ps = (project("active", "landing", OVERDUE), project("cancelled", "landing", OVERDUE),
          project("paused", "review"))
    ps = tuple(dataclasses.replace(p, id=f"p{i}") for i, p in enumerate(ps))
    records = Records(projects={p.id: {"name": p.name} for p in ps})
    board = dashboard(records, Facts(as_of=D(2026, 12, 3), projects=ps, county=()), Lookup(records))
    assert board.colours == {"red": 1, "yellow": 0, "green": 0}
    assert (board.projects, board.standing_by, board.investment, board.cumulative) == (1, 2, 10_000, 2_000)
    assert board.overdue == 1


def test_the_list_counts_no_report_that_is_not_due_yet():
    row = project_row(project("active", "landing", REPORT_SOON, APPROVAL_SOON),
                      Lookup(Records(projects={"p-active-landing": {"name": "项目"}})))
    assert (row.colour, row.due_soon) == ("yellow", 1)


@pytest.mark.parametrize(("value", "text"), [
    (3_040_300, "304.03 亿元"), (10_000, "1.00 亿元"), (9_999.5, "9,999.5 万元"), (8_000, "8,000 万元"),
    (0, "0 万元"), (None, "—"),
])
def test_money_reads_like_a_chinese_report(value, text):
    assert money(value) == text
