"""What the pages and the JSON dump say about the rules: the source of every number on the
method page, 办法施行前 and 逾期填报 on project pages, the rule sets and sources in the export."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator.export.facts_json import facts_json
from generator.pipeline import load_and_evaluate
from generator.render import render_pages
from tests.conftest import FIXTURES

AS_OF = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("rules") / "data"
    shutil.copytree(FIXTURES / "base", data)
    path = data / "projects" / "2026-base-pv.yaml"
    text = path.read_text(encoding="utf-8")
    # an approval submitted before the measures took effect, never completed, no reason;
    # the March report filed two days after month-end
    text = text.replace("approvals:\n", "approvals:\n  - item: eia-table\n    submitted: 2025-04-10\n", 1)
    text = text.replace("reported: 2026-03-31", "reported: 2026-04-02")
    path.write_text(text, encoding="utf-8")
    result = load_and_evaluate(data, AS_OF)
    assert result.records is not None and result.facts is not None, result.findings
    return result.records, result.facts


@pytest.fixture(scope="module")
def pages(evaluated):
    return render_pages(*evaluated)


@pytest.fixture(scope="module")
def internal_pages(evaluated):
    """The internal edition: the method page also names each number's key in rules.yaml."""
    return render_pages(*evaluated, audience="internal")


def _cells(page: str, table_id: str) -> list[list[str]]:
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)]
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table) if "<td" in r]


def test_the_public_method_page_has_chinese_labels_only(pages):
    text = re.sub(r'<span class="portal-mono">[^<]*</span>', " ", pages["method.md"].split("---\n", 2)[2])
    text = re.sub(r"<[^>]+>", " ", text)     # file paths (portal-mono) are names, not words
    text = re.sub(r'href="[^"]*"', "", text)
    assert re.findall(r"[A-Za-z_]{3,}", text) == []


def test_the_method_page_lists_every_number_with_its_source(internal_pages):
    page = internal_pages["method.md"]
    numbers = {r[1]: (r[2], r[3]) for r in _cells(page, "portal-method-rules")}
    assert numbers["signing_months"] == ("1", "《办法》第七条")
    assert numbers["registration_workdays"] == ("10", "《办法》第七条")
    assert numbers["report_grace_days"] == ("0", "《办法》第十四条")
    assert numbers["meetings_per_month"] == ("1", "《办法》第十五条")
    assert numbers["validity_years"] == ("1", "《办法》第二十条")
    for key in ("review_opinion_workdays", "problem_response_workdays.general",
                "key_project_threshold", "warning_workdays", "proposed_notice.missing_reports"):
        assert numbers[key][1] == "示例值（待县里确定）", key
    weights = {r[1]: r[3] for r in _cells(page, "portal-method-attracting")}
    assert weights["signed_investment"] == weights["reserve"] == "示例值（待县里确定）"
    assert weights["physical_progress"] == "规则文件未设定"   # this fixture leaves it out


def test_the_method_page_never_says_the_measures_fix_the_weights(pages):
    page = pages["method.md"]
    assert "《办法》没有规定指标的权重和计分方法" in page
    assert "待招商领导小组制定考核细则后替换" in page
    assert "规定的年度考核，按本页的指标和权重计算" not in page
    assert "第十九条，本办法由招商领导小组负责解释" in page
    assert "部分年度：2026-01-15 至 2026-11-26，任务按比例折算" in page


def test_an_approval_from_before_the_measures_shows_as_such_and_is_never_red(pages, evaluated):
    _, facts = evaluated
    [early] = [d for d in facts.projects[0].approvals if d.start == dt.date(2025, 4, 10)]
    assert not early.judged and early.colour == "green" and early not in facts.projects[0].unexplained_overdue
    page = pages["projects/2026-base-pv.md"]
    row = next(line for line in page.splitlines() if "2025-04-10" in line)
    assert "办法施行前" in row and "portal-red" not in row


def test_a_report_filed_after_month_end_reads_as_filed_late(pages):
    page = pages["projects/2026-base-pv.md"]
    reports = page.split('id="portal-reports"', 1)[1]
    row = next(line for line in reports.splitlines() if line.startswith("<tr><td>2026-03</td>"))
    assert "逾期填报" in row and "2026-03-31" in row and "2026-04-02" in row


def test_the_json_dump_carries_sources_rule_sets_and_every_role(evaluated):
    dump = facts_json(*evaluated)
    [project] = dump["projects"]
    early = next(a for a in project["approvals"] if a["submitted"] == "2025-04-10")
    assert (early["judged"], early["deadline"], early["rule_set"]) == (False, None, None)
    report = next(d for d in project["deadlines"] if d["ref"] == "2026-03")
    assert report["source"]["label"] == "《办法》第十四条" and report["rule_set"] == "measures-2026"
    numbers = dump["rules"]["rule_sets"][0]["numbers"]
    assert numbers["signing_months"]["source"]["article"] == 7
    assert numbers["scoring.service.notices"]["source"]["kind"] == "sample"
    assert dump["rules"]["interpreted_by"] == "招商领导小组"
    unit = next(d for d in dump["departments"] if d["id"] == "shanggongju")
    assert [s["group"] for s in unit["scores"]] == ["attracting", "service"]
    assert unit["scores"][0]["period"]["label"] == "部分年度：2026-01-15 至 2026-11-26，任务按比例折算"


def test_the_sample_rules_file_needs_no_county_document():
    rules = (Path(__file__).parents[2] / "data" / "rules.yaml").read_text(encoding="utf-8")
    assert "source: county" not in rules and "documents: []" in rules
