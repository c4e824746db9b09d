"""The accountability pages (arts. 12, 15-18) rendered from the accountability fixture:
what each page says, where it links, the method page following the rules, and data kept
inert on every new page."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from generator.build import default_config
from generator.evaluate import evaluate
from generator.evaluate.method import GROUP_INDICATORS, INDICATOR_TEXTS, scoring_method
from generator.evaluate.rulebook import parse_rules
from generator.evaluate.scores import INDICATOR_NAMES
from generator.export.facts_json import facts_json
from generator.pipeline import load_and_evaluate
from generator.render import NAV, render_pages
from generator.render.accountability import INTERNAL_ONLY, PAGES
from generator.workdays import WorkCalendar
from tests.acceptance.sitecheck import Page
from tests.conftest import AS_OF, FIXTURES, REPO
from tests.unit.test_accountability import accountability_data

NEW_PAGES = [path for _, path in PAGES]


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory):
    result = load_and_evaluate(accountability_data(tmp_path_factory.mktemp("acc")),
                               dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    return result.records, result.facts


@pytest.fixture(scope="module")
def pages(evaluated):
    return render_pages(*evaluated)


@pytest.fixture(scope="module")
def internal_pages(evaluated):
    return render_pages(*evaluated, audience="internal")


def rows(page: str, table_id: str) -> list[list[str]]:
    """The cells of a table's body rows, as the Markdown holds them."""
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table)
            if "<td" in r]


def text(cell: str) -> str:
    return re.sub(r"<[^>]+>", "", cell)


# -- navigation -------------------------------------------------------------------------------

def test_the_new_pages_are_rendered_and_listed_in_both_navigations(pages, internal_pages):
    mkdocs_nav = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    mkdocs = [(next(iter(e)), next(iter(e.values()))) for e in mkdocs_nav]
    for title, path in PAGES:
        assert path in pages or path in INTERNAL_ONLY
        assert (title, path) in NAV and (title, path) in mkdocs
        assert (pages.get(path) or internal_pages[path]).startswith(f'---\ntitle: "{title}"\n---\n')
    assert [e for e in mkdocs if e in NAV] == list(NAV)   # same pages, same order
    assert default_config()["nav"] == [{title: path} for title, path in NAV]


# -- problems (art. 15) ----------------------------------------------------------------------

def test_the_problem_page_shows_an_overdue_open_problem_in_red_with_its_working_days(pages):
    page = pages["problems.md"]
    assert "未解决的问题 2 个，其中超过时限 1 个" in page
    [county] = rows(page, "portal-problems-county")
    assert text(county[0]) == "北庭工业园区精细化工项目" and 'href="projects/2026-acc-chem.html"' in county[0]
    assert text(county[1]) == "项目用地征收补偿未完成"
    assert "portal-red" in county[2] and "已逾期" in county[2]
    assert county[3:5] == ["59", "79"]                     # working days overdue, open
    assert text(county[5]) == "自然资源局" and text(county[6]) == "李明"
    assert county[7:11] == ["2026-08-03", "2026-08-31", "—", "处理中"]
    assert 'href="meetings.html#meeting-2026-09-dispatch"' in county[11]
    assert '<tr data-colour="red">' in page


def test_the_problem_page_lists_general_problems_units_and_recent_resolutions(pages):
    page = pages["problems.md"]
    [general] = rows(page, "portal-problems-general")
    assert text(general[1]) == "施工临时用电未接入" and "portal-green" in general[2]
    units = {text(r[0]): [text(c) for c in r[1:]] for r in rows(page, "portal-problem-units")}
    assert units == {"自然资源局": ["1", "0", "1", "0"], "供电公司": ["0", "1", "0", "0"],
                     "发改委": ["0", "0", "0", "1"]}
    [resolved] = rows(page, "portal-problems-resolved")
    assert text(resolved[1]) == "备案信息变更" and text(resolved[2]) == "一般问题"
    assert "按时办结" in resolved[3] and resolved[4:6] == ["—", "7"]
    assert resolved[8:11] == ["2026-09-01", "2026-09-15", "2026-09-10"]


