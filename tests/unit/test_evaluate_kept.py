"""evaluate(kept=...): the facts of a project whose inputs did not change are reused, and the
facts are always those of a fresh evaluation."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import replace

import pytest

from generator.evaluate import evaluate
from generator.pipeline import load_and_evaluate
from generator.workdays import WorkCalendar, YearOverride
from tests.conftest import AS_OF, REPO

DAY = dt.date.fromisoformat(AS_OF)


@pytest.fixture(scope="module")
def records():
    result = load_and_evaluate(REPO / "data", DAY)
    assert result.records is not None
    return result.records


def _evaluate(records, day=DAY, kept=None):
    return evaluate(records, records.rule_book, WorkCalendar(records.calendar), day, kept)


def test_nothing_changed_reuses_every_project(records):
    kept: dict = {}
    first = _evaluate(records, kept=kept)
    assert len(kept) == len(records.projects)
    again = _evaluate(copy.deepcopy(records), kept=kept)      # equal data, other objects
    assert all(a is b for a, b in zip(first.projects, again.projects, strict=True))
    assert again == _evaluate(records)


def test_a_changed_project_alone_is_evaluated_again(records):
    kept: dict = {}
    first = _evaluate(records, kept=kept)
    pid = sorted(records.projects)[0]
    changed = copy.deepcopy(records)
    changed.projects[pid]["stage"] = "construction"
    again = _evaluate(changed, kept=kept)
    redone = [b.id for a, b in zip(first.projects, again.projects, strict=True) if a is not b]
    assert redone == [pid]
    assert again == _evaluate(changed)
    assert len(kept) == len(records.projects)                 # the old version is not kept


@pytest.mark.parametrize("change", ["day", "rules", "calendar", "items"])
def test_what_every_project_depends_on_reuses_none(records, change):
    kept: dict = {}
    first = _evaluate(records, kept=kept)
    changed, day = copy.deepcopy(records), DAY
    if change == "day":
        day += dt.timedelta(days=1)
    elif change == "rules":
        changed.rules["rule_sets"][0]["warning_workdays"] = 9
    elif change == "calendar":
        # A day off added for 2026 (as a county would enter a year's schedule).
        changed = replace(changed, calendar=[YearOverride(2026, frozenset({DAY}), frozenset())])
    else:
        item = sorted(changed.approval_items)[0]
        changed.approval_items[item]["time_limit_workdays"] = 1
    again = _evaluate(changed, day, kept=kept)
    assert not any(a is b for a, b in zip(first.projects, again.projects, strict=True))
    assert again == _evaluate(changed, day)
