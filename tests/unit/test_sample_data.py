"""The bundled sample data reads as a county official would expect (DESIGN §7: fictional,
realistic): the right five-year plan for the year, money that matches physical progress,
progress texts that fit Jimsar's seasons, and approvals in the order of arts. 8-9."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

PROJECTS = sorted((REPO / "data" / "projects").glob("*.yaml"))
# Money spent before any physical progress must say what it bought: land, or equipment ordered.
EXPLAINED_SPENDING = re.compile("预付款|订货|土地出让金|土地款|征地")
CONSTRUCTION_SEASON = range(4, 10)   # April-September: no 冬季 text (winter pause is Nov-Mar)


def load(path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # dates as text


def texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from texts(v)
    elif isinstance(value, str):
        yield value


def test_there_is_sample_data_to_check():
    assert len(PROJECTS) >= 40


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_assessments_cite_the_five_year_plan_of_their_year(path):
    assessment = load(path).get("assessment", {})
    year = int(assessment.get("date", "0000")[:4])
    words = " ".join(texts(assessment))
    if year >= 2026:        # 2026 is the first year of the 15th plan (2026-2030)
        assert "十四五" not in words
    elif 2021 <= year <= 2025:
        assert "十五五" not in words


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_each_month_invests_the_difference_of_the_cumulative_figures(path):
    previous = 0.0
    for r in load(path).get("monthly_reports", []):
        assert float(r["invested"]) == pytest.approx(float(r["cumulative"]) - previous), r["month"]
        previous = float(r["cumulative"])


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_large_monthly_investment_at_zero_progress_says_what_it_paid_for(path):
    for r in load(path).get("monthly_reports", []):
        if float(r["invested"]) >= 1000 and float(r.get("progress_percent", 0)) == 0:
            assert EXPLAINED_SPENDING.search(r.get("progress_text", "")), (r["month"], r)


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_no_winter_text_in_the_construction_season(path):
    p = load(path)
    dated = [(r["month"], " ".join(texts(r))) for r in p.get("monthly_reports", [])]
    dated += [(v["date"][:7], v.get("note", "")) for v in p.get("visits", [])]
    for month, text in dated:
        if int(month[5:7]) in CONSTRUCTION_SEASON:
            assert "冬" not in text, (month, text)


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_the_filing_is_granted_after_the_joint_review_it_depends_on(path):
    p = load(path)
    meeting = p.get("review", {}).get("meeting", {}).get("date")
    for a in p.get("approvals", []):
        if a["item"] == "filing" and a.get("completed") and meeting:
            assert a["completed"] >= meeting


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_key_projects_record_briefings_and_site_visits_as_two_kinds(path):
    p = load(path)
    if p.get("key_project") != "true" or p.get("status", "active") != "active":
        return
    kinds = {v.get("kind", "site_visit") for v in p.get("visits", [])}
    assert kinds == {"briefing", "site_visit"}
    for v in p["visits"]:   # a briefing is heard, a site visit goes to the site
        assert ("听取" in v["note"]) == (v["kind"] == "briefing") or v["kind"] == "site_visit"


def test_the_sample_data_passes_the_checker_on_the_day_of_this_change(run):
    result = run("check", "--data", str(REPO / "data"), "--as-of", "2026-12-03")
    assert result.code == 0, result.out