def test_the_project_page_shows_its_problems_in_colour_and_links_its_meetings(pages):
    page = pages["projects/2026-acc-chem.md"]
    problems = rows(page, "portal-problems")
    assert [("portal-red" in r[8], "portal-green" in r[8]) for r in problems] == [
        (True, False), (False, True), (False, True)]
    meetings = rows(page, "portal-project-meetings")
    assert [r[0] for r in meetings] == ["2026-09-18", "2026-07-15"]
    assert 'href="../meetings.html#meeting-2026-09-dispatch"' in meetings[0][2]
    assert text(meetings[0][3]) == "项目用地征收补偿未完成" and meetings[1][3] == "—"
    assert "包联领导未按月现场调研" in page and "2026-05、2026-08、2026-09 包联领导未到现场调研" in page
    assert "包联领导未按月听取汇报" in page and "2026-10 包联领导未听取汇报（共 5 个月）" in page


# -- meetings (art. 15) ----------------------------------------------------------------------

def test_the_meeting_page_flags_the_months_without_a_dispatch_meeting(pages):
    page = pages["meetings.md"]
    assert "有 2 个月未召开调度会" in page
    months = {r[0]: r for r in rows(page, "portal-meeting-months")}
    assert list(months) == [f"2026-{m:02d}" for m in range(11, 0, -1)]
    for month in ("2026-02", "2026-07"):
        assert "portal-red" in months[month][2] and "未召开" in months[month][2]
    assert "portal-green" in months["2026-09"][2] and "2026-09-18" in months["2026-09"][1]
    assert "本月待召开" in months["2026-11"][2]
    # a month without its meeting was missed, not "late by N working days"
    assert all(len(r) == 3 for r in months.values())
    assert "逾期工作日" not in page.split('id="portal-meetings"')[0]


def test_the_dashboard_says_a_missed_meeting_was_not_held_instead_of_counting_days(pages):
    county = pages["index.md"].split("## 县级事项", 1)[1].split("</table>", 1)[0]
    [missed] = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", county)
                if "2026-02 项目调度会" in r]
    assert "未召开" in missed[5] and text(missed[6]) == "—"     # status, overdue working days


def test_the_meeting_page_lists_each_meeting_with_what_it_decided(pages):
    page = pages["meetings.md"]
    assert '<tr id="meeting-2026-09-dispatch">' in page
    meeting = next(r for r in rows(page, "portal-meetings") if r[0] == "2026-09-18")
    assert [text(c) for c in meeting] == [
        "2026-09-18", "项目调度会", "2026年9月社会投资项目调度会", "李明", "商工局、自然资源局、供电公司",
        "北庭工业园区精细化工项目", "北庭工业园区精细化工项目：项目用地征收补偿未完成",
        "自然资源局10月底前完成征收补偿方案。", "调度会纪要〔2026〕9号"]
    assert len(rows(page, "portal-meetings")) == 9


# -- notices (art. 16) -----------------------------------------------------------------------

def test_the_notice_page_lists_each_notice_with_its_reply_status(pages, internal_pages):
    assert "督办建议" not in pages["notices.md"]          # drafts: the internal edition only
    page = internal_pages["notices.md"]
    assert "共下达 2 份：按期反馈 0 份，逾期反馈 1 份，逾期未反馈 1 份，待反馈 0 份" in page
    unanswered, late = rows(page, "portal-notices")
    assert [text(c) for c in unanswered[:7]] == [
        "吉投督〔2026〕2号", "2026-11-02", "生态环境局", "北庭镇20MW分布式光伏项目",
        "分布式光伏项目环评审批超过承诺时限未办结。", "2026-11-13", "—"]
    assert "已逾期" in unanswered[7] and unanswered[8] == "9"
    assert "逾期办结" in late[7] and late[8] == "3" and "延误说明：补偿方案需县政府常务会研究后反馈。" in late[9]
    assert 'id="notice-2026-01"' in page and "3 条" in page


