"""Deadlines of one project: every obligation the measures time, and its status.

Pure: (project record, catalogue, rule book, calendar, as_of) -> deadlines.

Each entry is judged by the rule set in force when its clock started (the approval's
submission, the policy's agreement, the signing, the problem's raising; for a monthly duty
the month, see ``RuleBook.for_month``). An entry whose clock started before the first rule
set is not judged: no deadline, never late (``judged=False``, shown as 办法施行前).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..chain import chain_state
from ..workdays import WorkCalendar, add_months, month_end
from .approvals import approval_clock, committed_limit, pauses_of
from .facts import Deadline, Status
from .rulebook import RuleBook, RuleSet

REGISTRATIONS = (("company", "公司注册"), ("bank_account", "银行开户"), ("tax", "税务登记"))
TIMED_STAGES = ("signing", "review", "landing", "production")


def day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def month_key(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def months(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive, as YYYY-MM."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass(frozen=True)
class Clock:
    """What every status decision needs: the calendar, the date and the warning window."""

    calendar: WorkCalendar
    as_of: dt.date
    warning_workdays: int

    def status(self, deadline: dt.date | None, completed: dt.date | None) -> tuple[Status, int]:
        """Status and overdue working days. Overdue stays recorded after completion."""
        if deadline is None:
            return ("done_on_time" if completed else "pending"), 0
        if completed is not None:
            late = self.calendar.workdays_between(deadline, completed)
            return ("done_late", late) if completed > deadline else ("done_on_time", 0)
        if self.as_of > deadline:
            return "overdue", self.calendar.workdays_between(deadline, self.as_of)
        if self.calendar.workdays_between(self.as_of, deadline) <= self.warning_workdays:
            return "due_soon", 0
        return "pending", 0

    def make(self, kind: str, ref: str, label: str, deadline: dt.date | None,
             completed: dt.date | None, **kw: Any) -> Deadline:
        status, late = self.status(deadline, completed)
        return Deadline(kind=kind, ref=ref, label=label, deadline=deadline, completed=completed,
                        status=status, overdue_workdays=late, **kw)

    def judge(self, rs: RuleSet | None, key: str, kind: str, ref: str, label: str,
              deadline: dt.date | None, completed: dt.date | None, **kw: Any) -> Deadline:
        """An entry judged by ``rs`` whose deadline the number ``key`` fixed; without a rule
        set in force the entry is not judged and has no deadline."""
        if rs is None:
            return self.make(kind, ref, label, None, completed, judged=False, **kw)
        return self.make(kind, ref, label, deadline, completed, source=rs.source(key),
                         rule_set=rs.id, **kw)


# Written reasons for delays, by (kind, ref): the project's ``delays`` list.
Reasons = dict[tuple[str, str], str]


def _delay_reasons(project: dict[str, Any]) -> Reasons:
    return {(d["kind"], str(d["ref"])): d["reason"] for d in project.get("delays", [])}


def project_deadlines(pid: str, project: dict[str, Any], items: dict[str, dict[str, Any]],
                      book: RuleBook, clock: Clock) -> list[Deadline]:
    return list(_deadlines(pid, project, items, book, clock))


def _deadlines(pid: str, p: dict[str, Any], items: dict[str, dict[str, Any]],
               book: RuleBook, clock: Clock) -> Iterator[Deadline]:
    reasons = _delay_reasons(p)
    common = {"project": pid}
    yield from _signing(p, book, clock, reasons, common)
    yield from _opinions(p, book, clock, reasons, common)
    yield from _approvals(p, items, book, clock, reasons, common)
    yield from _problems(p, book, clock, reasons, common)
    yield from _reports(pid, p, book, clock, reasons)
    yield from _visits(pid, p, book, clock, reasons)


def _signing(p: dict[str, Any], book: RuleBook, clock: Clock, reasons: Reasons,
             common: dict[str, Any]) -> Iterator[Deadline]:
    """Signing within a month of the policy agreement, the three registrations within 10
    working days of signing (art. 7; the numbers of the rule set in force then)."""
    lead = p.get("lead_unit")
    active = p.get("status", "active") == "active"
    policy, signing = p.get("policy", {}), p.get("signing", {})
    agreed, signed = day(policy.get("agreed")), day(signing.get("signed"))
    chain = chain_state(policy)  # 一事一议 (art. 6): no signing clock before the chain passed
    if agreed and (active or signed) and (chain is None or chain.complete):
        rs = book.rule_set_at(agreed)
        yield clock.judge(rs, "signing_months", "signing", "signing",
                          f"协议签订（政策达成一致后 {rs['signing_months']} 个月内）" if rs else "协议签订",
                          add_months(agreed, rs["signing_months"]) if rs else None, signed, start=agreed,
                          unit=lead, reason=signing.get("delay_reason") or reasons.get(
                             ("signing", "signing")), key_path=("signing",) if signing else (
                             "policy", "agreed"), **common)
    if signed:
        rs = book.rule_set_at(signed)
        due = clock.calendar.add_workdays(signed, rs["registration_workdays"]) if rs else None
        for key, name in REGISTRATIONS:
            entry = signing.get("registrations", {}).get(key, {})
            if not active and not entry.get("completed"):
                continue
            yield clock.judge(rs, "registration_workdays", "registration", key,
                              f"{name}（签约后 {rs['registration_workdays']} 个工作日内）" if rs else name,
                              due,
                             day(entry.get("completed")), start=signed, unit=lead,
                             reason=entry.get("delay_reason") or reasons.get(("registration", key)),
                             key_path=("signing", "registrations", key) if entry else (
                                 "signing", "signed"), **common)


def _opinions(p: dict[str, Any], book: RuleBook, clock: Clock, reasons: Reasons,
              common: dict[str, Any]) -> Iterator[Deadline]:
    """The review opinions (art. 8: the county's own limit, when its rules set one)."""
    for i, op in enumerate(p.get("review", {}).get("opinions", [])):
        requested = day(op.get("requested"))
        rs = book.rule_set_at(requested)
        opinion_days = rs.get("review_opinion_workdays") if rs else None
        opinion_due = clock.calendar.add_workdays(requested, opinion_days) if (
            requested and opinion_days) else None
        if opinion_due is None and not op.get("completed"):
            continue
        yield clock.judge(rs, "review_opinion_workdays", "review_opinion", op["unit"],
                          "会审预审意见", opinion_due, day(op.get("completed")),
                          start=requested, unit=op["unit"],
                         reason=op.get("delay_reason") or reasons.get(("review_opinion", op["unit"])),
                         key_path=("review", "opinions", i), **common)


def _approvals(p: dict[str, Any], items: dict[str, dict[str, Any]], book: RuleBook, clock: Clock,
               reasons: Reasons, common: dict[str, Any]) -> Iterator[Deadline]:
    """The approvals, each against its committed limit, paused clocks not counted."""
    for i, ap in enumerate(p.get("approvals", [])):
        item = items.get(ap["item"], {})
        submitted = day(ap.get("submitted"))
        limit, source = committed_limit(item, book.documents)
        pauses = pauses_of(ap)
        timed = approval_clock(clock.calendar, submitted, limit, pauses, clock.as_of)
        rs = book.rule_set_at(submitted)  # the limit's source is the catalogue's, not the set's
        judged = {"rule_set": rs.id} if rs else {"judged": submitted is None}
        yield clock.make("approval", ap["item"], item.get("name", ap["item"]),
                         timed.deadline if rs else None,
                         day(ap.get("completed")), start=submitted, unit=item.get("unit"),
                         **judged,
                         reason=ap.get("delay_reason") or reasons.get(("approval", ap["item"])),
                         key_path=("approvals", i), source=source,
                         paused_workdays=timed.paused_workdays,
                         extra={"time_limit_workdays": limit, "pauses": tuple(pauses),
                                "pause_workdays": timed.counted, "paused_since": timed.paused_since}, **common)


def _problems(p: dict[str, Any], book: RuleBook, clock: Clock, reasons: Reasons,
              common: dict[str, Any]) -> Iterator[Deadline]:
    """The problems' responses (art. 15), by level."""
    for i, pr in enumerate(p.get("problems", [])):
        raised = day(pr["raised"])
        assert raised is not None  # required by the schema
        rs = book.rule_set_at(raised)
        due = clock.calendar.add_workdays(
            raised, rs["problem_response_workdays"][pr["level"]]) if rs else None
        yield clock.judge(rs, f"problem_response_workdays.{pr['level']}", "problem", pr["id"],
                          pr["title"], due, day(pr.get("resolved")), start=raised,
                          unit=pr["owner_unit"],
                          reason=pr.get("delay_reason") or reasons.get(("problem", pr["id"])),
                          key_path=("problems", i), extra={"level": pr["level"]}, **common)


def report_months(p: dict[str, Any], as_of: dt.date) -> list[str]:
    """Months a project owes a monthly report for: from signing until production starts."""
    signed = day(p.get("signing", {}).get("signed"))
    if signed is None or p.get("stage") not in TIMED_STAGES:
        return []
    produced = day(p.get("production", {}).get("started"))
    last = month_key(produced) if produced else month_key(as_of)
    return months(month_key(signed), min(last, month_key(as_of)))


def report_due(month: str, book: RuleBook) -> dt.date:
    """Art. 14 (每月底填报): the month's last day, plus a grace only where a rule set adopts
    one (a county rule with its source; the measures give none)."""
    return _report_due(month, book.for_month(month))


def _report_due(month: str, rs: RuleSet | None) -> dt.date:
    end = month_end(int(month[:4]), int(month[5:7]))
    return end + dt.timedelta(days=int(rs.get("report_grace_days", 0)) if rs else 0)


def _reports(pid: str, p: dict[str, Any], book: RuleBook, clock: Clock,
             reasons: dict[tuple[str, str], str]) -> Iterator[Deadline]:
    filed: dict[str, tuple[int | None, dict[str, Any]]] = {
        r["month"]: (i, r) for i, r in enumerate(p.get("monthly_reports", []))}
    due_months = report_months(p, clock.as_of) if p.get("status", "active") == "active" else []
    for month in sorted(set(due_months) | set(filed)):
        rs = book.for_month(month)
        if rs is None and month not in filed:
            continue  # owed under no rule set: nothing to report on
        i, report = filed.get(month, (None, {}))
        yield clock.judge(
            rs, "report_grace_days", "monthly_report", month, f"{month} 月报",
            _report_due(month, rs), day(report.get("reported")), unit=p.get("lead_unit"),
            project=pid,
            reason=report.get("delay_reason") or reasons.get(("monthly_report", month)),
            key_path=("monthly_reports", i) if i is not None else ("monthly_reports",))


# Art. 12 asks two things of the paired leader every month: hear a briefing on the project
# (听取汇报) and go to the site (现场调研). Each is its own deadline; one never counts as the other.
LEADER_DUTIES = (  # (deadline kind, visits[].kind, label, rules key of the monthly count)
    ("leader_briefing", "briefing", "包联领导听取汇报", "leader_briefings_per_month"),
    ("leader_visit", "site_visit", "包联领导现场调研", "leader_visits_per_month"),
)
PAIRED_STAGES = ("policy", *TIMED_STAGES)


def pairing_start(p: dict[str, Any]) -> dt.date | None:
    """When the pairing of art. 12 began (包前期): the recorded ``paired`` date, else the end
    of the assessment for a project that reached the policy stage, else its first later date."""
    paired = day(p.get("paired"))
    if paired or p.get("stage") not in PAIRED_STAGES:
        return paired
    policy, chain = p.get("policy", {}), p.get("policy", {}).get("chain", [])
    dates = [day(p.get("assessment", {}).get("date")), *(day(s.get("date")) for s in chain),
             day(policy.get("agreed")), day(p.get("signing", {}).get("signed"))]
    return next((d for d in dates if d), None)


def pairing_months(p: dict[str, Any], as_of: dt.date) -> list[str]:
    """Months a key project's leader owes: from pairing until design capacity is reached
    (包达产, ``production.capacity_reached``); months under no rule set are skipped by the caller."""
    start = pairing_start(p)
    if start is None:
        return []
    reached = day(p.get("production", {}).get("capacity_reached"))
    last = min(month_key(reached), month_key(as_of)) if reached else month_key(as_of)
    return months(month_key(start), last)


def _visits(pid: str, p: dict[str, Any], book: RuleBook, clock: Clock,
            reasons: dict[tuple[str, str], str]) -> Iterator[Deadline]:
    """Key projects: every month the paired leader hears a briefing and visits the site (art. 12)."""
    if not (p.get("key_project") and p.get("status", "active") == "active"):
        return
    done_on: dict[tuple[str, str], list[dt.date]] = {}
    for v in p.get("visits", []):
        d = day(v["date"])
        if d is not None:
            done_on.setdefault((v.get("kind", "site_visit"), month_key(d)), []).append(d)
    for month in pairing_months(p, clock.as_of):
        rs = book.for_month(month)
        if rs is None:
            continue  # before the measures: nothing owed
        for kind, visit_kind, name, key in LEADER_DUTIES:
            per_month = int(rs.get(key, 1))
            if not per_month:
                continue  # a rule set that asks for none
            dates = sorted(done_on.get((visit_kind, month), []))
            done = dates[per_month - 1] if len(dates) >= per_month else None
            yield clock.judge(rs, key, kind, month, f"{month} {name}",
                              month_end(int(month[:4]), int(month[5:7])), done,
                              unit=p.get("lead_unit"), project=pid, reason=reasons.get((kind, month)),
                              key_path=("visits",), extra={"visit_kind": visit_kind})
