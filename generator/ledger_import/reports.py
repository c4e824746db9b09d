"""月度报送: a new month becomes a new monthly report; changed cells update an existing one.

Checked per row: the month and dates must be readable, a new month needs its figures, a
month whose report was already due (closed) may change only with a new 更正说明 (article
14), a month before signing is suspicious. Checked per project, over the months as they
would stand after the import: cumulative investment never falls, and each touched month's
investment is its cumulative minus the previous month's (±1 万元) unless a 更正说明 says why.
"""

from __future__ import annotations

from typing import Any

from ..evaluate.deadlines import report_due
from ..export.xlsx_form import REPORT_FIELDS
from .plan import Change, Plan, _changed, month_of, read_only
from .workbook import Row, parse_text

REQUIRED = {"invested": "当月完成投资（万元）", "cumulative": "累计完成投资（万元）",
            "progress_percent": "形象进度（%）", "reported": "填报日期"}
COLUMN_OF = {name: column for column, name in REPORT_FIELDS.items()}
TOLERANCE = 1  # 万元: rounding in the clerk's sheet


def report_sheet(plan: Plan, rows: list[Row]) -> None:
    touched: dict[str, dict[str, Row]] = {}
    for row in rows:
        pid = plan.project_of(row)
        month = month_of(plan, row)
        if pid is None or month is None:
            continue
        if month in touched.get(pid, {}):
            plan.report_row(row, "月份", "duplicate-row", f"项目 {pid} 的 {month} 月报在表中出现了不止一次")
            continue
        name = plan.projects[pid].get("name")
        shown = {"项目名称": name} if row.value("项目名称") is not None else {}  # blank on a new row: fine
        read_only(plan, row, shown, {"项目编号", "月份", *REPORT_FIELDS})
        existing = _reports(plan.projects[pid]).get(month)
        before = {column: (existing or {}).get(name) for column, name in REPORT_FIELDS.items()}
        values = _changed(plan, row, before, REPORT_FIELDS)
        if values is None:
            continue
        if existing is None:
            values = {k: v for k, v in values.items() if v is not None}
        if (existing is not None and not values) or not _complete(plan, row, {**(existing or {}), **values}):
            continue
        if existing is not None and not _may_change(plan, row, month, values, existing):
            continue
        _dates(plan, row, pid, month, values)
        touched.setdefault(pid, {})[month] = row
        plan.changes.append(Change(pid, "monthly_reports", month, values, new=existing is None))
    for pid, months in touched.items():
        _series(plan, pid, months)


def _reports(project: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(r.get("month")): r for r in project.get("monthly_reports", []) if isinstance(r, dict)}


def _complete(plan: Plan, row: Row, values: dict[str, Any]) -> bool:
    missing = [column for name, column in REQUIRED.items() if values.get(name) is None]
    for column in missing:
        plan.report_row(row, column, "missing-cell", f"月报须填写“{column}”")
    return not missing


def _may_change(plan: Plan, row: Row, month: str, values: dict[str, Any],
                existing: dict[str, Any]) -> bool:
    """A closed month changes only with a new correction note (article 14)."""
    if report_due(month, plan.rules) >= plan.as_of:
        return True
    note = values.get("correction_note", existing.get("correction_note"))
    if note and note != existing.get("correction_note"):
        return True
    first = next(COLUMN_OF[name] for name in values if name != "correction_note") \
        if any(name != "correction_note" for name in values) else "更正说明"
    plan.report_row(row, first, "closed-month-change",
                    f"{month} 月报已截止（{report_due(month, plan.rules)}），修改须在“更正说明”中写明原因")
    return False


def _dates(plan: Plan, row: Row, pid: str, month: str, values: dict[str, Any]) -> None:
    reported = values.get("reported")
    if reported is not None and reported > plan.as_of:
        plan.report_row(row, "填报日期", "future-date",
                        f"填报日期 {reported} 晚于今天（{plan.as_of}）：已发生的事项不能填写未来日期")
    if month > f"{plan.as_of.year:04d}-{plan.as_of.month:02d}":
        plan.report_row(row, "月份", "future-date", f"{month} 尚未到来，不能填报")
    signed = parse_text((plan.projects[pid].get("signing") or {}).get("signed"))
    if signed and month < signed[:7]:
        plan.report_row(row, "月份", "month-before-signing",
                        f"{month} 早于签约月份 {signed[:7]}：月报自签约起填报，请核对月份", "warning")


def _series(plan: Plan, pid: str, rows: dict[str, Row]) -> None:
    """Cumulative never falls; invested = cumulative - previous cumulative (±1) or a note."""
    merged = {m: dict(r) for m, r in _reports(plan.projects[pid]).items()}
    for change in plan.changes:
        if change.project == pid and change.section == "monthly_reports":
            merged.setdefault(str(change.key), {}).update(change.values)
    months = sorted(merged)
    for i, month in enumerate(months):
        if i == 0 or (month not in rows and months[i - 1] not in rows):
            continue
        now, prev = merged[month], merged[months[i - 1]]
        cumulative, previous = now.get("cumulative"), prev.get("cumulative")
        if not isinstance(cumulative, int | float) or not isinstance(previous, int | float):
            continue
        if cumulative < previous and month not in rows:  # the change made the next month fall
            plan.report_row(rows[months[i - 1]], "累计完成投资（万元）", "cumulative-falls",
                            f"累计完成投资大于下月（{month} 为 {cumulative}）：累计数不能减少")
        if month not in rows:
            continue
        if cumulative < previous:
            plan.report_row(rows[month], "累计完成投资（万元）", "cumulative-falls",
                            f"累计完成投资小于上月（{months[i - 1]} 为 {previous}）")
            continue
        invested = now.get("invested")
        if (isinstance(invested, int | float) and abs(invested - (cumulative - previous)) > TOLERANCE
                and not now.get("correction_note")):
            plan.report_row(rows[month], "当月完成投资（万元）", "invested-mismatch",
                            f"当月完成投资 {invested} 不等于本月累计 {cumulative} 减上月累计 {previous}"
                            f"（{round(cumulative - previous, 6)}）：请核对，或在“更正说明”中写明原因")
