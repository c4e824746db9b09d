"""The ledger as a form: which columns a clerk fills in, and how Excel helps them do it.

The Excel ledger goes out to each department's clerk at month-end and comes back through
``portal import`` (article 14, 台账式管理). The columns named here are the only ones the
import writes back (everything else is computed or comes from elsewhere, so a change there
is reported and ignored); the export highlights them with a fill colour and a header comment,
and puts data validation on them (drop-down lists, dates, number ranges) so Excel and WPS
refuse most typing mistakes before the file comes back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from ..evaluate.facts import STATUS_NAMES

# Column title -> field of the YAML entry the import writes it to.
APPROVAL_FIELDS = {"申报日期": "submitted", "办结日期": "completed", "延误原因": "delay_reason"}
REPORT_FIELDS = {
    "当月完成投资（万元）": "invested", "累计完成投资（万元）": "cumulative",
    "形象进度（%）": "progress_percent", "形象进度说明": "progress_text",
    "存在的重大问题": "major_problems", "填报日期": "reported", "迟报原因": "delay_reason",
    "更正说明": "correction_note",
}
# Key columns: filled in on a new row (a new month), matched on an existing one.
REPORT_KEYS = ("项目编号", "月份")
APPROVAL_KEYS = ("项目编号", "事项编号")

FILL_IN = "FCE4D6"  # light orange: "type here"
LAST_ROW = 1_048_575  # validations cover whole columns, so the rows of new months have them too

NOTES = {
    "申报日期": "请填写：向办理部门提交申请材料的日期（YYYY-MM-DD）",
    "办结日期": "请填写：取得批复或证照的日期（YYYY-MM-DD）；不得早于申报日期",
    "延误原因": "请填写：超过办理时限的书面说明",
    "项目编号": "新增一个月的月报时填写项目编号（从下拉列表选择）",
    "月份": "新增一个月的月报时填写月份，如 2026-11 或 2026年11月",
    "当月完成投资（万元）": "请填写：当月完成投资（万元，≥ 0）；应等于本月累计减上月累计",
    "累计完成投资（万元）": "请填写：开工以来累计完成投资（万元）；不得小于上月",
    "形象进度（%）": "请填写：工程形象进度（0–100）",
    "形象进度说明": "请填写：例如“主体厂房封顶，设备进场安装”",
    "存在的重大问题": "请填写：当月存在的重大问题；没有可不填",
    "填报日期": "请填写：实际填报的日期（YYYY-MM-DD）",
    "迟报原因": "月底后超过报送期限填报的，请填写书面说明",
    "更正说明": "修改已截止月份的月报时必须填写更正原因",
}

READ_ONLY_NOTE = "橙色表头的列由各单位填写，可用 portal import 导入；其余各列由系统生成，改动不会导入"


def fill_in_columns(title: str) -> frozenset[str]:
    """The columns of a sheet the clerk fills in (highlighted, imported)."""
    if title == "审批事项":
        return frozenset(APPROVAL_FIELDS)
    if title == "月度报送":
        return frozenset((*REPORT_KEYS, *REPORT_FIELDS))
    return frozenset()


def _list_validation(values: Sequence[str]) -> dict[str, Any] | None:
    """A drop-down list given inline; Excel holds at most 255 characters there."""
    if not values or len(",".join(values)) > 255 or any("," in v for v in values):
        return None
    return {"validate": "list", "source": list(values), "error_type": "warning"}


def _validation(column: str, project_ids: str | None, item_ids: Sequence[str]) -> dict[str, Any] | None:
    if column == "项目编号" and project_ids:
        return {"validate": "list", "source": project_ids, "error_type": "warning",
                "error_message": "项目编号应从下拉列表中选择（列表为本台账的项目）"}
    if column == "事项编号":
        return _list_validation(item_ids)
    if column == "状态":
        return _list_validation(list(STATUS_NAMES.values()))
    if column.endswith("日期") or column == "月份":
        return {"validate": "date", "criteria": "between", "minimum": dt.date(2000, 1, 1),
                "maximum": dt.date(2100, 12, 31), "error_type": "warning",
                "error_message": "请填写日期，例如 2026-11-30"}
    if "%" in column:
        return {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
                "error_message": "形象进度在 0 到 100 之间"}
    if "万元" in column:
        return {"validate": "decimal", "criteria": ">=", "value": 0,
                "error_message": "金额（万元）不能为负数"}
    return None


def decorate(ws: Worksheet, title: str, columns: Sequence[str], project_count: int,
             item_ids: Sequence[str]) -> None:
    """A note on each fill-in column's header, and validation of the cells below.

    Called right after the header row: in constant-memory mode a cell comment can only be
    added to the row being written. (The header's fill colour is written with the header.)
    """
    editable = fill_in_columns(title)
    project_ids = f"='项目台账'!$A$2:$A${project_count + 1}" if project_count else None
    for col, column in enumerate(columns):
        if column in editable:
            ws.write_comment(0, col, NOTES.get(column, "请填写"), {"x_scale": 2})
        if title == "项目台账" or (column not in editable and column not in ("状态", *APPROVAL_KEYS)):
            continue
        rule = _validation(column, project_ids, item_ids)
        if rule is not None:
            ws.data_validation(1, col, LAST_ROW, col, rule)


def item_list(ws: Worksheet, columns: Sequence[str], rows: int, item_ids: Sequence[str]) -> None:
    """The 事项编号 drop-down when the catalogue is too long to list inline (255 characters):
    the item ids of the sheet's own rows. Called after the rows (validations are kept aside)."""
    if "事项编号" not in columns or _list_validation(item_ids) is not None or rows == 0:
        return
    col = columns.index("事项编号")
    letter = "$" + xl_col_to_name(col)
    ws.data_validation(1, col, LAST_ROW, col, {
        "validate": "list", "source": f"={letter}$2:{letter}${rows + 1}", "error_type": "warning",
        "error_message": "事项编号见 data/approval-items.yaml"})