def test_the_proposal_page_lists_the_drafts_with_their_evidence(pages, internal_pages):
    assert "proposed-notices.md" not in pages
    page = internal_pages["proposed-notices.md"]
    assert "草稿，未发出" in page
    lines = rows(page, "portal-proposed-notices")
    assert [(text(r[1]), text(r[2])) for r in lines] == [
        ("审批逾期未办结", "生态环境局"), ("月报逾期未报", "商工局"), ("县级问题久拖未决", "自然资源局")]
    assert text(lines[0][6]) == "吉投督〔2026〕2号（2026-11-02）"
    assert 'href="notices.html#notice-2026-02"' in lines[0][6]
    assert [text(r[5]) for r in lines] == ["2 项", "7 项", "1 项"]
    assert "达到 2 项" in page and "超过 30 个工作日" in page
    evidence = page.split('id="proposal-1"', 1)[1].split("</details>", 1)[0]
    assert 'href="projects/2026-base-pv.html#portal-approvals"' in evidence
    assert 'href="projects/2026-acc-chem.html#portal-approvals"' in evidence


def test_the_json_export_carries_no_drafted_notice_and_no_data_keeper_notice(evaluated):
    dump = facts_json(*evaluated)
    assert evaluated[1].accountability.proposed_notices   # drafts exist, for the internal site
    assert "proposed_notices" not in dump and "warnings" not in dump


# -- key projects (art. 12) ------------------------------------------------------------------

def test_the_leaders_index_summarises_the_key_project_flags(pages):
    page = pages["leaders/index.md"]
    assert "推进中的重点项目 2 个" in page
    flags = [[text(c) for c in r] for r in rows(page, "portal-key-flags")]
    assert [(r[0], r[3]) for r in flags] == [
        ("北庭镇大型储能项目", "达到参考门槛，请县里研究是否列为重点项目"),
        ("北庭工业园区精细化工项目", "包联领导未按月听取汇报"),
        ("北庭工业园区精细化工项目", "包联领导未按月现场调研")]
    assert flags[0][1] == "6.00 亿元" and "达到规则文件中的参考门槛（5.00 亿元）" in flags[0][4]
    assert "由县里研究确定" in flags[0][4]


def test_the_leader_page_shows_the_flags_and_open_problems_of_the_leaders_projects(pages):
    page = pages["leaders/leader-li.md"]
    assert [text(r[0]) for r in rows(page, "portal-key-flags")] == ["北庭工业园区精细化工项目"] * 2
    problems = rows(page, "portal-leader-problems")
    assert [text(r[1]) for r in problems] == ["项目用地征收补偿未完成", "施工临时用电未接入"]
    assert "portal-red" in problems[0][3]


# -- scores (arts. 17-18) --------------------------------------------------------------------

def test_the_ranking_shows_this_and_last_year_and_units_not_scored(pages):
    page = pages["scores.md"]
    [attracting] = rows(page, "portal-scores-attracting")
    # 2025 had targets but preceded the measures: no 2025 column, no 2025 score
    assert [text(c) for c in attracting] == ["1", "商工局", "78.0", "指标明细"]
    assert "2025 年得分" not in page
    assert "考核期：部分年度：2026-01-15 至 2026-11-26，任务按比例折算" in page
    assert 'href="units/shanggongju.html#portal-score"' in attracting[3]
    service = [[text(c) for c in r] for r in rows(page, "portal-scores-service")]
    # 商工局 both attracts and approves: it is ranked in both groups
    assert [r[:3] for r in service] == [["1", "发改委", "100.0"], ["2", "自然资源局", "33.3"],
                                        ["3", "生态环境局", "11.8"], ["—", "供电公司", "不参与评分"],
                                        ["—", "商工局", "不参与评分"]]


def test_a_unit_with_no_projects_shows_not_scored_without_dividing_by_zero(evaluated):
    records, facts = evaluated
    units = {**records.units,
             "idle": {"id": "idle", "name": "无项目的局", "short_name": "无项目局", "roles": ["approving"]},
             "duchashi": {"id": "duchashi", "name": "县政府督察室", "roles": ["supervision"]}}
    records = type(records)(**{**records.__dict__, "units": units})
    facts = evaluate(records, records.rules, WorkCalendar(records.calendar), facts.as_of)
    pages = render_pages(records, facts)
    assert next(s for s in facts.scores if s.unit == "idle").score is None
    assert "不参与评分（本年没有可计量的指标）" in pages["units/idle.md"]
    idle = next(r for r in rows(pages["scores.md"], "portal-scores-service") if "无项目局" in r[1])
    assert text(idle[2]) == "不参与评分" and idle[0] == "—"
    # a unit in neither group is not assessed at all, and the ranking says so
    assert "本单位不承担招引或审批、要素保障职责，不参与评分" in pages["units/duchashi.md"]
    assert "不参与评分：<a href=\"units/duchashi.html\">县政府督察室</a>" in pages["scores.md"]


