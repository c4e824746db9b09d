"""The approval catalogue page and the pauses of a project's approvals, as readers see them,
and the paused working days in the JSON export (base fixture, as_of 2026-11-26)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.pipeline import load_and_evaluate
from generator.render import render_pages
from generator.workdays import WorkCalendar
from tests.conftest import AS_OF

# The environmental form of the base project (submitted 04-01, 15 working days) waits for the
# company's supplement since Friday 04-03, before its deadline, and still does on 11-26.
PAUSES = """\
    pauses:
      - from: 2026-04-03
        reason: supplement
        note: 企业补正环境影响报告表中的监测数据
"""


def paused(data_dir: Path) -> Path:
    path = data_dir / "projects" / "2026-base-pv.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "  - item: eia-table\n    submitted: 2026-04-01\n"
    assert marker in text
    path.write_text(text.replace(marker, marker + PAUSES), encoding="utf-8")
    return data_dir


@pytest.fixture
def pages(data_dir):
    result = load_and_evaluate(paused(data_dir), dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None, result.findings
    return render_pages(result.records, result.facts)


def test_the_catalogue_says_annex_2_was_not_published_and_labels_sample_limits(pages):
    page = pages["approval-items.md"]
    assert "附件二（审批事项及时限）未随《办法》公布" in page
    assert "不是《办法》的规定" in page
    assert page.count("示例值（待县里确定）") == 3       # one per item of the base catalogue
    assert "<th>法定时限</th><th>法定时限依据</th>" in page


def test_the_project_page_shows_the_open_pause_and_the_status_paused(pages):
    page = pages["projects/2026-base-pv.md"]
    approvals = page.split('id="portal-approvals"')[1].split("</table>")[0]
    eia = next(r for r in approvals.split("<tr>") if "建设项目环境影响报告表审批" in r)
    assert "暂停计时" in eia and "已逾期" not in eia
    pauses = page.split('id="portal-pauses"')[1].split("</table>")[0]
    assert "2026-04-03" in pauses and "尚未恢复" in pauses and "补正材料" in pauses
    assert "企业补正环境影响报告表中的监测数据" in pauses
    assert "示例值（待县里确定）" in page.split('id="portal-pauses"')[0].split("## 审批事项")[1]


def test_the_overdue_page_no_longer_lists_a_paused_approval(pages):
    assert "建设项目环境影响报告表审批" not in pages["overdue.md"].split("## 逾期办结")[0]


def test_the_json_export_counts_the_paused_working_days(run, data_dir):
    paused(data_dir)
    result = run("export", "--format", "json", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0, result.err
    [project] = json.loads(result.out)["projects"]
    approvals = {a["item"]: a for a in project["approvals"]}
    eia = approvals["eia-table"]
    assert eia["status"] in ("pending", "due_soon") and eia["overdue_workdays"] == 0
    # every working day from Fri 04-03 to Thu 11-26 inclusive, holidays excepted
    assert eia["paused_workdays"] == WorkCalendar().workdays_between(
        dt.date(2026, 4, 2), dt.date(2026, 11, 26))
    assert approvals["filing"]["paused_workdays"] == 0
    assert ("approval", "eia-table") not in {(u["kind"], u["ref"]) for u in project["unexplained_overdue"]}


def test_a_pause_cannot_start_after_today(run, data_dir):
    paused(data_dir)
    path = data_dir / "projects" / "2026-base-pv.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("from: 2026-04-03", "from: 2026-11-27"),
                    encoding="utf-8")
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1
    assert "error[future-date]: approvals[1].pauses[0].from" in result.out
