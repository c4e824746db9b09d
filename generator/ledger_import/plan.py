"""From a returned ledger to changes: which cells changed, which may be written back, and why not.

Every row is checked before anything is applied; problems are findings that name the
sheet, row and column (``ledger.xlsx:审批事项!H7: error[...]``). A cell is *changed* when it
differs from what the export wrote (the same ``xlsx.sheets`` rows, computed for the day the
ledger was exported, kept in the workbook's properties); only the fill-in columns of
``xlsx_form`` are written back, a change anywhere else is a ``read-only-cell`` warning.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..evaluate.rulebook import RuleBook
from ..export.xlsx_form import APPROVAL_FIELDS
from ..findings import Finding, Severity
from .workbook import BadValue, Cell, Ledger, Row, parse_date, parse_month, parse_number, parse_text

DATE_FIELDS = frozenset({"submitted", "completed", "reported"})
NUMBER_FIELDS = frozenset({"invested", "cumulative", "progress_percent"})


@dataclass
class Change:
    """New values for one entry of a project file (None removes a field)."""

    project: str
    section: str  # "approvals" or "monthly_reports"
    key: int | str  # the approval's index, or the report's month
    values: dict[str, Any]
    new: bool = False


@dataclass
class Plan:
    display: str
    as_of: dt.date
    projects: dict[str, dict[str, Any]]
    items: dict[str, Any]
    rules: RuleBook                 # closed months follow the rule sets' due dates
    findings: list[Finding] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def report(self, cell: Cell, code: str, message: str, severity: Severity = "error") -> None:
        self.findings.append(Finding(self.display, cell.row, cell.col, code, message,
                                     severity=severity, cell=cell.ref))

    def report_row(self, row: Row, column: str, code: str, message: str,
                   severity: Severity = "error") -> None:
        """At the row's cell of ``column``, or its first cell when the column is missing."""
        cell = row.cells.get(column) or min(row.cells.values(), key=lambda c: c.col)
        self.report(cell, code, message, severity)

    def project_of(self, row: Row) -> str | None:
        pid = parse_text(row.value("项目编号"))
        if pid is None or pid not in self.projects:
            shown = f"“{pid}”" if pid else "（空）"
            self.report_row(row, "项目编号", "unknown-project",
                            f"项目编号{shown}不存在：请从下拉列表选择，或先用 portal new 新建项目")
            return None
        return pid


def parse(field_name: str, value: Any) -> Any:
    if field_name in DATE_FIELDS:
        return parse_date(value)
    if field_name in NUMBER_FIELDS:
        return parse_number(value)
    return parse_text(value)


def _comparable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, bool | dt.date):
        return value
    if isinstance(value, int | float):
        return round(float(value), 6)
    return parse_text(value)


def read_only(plan: Plan, row: Row, expected: dict[str, Any] | None, editable: set[str]) -> None:
    """Warn about each changed cell the import does not write back."""
    for column, cell in row.cells.items():
        if column in editable or (expected is not None and column not in expected):
            continue
        before = expected.get(column) if expected is not None else None
        if _comparable(cell.value) != _comparable(before):
            shown = "（空）" if before is None else f"“{_comparable(before)}”"
            plan.report(cell, "read-only-cell",
                        f"“{column}”由系统生成，改动不会导入（系统中为{shown}）", "warning")


def ledger_sheet(plan: Plan, ledger: Ledger, expected: dict[tuple[Any, ...], dict[str, Any]]) -> None:
    """项目台账: every cell is computed; any change is reported and ignored."""
    for row in ledger.sheets.get("项目台账", []):
        pid = parse_text(row.value("项目编号"))
        if (pid,) not in expected:
            plan.report_row(row, "项目编号", "read-only-cell",
                            f"项目台账中的项目“{pid or '（空）'}”不在数据中，这一行不会导入：新建项目请用 portal new",
                            "warning")
            continue
        read_only(plan, row, expected[(pid,)], set())