def test_the_unit_page_shows_each_indicator_and_links_every_figure_to_its_entries(pages):
    page = pages["units/shanggongju.md"]
    indicators = {text(r[0]): r for r in rows(page, "portal-score-indicators")}
    signed = indicators["签约引资完成率"]
    # both projects signed this year: 120,000 + 8,000 against the task of 100,000 prorated to
    # the 316 days from 2026-01-15 to 2026-11-26: 86,575.34
    assert [text(c) for c in signed[1:6]] == ["30", "128,000 万元", "86,575.34 万元", "100%", "30"]
    assert 'href="#score-signed_investment"' in signed[2]
    evidence = page.split('id="score-signed_investment"', 1)[1].split("</details>", 1)[0]
    assert 'href="../projects/2026-acc-chem.html"' in evidence and "协议投资额 120,000 万元" in evidence
    reports = page.split('id="score-reports_on_time"', 1)[1].split("</details>", 1)[0]
    assert reports.count('href="../projects/2026-base-pv.html#portal-reports"') == 8
    assert "在 1 个参与评分的招引单位中排第 1 名" in page and "2025 年得分" not in page
    assert 'id="portal-score-indicators-service"' in page   # its second role, scored apart


def test_a_service_unit_with_only_a_problem_not_yet_due_is_not_scored(pages):
    assert "不参与评分（本年没有可计量的指标）" in pages["units/gongdian.md"]
    assert "不承担招引或审批、要素保障职责" not in pages["units/gongdian.md"]


# -- the method page follows the rules file ---------------------------------------------------

def _method_weights(page: str, group: str) -> dict[str, str]:
    return {text(r[1]): text(r[2]) for r in rows(page, f"portal-method-{group}")}


def test_a_change_of_weight_changes_both_the_score_and_the_method_page(evaluated):
    records, facts = evaluated
    before = render_pages(records, facts, audience="internal")   # the edition with the keys
    rules = copy.deepcopy(records.rules)
    scoring = rules["rule_sets"][0]["scoring"]
    scoring["attracting"]["reports_on_time"]["value"] = 70
    scoring["caps"]["notice_penalty"]["value"] = 7.5
    changed = dataclasses.replace(records, rules=rules)
    facts2 = evaluate(changed, rules, WorkCalendar(records.calendar), facts.as_of)
    after = render_pages(changed, facts2, audience="internal")
    assert _method_weights(before["method.md"], "attracting")["reports_on_time"] == "10"
    assert _method_weights(after["method.md"], "attracting")["reports_on_time"] == "70"
    assert "权重合计 100 分" in before["method.md"] and "权重合计 160 分" in after["method.md"]
    assert "每收到 1 份督办通知单扣 7.5 分" in after["method.md"]
    score = {s.unit: s.score for s in facts.scores if s.group == "attracting"}["shanggongju"]
    score2 = {s.unit: s.score for s in facts2.scores if s.group == "attracting"}["shanggongju"]
    assert score2 != score and score2 is not None and score2 < score   # reports were late
    cell = next(r for r in rows(after["scores.md"], "portal-scores-attracting"))[2]
    assert text(cell) == f"{score2:.1f}"


