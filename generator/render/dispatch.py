"""What the monthly dispatch meeting (调度会) asks of the home page and its handout: what is
stuck, who owns it and since when; what falls due next. Paused and cancelled projects (grey)
owe nothing new and are left out. Pure: (records, facts, look) -> rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..evaluate.facts import KIND_NAMES, Deadline, Facts, ProjectFacts
from ..records import Records
from ..workdays import WorkCalendar
from .views import Lookup, Ref, iso

MOST_STUCK = 10        # the 最需协调 list
DUE_WINDOW = 10        # working days ahead for 近期到期


@dataclass(frozen=True)
class Stuck:
    """One overdue item: who owns it and since when."""

    project: Ref | None
    item: str
    unit: Ref | None
    overdue_workdays: int
    since: str               # the deadline it missed
    leader: Ref | None       # the project's pairing leader (art. 12), if any
    reason: str


@dataclass(frozen=True)
class DueSoon:
    project: Ref | None
    item: str
    unit: Ref | None
    deadline: str
    workdays_left: int


@dataclass(frozen=True)
class UnitGroup:
    unit: Ref | None
    items: list[Stuck]


def _open(facts: Facts) -> list[tuple[ProjectFacts, Deadline]]:
    return [(p, d) for p in facts.projects if not p.standing_by for d in p.deadlines
            if d.judged and d.completed is None]


def item_name(d: Deadline) -> str:
    """The item as the meeting names it: its label, after its kind unless the label says it."""
    kind = KIND_NAMES.get(d.kind, d.kind)
    return d.label if kind in d.label else f"{kind}：{d.label}"


def _stuck(p: ProjectFacts, d: Deadline, look: Lookup) -> Stuck:
    return Stuck(look.project(p.id), item_name(d), look.unit(d.unit),
                 d.overdue_workdays, iso(d.deadline), look.leader(p.leader), d.reason or "")


def overdue_items(facts: Facts, look: Lookup) -> list[Stuck]:
    """Every open overdue item of an active project, most overdue first."""
    found = [(p, d) for p, d in _open(facts) if d.status == "overdue"]
    found.sort(key=lambda pd: (-pd[1].overdue_workdays, iso(pd[1].deadline), pd[0].name, pd[1].label))
    return [_stuck(p, d, look) for p, d in found]


def most_stuck(facts: Facts, look: Lookup) -> list[Stuck]:
    return overdue_items(facts, look)[:MOST_STUCK]


def due_next(records: Records, facts: Facts, look: Lookup) -> list[DueSoon]:
    """Open items falling due in the next ``DUE_WINDOW`` working days, soonest first."""
    calendar = WorkCalendar(records.calendar)
    until = calendar.add_workdays(facts.as_of, DUE_WINDOW)
    found = [(p, d) for p, d in _open(facts)
             if d.deadline is not None and facts.as_of <= d.deadline <= until and d.status != "overdue"]
    found.sort(key=lambda pd: (pd[1].deadline, pd[0].name, pd[1].label))
    return [DueSoon(look.project(p.id), item_name(d), look.unit(d.unit),
                    iso(d.deadline), calendar.workdays_between(facts.as_of, d.deadline))
            for p, d in found if d.deadline is not None]


def by_unit(items: list[Stuck]) -> list[UnitGroup]:
    """The handout: overdue items grouped by responsible unit, the unit with most first."""
    groups: dict[str, list[Stuck]] = defaultdict(list)
    units: dict[str, Ref | None] = {}
    for s in items:
        key = s.unit.name if s.unit else ""
        groups[key].append(s)
        units[key] = s.unit
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    return [UnitGroup(units[k], groups[k]) for k in order]
