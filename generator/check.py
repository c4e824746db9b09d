"""The CI gate: turn evaluated facts into findings that point at the entry's line.

Rejected: every overdue or late entry without a written reason, dates after ``as_of``,
and (with a base ref) rewrites of a closed month's report without a correction note.
Warnings only: an entry whose time limit is a sample placeholder (DESIGN 4b), a monthly
report filed after its due date (art. 14 asks for month-end reports but sets no sanction, so
a late one is recorded and shown, not rejected), county-level gaps (a month without a dispatch
meeting) and coming expiries. Every message names the source of its time limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .changes import Changes
from .evaluate.deadlines import report_due
from .evaluate.facts import KIND_NAMES, Deadline, Facts
from .evaluate.rulebook import RuleBook
from .findings import Finding
from .load import Document, KeyPath, parse
from .load.dataset import DataSet

REASON_FIELD = {"monthly_report": "delays（kind: monthly_report）或该月报的 delay_reason",
                "leader_visit": "delays（kind: leader_visit）", "signing": "signing.delay_reason",
                "leader_briefing": "delays（kind: leader_briefing）"}
DEFAULT_REASON_FIELD = "该条目的 delay_reason"
DATE_FIELDS = ("completed", "reported", "resolved", "replied", "signed", "started", "date",
               "agreed", "submitted", "requested", "applied", "raised", "issued",
               "form_submitted", "feasibility_submitted", "from", "to", "paired",
               "capacity_reached")


def _describe(d: Deadline) -> str:
    kind = KIND_NAMES.get(d.kind, d.kind)
    if d.status == "overdue":
        when = f"已逾期 {d.overdue_workdays} 个工作日（期限 {d.deadline}）"
    else:
        when = f"于 {d.completed} 办结，超过期限 {d.deadline} {d.overdue_workdays} 个工作日"
    where = REASON_FIELD.get(d.kind, DEFAULT_REASON_FIELD)
    return f"{kind}“{d.label}”{when}，没有书面说明：请填写{where}说明原因{basis(d)}"


def basis(d: Deadline) -> str:
    """"（时限依据：《办法》第七条）": where the time limit behind a finding comes from."""
    if d.kind == "approval":  # the committed limit in the catalogue, and where it comes from
        return f"（时限依据：审批事项目录，{d.source.label}）" if d.source else "（时限依据：审批事项目录）"
    if d.source is not None:
        return f"（时限依据：{d.source.label}）"
    if d.kind == "notice":
        return "（时限依据：督办通知单规定的反馈期限）"
    return ""


def severity(d: Deadline) -> str:
    # A report filed after month-end is late, but the measures attach no sanction to it.
    if d.kind == "monthly_report" and d.status == "done_late":
        return "warning"
    return d.severity


def overdue_findings(data: DataSet, facts: Facts,
                     only: Iterable[Path] | None = None) -> Iterator[Finding]:
    docs = {d.path.stem: d for d in data.projects}
    wanted = {p.resolve() for p in only} if only is not None else None
    for project in facts.projects:
        doc = docs.get(project.id)
        if doc is None or (wanted is not None and doc.path.resolve() not in wanted):
            continue
        for d in project.unexplained_overdue:
            yield doc.finding(d.key_path, f"unexplained-{d.kind.replace('_', '-')}", _describe(d),
                              severity=severity(d))
    notices = data.files.get("notices")
    if notices is not None and (wanted is None or notices.path.resolve() in wanted):
        for d in facts.county:
            if d.kind == "notice" and d.unexplained:
                yield notices.finding(d.key_path, "unexplained-notice", _describe(d),
                                      severity=severity(d))
    rules = data.files.get("rules")
    for d in facts.county:
        if d.kind == "meeting" and d.status == "overdue":
            doc = data.files.get("meetings") or rules
            if doc is not None:
                yield doc.finding((), "missing-meeting",
                                  f"{d.ref} 没有召开项目调度会{basis(d)}",
                                  severity="warning")
    for flag in facts.accountability.key_flags if facts.accountability else ():
        doc = docs.get(flag.project)
        if flag.code == "not_flagged" and doc is not None and (
                wanted is None or doc.path.resolve() in wanted):
            yield doc.finding(("total_investment",), "key-project-threshold",
                              f"计划总投资达到规则文件中的重点项目参考门槛（{flag.threshold:g} 万元），"
                              "尚未列为重点项目：是否列为重点项目、由县级领导包联，请县里研究确定（第十二条）",
                              severity="warning")
    expiry = next((d.key_path for d in facts.county if d.kind == "rules_expiry"), ())
    for w in facts.warnings:
        if rules is not None:
            key: KeyPath = expiry if w.code == "rules-expiry" else ()
            yield rules.finding(key, w.code, w.message, severity="warning")


def _dates(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k in DATE_FIELDS and isinstance(v, str):
                yield (*path, k), v
            else:
                yield from _dates(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _dates(v, (*path, i))


def future_findings(data: DataSet, as_of: dt.date) -> Iterator[Finding]:
    """A completion, report or visit cannot lie after today."""
    for doc in data.projects:
        for path, value in _dates(doc.data):
            if value > as_of.isoformat() and path[-1] not in ("planned_completion",):
                yield doc.finding(path, "future-date",
                                  f"日期 {value} 晚于今天（{as_of}）：已发生的事项不能填写未来日期")


def _reports_by_month(data: Any) -> dict[str, dict[str, Any]]:
    reports = data.get("monthly_reports") if isinstance(data, dict) else None
    return {r["month"]: r for r in reports or [] if isinstance(r, dict) and "month" in r}


def closed_month_findings(data: DataSet, changes: Changes, book: RuleBook,
                          as_of: dt.date) -> Iterator[Finding]:
    """Rewriting a month whose report was already due needs a correction note (art. 14)."""
    for doc in data.projects:
        old_text = changes.base_text.get(doc.path.resolve())
        if old_text is None:
            continue
        old = Document(path=doc.path, display=doc.display, data=None)
        if parse(old_text, old) or not isinstance(old.data, dict):
            continue  # the base version was unreadable; nothing to compare with
        new_reports = _reports_by_month(doc.data)
        new_index = {r["month"]: i for i, r in enumerate(doc.data.get("monthly_reports", []))}
        for month, before in _reports_by_month(old.data).items():
            if report_due(month, book) >= as_of:
                continue  # the month is still open
            after = new_reports.get(month)
            if after == before:
                continue
            note = (after or {}).get("correction_note")
            if after is not None and note and note != before.get("correction_note"):
                continue
            path: KeyPath = ("monthly_reports", new_index[month]) if after else ("monthly_reports",)
            action = "修改" if after is not None else "删除"
            yield doc.finding(path, "closed-month-rewrite",
                              f"{action}了已截止的 {month} 月报，但没有新的更正说明：请填写 correction_note")