def test_the_method_page_warns_of_keys_no_computation_reads(evaluated):
    records, _ = evaluated
    rules = copy.deepcopy(records.rules)
    scoring = rules["rule_sets"][0]["scoring"]
    scoring["service"]["speed"] = {"value": 5, "source": "sample"}
    scoring["caps"] = {"notice_penalty": {"value": 3, "source": "sample"},
                       "bonus": {"value": 1, "source": "sample"}}
    method = scoring_method(parse_rules(rules).rule_sets[0])
    service = next(g for g in method.groups if g.group == "service")
    assert service.unknown == ("speed",) and method.unknown_caps == ("bonus",)
    caps = {c.key: (c.value, c.default) for c in method.caps}
    assert caps == {"overdue_workday_penalty": (0.5, True), "notice_penalty": (3.0, False)}


def test_every_indicator_has_a_text_and_the_groups_match_what_the_scores_compute(evaluated):
    _, facts = evaluated
    assert set(INDICATOR_TEXTS) == set(INDICATOR_NAMES)
    for s in facts.scores:
        assert tuple(i.key for i in s.indicators) == GROUP_INDICATORS[s.group]


# -- the sample data -------------------------------------------------------------------------

def test_the_sample_data_pages_say_what_the_data_says():
    data = REPO / "data"
    if not (data / "projects").is_dir():
        pytest.skip("no sample data")
    result = load_and_evaluate(data, dt.date.fromisoformat(AS_OF))
    if result.records is None or result.facts is None:
        pytest.skip("sample data not valid yet")
    pages = render_pages(result.records, result.facts, audience="internal")
    months = {r[0]: r for r in rows(pages["meetings.md"], "portal-meeting-months")}
    assert "未召开" in months["2026-02"][2]                   # spring festival: no meeting
    county = [text(r[1]) for r in rows(pages["problems.md"], "portal-problems-county")]
    assert any(title.startswith("项目地块征收补偿未完成") for title in county)
    proposals = rows(pages["proposed-notices.md"], "portal-proposed-notices")
    assert {text(r[2]) for r in proposals} >= {"自然资源局"}
    assert len(rows(pages["notices.md"], "portal-notices")) == len(result.records.notices)


# -- escaping --------------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> **粗** `码` [点](javascript:alert(1)) {: onclick="alert(1)" }'
DATA_TAGS = {"script", "img", "iframe", "b", "em", "code"}
EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "md_in_html", "def_list", "footnotes", "abbr"]


def test_hostile_meetings_and_notices_stay_text_on_every_new_page(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "hostile", data)
    (data / "meetings.yaml").write_text(yaml.safe_dump({"meetings": [{
        "id": "2026-09-dispatch", "date": "2026-09-18", "kind": "dispatch", "title": HOSTILE,
        "chair": "leader-li", "attendees": ["shanggongju"], "projects": ["2026-hostile"],
        "problems": ["2026-hostile#p1"], "decisions": [HOSTILE, "第二条\n<img src=x onerror=alert(1)>"],
        "minutes_no": HOSTILE}]}, allow_unicode=True), encoding="utf-8")
    (data / "notices.yaml").write_text(yaml.safe_dump({"notices": [{
        "id": "2026-01", "number": "吉投督〔2026〕1号<b>", "issued": "2026-09-15", "unit": "ziranziyuan",
        "project": "2026-hostile", "reason": HOSTILE, "reply_deadline": "2026-09-25",
        "replied": "2026-09-30", "reply": HOSTILE, "delay_reason": HOSTILE}]}, allow_unicode=True),
        encoding="utf-8")
    result = load_and_evaluate(data, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    pages = render_pages(result.records, result.facts, "internal")
    checked = [*NEW_PAGES, "projects/2026-hostile.md", "leaders/leader-li.md", "leaders/index.md",
               "units/ziranziyuan.md"]
    for path in checked:
        body = pages[path].split("---\n", 2)[2]
        html = markdown.Markdown(extensions=EXTENSIONS).convert(body)
        page = Page(html)
        assert not {tag for tag, _ in page.tags} & DATA_TAGS, path
        assert not any(n.startswith("on") or n == "markdown" for _, n, _ in page.attributes()), path
        assert not any(v.strip().lower().startswith("javascript:") for _, n, v in page.attributes()
                       if n in ("href", "src")), path
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages["meetings.md"]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages["notices.md"]
    assert "alert(&#34;problem&#34;)" in pages["problems.md"]
    assert "alert(&#34;problem&#34;)" in pages["proposed-notices.md"]