def _item_of(plan: Plan, row: Row) -> str | None:
    item = parse_text(row.value("事项编号"))
    if item is None and "事项编号" not in row.cells:  # a re-typed sheet: match the item's name
        name = parse_text(row.value("审批事项"))
        item = next((i for i, r in plan.items.items() if r.get("name") == name), name)
    if item not in plan.items:
        plan.report_row(row, "事项编号" if "事项编号" in row.cells else "审批事项",
                        "unknown-approval-item",
                        f"审批事项“{item or '（空）'}”不在审批事项目录（data/approval-items.yaml）中")
        return None
    return item


def approval_sheet(plan: Plan, ledger: Ledger, expected: dict[tuple[Any, ...], dict[str, Any]]) -> None:
    """审批事项: 申报日期, 办结日期 and 延误原因 update the approval (project id + item id)."""
    seen: Counter[tuple[str, str]] = Counter()
    for row in ledger.sheets.get("审批事项", []):
        pid = plan.project_of(row)
        item = _item_of(plan, row) if pid else None
        if pid is None or item is None:
            continue
        nth = seen[(pid, item)]
        seen[(pid, item)] += 1
        indexes = [i for i, a in enumerate(plan.projects[pid].get("approvals", []))
                   if a.get("item") == item]
        before = expected.get((pid, item, nth))
        if nth >= len(indexes) or before is None:
            plan.report_row(row, "事项编号", "unknown-approval-item",
                            f"项目 {pid} 没有（第 {nth + 1} 个）审批事项“{item}”：新增审批事项请编辑项目文件")
            continue
        read_only(plan, row, before, set(APPROVAL_FIELDS))
        values = _changed(plan, row, before, APPROVAL_FIELDS)
        if values is None or not values:
            continue
        old = plan.projects[pid]["approvals"][indexes[nth]]
        _check_approval_dates(plan, row, values, old)
        plan.changes.append(Change(pid, "approvals", indexes[nth], values))


def _changed(plan: Plan, row: Row, before: dict[str, Any],
             fields: dict[str, str]) -> dict[str, Any] | None:
    """The fill-in cells that differ from ``before`` as field -> value; None if one is unreadable."""
    values: dict[str, Any] = {}
    ok = True
    for column, name in fields.items():
        cell = row.cells.get(column)
        if cell is None:
            continue
        try:
            new = parse(name, cell.value)
        except BadValue as exc:
            plan.report(cell, "bad-date" if name in DATE_FIELDS else "bad-number", str(exc))
            ok = False
            continue
        if new != parse(name, before.get(column)):
            values[name] = new
    return values if ok else None


def _check_approval_dates(plan: Plan, row: Row, values: dict[str, Any], old: dict[str, Any]) -> None:
    submitted = values.get("submitted", _as_date(old.get("submitted")))
    completed = values.get("completed", _as_date(old.get("completed")))
    if completed and not submitted:
        plan.report_row(row, "申报日期", "missing-cell", "填写办结日期须同时填写申报日期")
    if submitted and completed and completed < submitted:
        plan.report_row(row, "办结日期", "completed-before-submitted",
                        f"办结日期 {completed} 早于申报日期 {submitted}")
    for name, column in (("submitted", "申报日期"), ("completed", "办结日期")):
        if values.get(name) and values[name] > plan.as_of:
            plan.report_row(row, column, "future-date",
                            f"{column} {values[name]} 晚于今天（{plan.as_of}）：已发生的事项不能填写未来日期")


def _as_date(value: Any) -> dt.date | None:
    try:
        return parse_date(value)
    except BadValue:
        return None


def month_of(plan: Plan, row: Row) -> str | None:
    try:
        month = parse_month(row.value("月份"))
    except BadValue as exc:
        plan.report_row(row, "月份", "bad-month", str(exc))
        return None
    if month is None:
        plan.report_row(row, "月份", "missing-cell", "月份不能为空：请写成 2026-11 或 2026年11月")
    return month
