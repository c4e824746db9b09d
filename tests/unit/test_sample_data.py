"""The bundled sample data reads as a county official would expect (DESIGN §7: fictional,
realistic): the right five-year plan for the year, money that matches physical progress,
progress texts that fit Jimsar's seasons, and approvals in the order of arts. 8-9.

The same checks run over a synthetic repository in test_demo.py."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

PROJECTS = sorted((REPO / "data" / "projects").glob("*.yaml"))
# Money spent before any physical progress must say what it bought: land, or equipment ordered.
EXPLAINED_SPENDING = re.compile("预付款|订货|土地出让金|土地款|征地")
CONSTRUCTION_SEASON = range(4, 10)   # April-September: no 冬季 text (winter pause is Nov-Mar)


def load(path: Path) -> dict[str, Any]:
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


def wrong_plan(p: dict[str, Any]) -> list[str]:
    """2021-2025 is the 14th five-year plan, 2026-2030 the 15th."""
    assessment = p.get("assessment", {})
    year = int(assessment.get("date", "0000")[:4])
    words = " ".join(texts(assessment))
    wrong = "十四五" if year >= 2026 else "十五五" if 2021 <= year <= 2025 else None
    return [f"{year} 年的研判引用“{wrong}”"] if wrong and wrong in words else []


def wrong_sums(p: dict[str, Any]) -> list[str]:
    out, previous = [], 0.0
    for r in p.get("monthly_reports", []):
        if abs(float(r["invested"]) - (float(r["cumulative"]) - previous)) > 0.05:
            out.append(f"{r['month']}: invested {r['invested']} ≠ cumulative difference")
        previous = float(r["cumulative"])
    return out


def unexplained_spending(p: dict[str, Any]) -> list[str]:
    return [f"{r['month']}: {r['invested']} 万元 at 0 %: {r.get('progress_text')}"
            for r in p.get("monthly_reports", [])
            if float(r["invested"]) >= 1000 and float(r.get("progress_percent", 0)) == 0
            and not EXPLAINED_SPENDING.search(r.get("progress_text", ""))]


def winter_in_summer(p: dict[str, Any]) -> list[str]:
    dated = [(r["month"], " ".join(texts(r))) for r in p.get("monthly_reports", [])]
    dated += [(v["date"][:7], v.get("note", "")) for v in p.get("visits", [])]
    return [f"{month}: {text}" for month, text in dated
            if int(month[5:7]) in CONSTRUCTION_SEASON and "冬" in text]


def filing_before_review(p: dict[str, Any]) -> list[str]:
    meeting = p.get("review", {}).get("meeting", {}).get("date")
    return [f"filing {a['completed']} before the joint review {meeting}"
            for a in p.get("approvals", [])
            if a["item"] == "filing" and a.get("completed") and meeting and a["completed"] < meeting]


CHECKS: list[Callable[[dict[str, Any]], list[str]]] = [
    wrong_plan, wrong_sums, unexplained_spending, winter_in_summer, filing_before_review]


def test_there_is_sample_data_to_check():
    assert len(PROJECTS) >= 40


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_the_sample_project_is_plausible(path, check):
    assert check(load(path)) == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_each_check_catches_what_it_is_for(check):
    bad = {
        "wrong_plan": {"assessment": {"date": "2026-04-14", "criteria": [
            {"criterion": "industry_plan", "note": "符合县“十四五”产业发展规划"}]}},
        "wrong_sums": {"monthly_reports": [{"month": "2026-05", "invested": "10", "cumulative": "20"}]},
        "unexplained_spending": {"monthly_reports": [
            {"month": "2026-05", "invested": "9998", "cumulative": "9998", "progress_percent": "0",
             "progress_text": "完成初步设计，推进用地手续"}]},
        "winter_in_summer": {"visits": [{"date": "2026-06-15", "note": "要求落实冬季施工措施"}]},
        "filing_before_review": {"review": {"meeting": {"date": "2025-12-18"}},
                                 "approvals": [{"item": "filing", "completed": "2025-11-10"}]},
    }[check.__name__]
    assert check(bad) != []


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_key_projects_record_briefings_and_site_visits_as_two_kinds(path):
    p = load(path)
    if p.get("key_project") != "true" or p.get("status", "active") != "active":
        return
    assert {v.get("kind", "site_visit") for v in p.get("visits", [])} == {"briefing", "site_visit"}
    assert all("听取" in v["note"] for v in p["visits"] if v["kind"] == "briefing")


def test_the_sample_data_passes_the_checker_on_the_day_of_this_change(run):
    result = run("check", "--data", str(REPO / "data"), "--as-of", "2026-12-03")
    assert result.code == 0, result.out
