"""View models of the dispatch meetings (art. 15): each month's dispatch meeting or its
absence, every meeting with what it discussed and decided, and a project's own meetings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..evaluate.facts import Deadline, Facts
from ..records import Records
from . import labels as L
from .views import Lookup, Ref

MEETINGS_PAGE = "meetings.md"
MEETING_STATES = {"done_on_time": "已召开", "done_late": "已召开", "overdue": "未召开",
                  "due_soon": "本月待召开", "pending": "本月待召开"}


def meeting_anchor(mid: str) -> str:
    return f"meeting-{mid}"


def meeting_ref(m: dict[str, Any], name: str) -> Ref:
    """A link to the meeting's row on the meetings page."""
    return Ref(name, f"{MEETINGS_PAGE}#{meeting_anchor(m['id'])}")


@dataclass(frozen=True)
class MeetingProblem:
    project: Ref | None
    title: str


@dataclass(frozen=True)
class MeetingLine:
    id: str
    anchor: str
    link: Ref
    date: str
    kind: str
    title: str
    chair: Ref | None
    attendees: list[Ref]
    projects: list[Ref]
    problems: list[MeetingProblem]
    decisions: list[str]
    minutes_no: str


@dataclass(frozen=True)
class MonthLine:
    month: str
    meetings: list[Ref]
    state: str                 # 已召开, 未召开 (the month ended without one), 本月待召开
    colour: str


@dataclass
class MeetingsPage:
    per_month: int
    months: list[MonthLine]
    gaps: list[MonthLine]
    meetings: list[MeetingLine]


class Meetings:
    """The meetings of the records, newest first, indexed by the projects they discussed."""

    def __init__(self, records: Records, facts: Facts, look: Lookup, gaps: tuple[Deadline, ...],
                 problem_records: dict[str, dict[str, Any]]) -> None:
        self.records, self.facts, self.look = records, facts, look
        self.gaps = {d.ref for d in gaps}
        self.problem_records = problem_records
        self.meetings = sorted(records.meetings, key=lambda m: (m["date"], m["id"]), reverse=True)
        self.by_id = {m["id"]: m for m in records.meetings}
        self.of_project: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in self.meetings:
            for pid in dict.fromkeys([*m.get("projects", []),
                                      *(r.partition("#")[0] for r in m.get("problems", []))]):
                self.of_project[pid].append(m)

    def refs(self, ids: tuple[str, ...]) -> list[Ref]:
        """Short links ("2026-09-18 项目调度会") to the meetings with these ids."""
        return [meeting_ref(m, f"{m['date']} {L.label(L.MEETING_KINDS, m['kind'])}")
                for m in (self.by_id.get(i) for i in ids) if m is not None]

    def _problem(self, ref: str) -> MeetingProblem:
        pid, _, prid = ref.partition("#")
        record = self.problem_records.get(ref, {})
        project = self.look.project(pid)
        if project is not None and project.path is not None and record:
            project = Ref(project.name, f"{project.path}#portal-problems")
        return MeetingProblem(project, record.get("title", prid))

    def line(self, m: dict[str, Any], only: str | None = None) -> MeetingLine:
        """One meeting; with ``only``, just the problems of that project."""
        problems = [r for r in m.get("problems", []) if only is None or r.startswith(f"{only}#")]
        return MeetingLine(
            id=m["id"], anchor=meeting_anchor(m["id"]), link=meeting_ref(m, m["title"]),
            date=m["date"], kind=L.label(L.MEETING_KINDS, m["kind"]), title=m["title"],
            chair=self.look.leader(m.get("chair")),
            attendees=[r for r in (self.look.unit(u) for u in m.get("attendees", [])) if r],
            projects=[r for r in (self.look.project(p) for p in m.get("projects", [])) if r],
            problems=[self._problem(r) for r in problems],
            decisions=list(m.get("decisions", [])), minutes_no=m.get("minutes_no", ""))

    def project(self, pid: str) -> list[MeetingLine]:
        return [self.line(m, only=pid) for m in self.of_project.get(pid, [])]

    def page(self) -> MeetingsPage:
        held: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in reversed(self.meetings):
            if m["kind"] == "dispatch":
                held[m["date"][:7]].append(m)
        months = [MonthLine(d.ref, [meeting_ref(m, m["date"]) for m in held[d.ref]],
                            MEETING_STATES[d.status], d.colour)
                  for d in sorted((d for d in self.facts.county if d.kind == "meeting"),
                                  key=lambda d: d.ref, reverse=True)]
        rules = self.records.rule_book.values_at(self.facts.as_of)
        return MeetingsPage(int(rules.get("meetings_per_month", 1)), months,
                            [m for m in months if m.month in self.gaps],
                            [self.line(m) for m in self.meetings])
