"""What the tabular exports (csv, xlsx) show of each project: the county's ledger row.

Built from the same facts as the JSON dump (``facts_json``) and from the *public* records,
so a field the schema marks ``x-internal: true`` can never reach a download, whatever a
later column adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..evaluate.facts import Deadline, Facts, ProjectFacts, status_name  # noqa: F401 (re-exported)
from ..records import Records
from ..render.audience import for_audience
from ..render.labels import INDUSTRIES, STAGES, label

COLOUR_NAMES = {"red": "红", "yellow": "黄", "green": "绿", "grey": "灰"}
YES_NO = {True: "是", False: "否"}

# The csv columns, in order (DESIGN §6 downloads: one row per project).
CSV_COLUMNS = (
    "项目编号", "项目名称", "阶段", "招引单位", "包联县领导", "重点项目", "产业", "乡镇/园区",
    "计划总投资（万元）", "累计完成投资（万元）", "完成比例（%）", "形象进度（%）",
    "本年完成投资（万元）", "本年计划（万元）", "最新月报月份", "逾期事项数", "状态颜色",
)
# The Excel ledger adds the project status and the latest month's own figure.
LEDGER_COLUMNS = (
    *CSV_COLUMNS[:3], "项目状态", *CSV_COLUMNS[3:15], "最新月份完成投资（万元）", *CSV_COLUMNS[15:],
)


@dataclass(frozen=True)
class Names:
    """Chinese names for the ids the facts carry (an unknown id shows as itself)."""

    records: Records

    def unit(self, uid: str | None) -> str:
        unit = self.records.units.get(uid or "")
        return str(unit["name"]) if unit else (uid or "")

    def leader(self, lid: str | None) -> str:
        leader = self.records.leaders.get(lid or "")
        return str(leader["name"]) if leader else (lid or "")

    def township(self, tid: str | None) -> str:
        township = self.records.townships.get(tid or "")
        return str(township["name"]) if township else (tid or "")


def public(records: Records) -> Records:
    """The records without anything the schema marks internal."""
    return for_audience(records, "public")


def late_count(p: ProjectFacts) -> int:
    """Overdue entries, open or done late: the ones that make a project red."""
    return sum(1 for d in p.deadlines if d.late)


def ledger_row(p: ProjectFacts, names: Names) -> dict[str, Any]:
    """One project as the ledger shows it: column name -> value (None = empty cell)."""
    pr = p.progress
    latest_invested = pr.series[-1][1] if pr.series else None
    return {
        "项目编号": p.id, "项目名称": p.name, "阶段": label(STAGES, p.stage),
        "项目状态": p.lifecycle,
        "招引单位": names.unit(p.lead_unit), "包联县领导": names.leader(p.leader) or None,
        "重点项目": YES_NO[p.key_project], "产业": label(INDUSTRIES, p.industry),
        "乡镇/园区": names.township(p.township),
        "计划总投资（万元）": p.total_investment, "累计完成投资（万元）": pr.cumulative,
        "完成比例（%）": pr.percent_of_total, "形象进度（%）": pr.physical_percent,
        "本年完成投资（万元）": pr.year_invested, "本年计划（万元）": pr.year_plan,
        "最新月报月份": pr.latest_month, "最新月份完成投资（万元）": latest_invested,
        "逾期事项数": late_count(p), "状态颜色": COLOUR_NAMES[p.colour],
    }


def ledger_rows(records: Records, facts: Facts, names: Names | None = None) -> list[dict[str, Any]]:
    """Every project's ledger row; ``names`` from the public records, made when not given."""
    names = names if names is not None else Names(public(records))
    return [ledger_row(p, names) for p in facts.projects]


def unit_projects(facts: Facts, unit: str | None) -> list[ProjectFacts]:
    """The projects of one department's ledger: those it leads (all of them without a unit).

    A department's ledger (``portal export --format xlsx --unit ID``) is the form its clerk
    fills in at month-end (article 14). Its 项目台账 and 月度报送 sheets hold the projects the
    unit leads, because the leading unit reports their investment and progress; its 审批事项
    sheet adds the approvals the unit *handles* in other units' projects (see
    ``handles_approval``), because the approving department is the one that knows the
    submission and completion dates. So an approving bureau that leads no project still
    gets a useful ledger, and every fill-in cell goes to the clerk who can answer it.
    """
    return [p for p in facts.projects if unit is None or p.lead_unit == unit]


def handles_approval(d: Deadline, unit: str | None) -> bool:
    """Whether ``unit`` is the department that handles approval ``d`` (None: every unit)."""
    return unit is None or d.unit == unit
