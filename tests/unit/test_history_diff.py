"""Field-level diffs in Chinese: schema titles, natural keys, compact values."""

from __future__ import annotations

import pytest

from generator.fields import project_fields
from generator.history.model import Names
from generator.history.piecediff import Differ


def diff(old, new, **kwargs) -> list[str]:
    changes, _ = Differ(**kwargs).diff(old, new)
    return [c.text_zh for c in changes]


def test_titles_come_from_the_schema_without_article_numbers():
    root = project_fields()
    assert root.properties["stage"].title == "当前阶段"
    assert root.properties["monthly_reports"].title == "月度报送"
    assert root.properties["approvals"].items.title == "审批事项"
    assert root.properties["approvals"].items.properties["completed"].title == "办结日期"
    assert root.properties["stage"].enum_labels["landing"] == "项目落地"
    assert root.properties["investor"].properties["contact"].internal


def test_a_scalar_change_shows_old_and_new_values():
    assert diff({"stage": "landing"}, {"stage": "production"}) == ["当前阶段：项目落地 → 项目投产"]
    assert diff({"total_investment": 8000.0}, {"total_investment": 8500.5}) == \
        ["计划总投资（万元）：8000 → 8500.5"]
    assert diff({"key_project": False}, {"key_project": True}) == ["重点项目：否 → 是"]


def test_nested_objects_are_walked_with_their_titles():
    old = {"signing": {"registrations": {"company": {"completed": "2026-03-10"}}}}
    new = {"signing": {"signed": "2026-03-02",
                       "registrations": {"company": {"completed": "2026-03-11"}}}}
    assert diff(old, new) == ["项目签约：协议签订日期 空 → 2026-03-02",
                              "项目签约：三项登记：公司注册：办结日期 2026-03-10 → 2026-03-11"]


def test_a_report_inserted_in_the_middle_does_not_make_later_ones_look_changed():
    reports = [{"month": f"2026-0{m}", "invested": m} for m in (1, 2, 4)]
    inserted = [*reports[:2], {"month": "2026-03", "invested": 3}, reports[2]]
    assert diff({"monthly_reports": reports}, {"monthly_reports": inserted}) == ["月报 2026-03：新增"]
    reordered = list(reversed(reports))
    assert diff({"monthly_reports": reports}, {"monthly_reports": reordered}) == []


def test_removed_items_and_changed_fields_of_items():
    old = {"approvals": [{"item": "filing", "completed": "2026-01-07"}, {"item": "eia-table"}]}
    new = {"approvals": [{"item": "eia-table", "completed": "2026-03-20", "document_no": "吉环审〔2026〕3号"}]}
    assert diff(old, new, names=Names(approval_items={"eia-table": "环评批复"})) == [
        "审批事项 环评批复：办结日期 空 → 2026-03-20",
        "审批事项 环评批复：批复文号 空 → 吉环审〔2026〕3号",
        "审批事项 filing：删除",
    ]


def test_visits_on_the_same_day_are_told_apart_by_leader():
    old = {"visits": [{"date": "2026-04-01", "leader": "li"}]}
    new = {"visits": [{"date": "2026-05-01", "leader": "li"},
                      {"date": "2026-05-01", "leader": "wang", "kind": "briefing"}]}
    changes, _ = Differ(Names(leaders={"wang": "王县长"})).diff(old, new)
    assert [c.text_zh for c in changes] == ["调研记录 2026-05-01/li：新增", "调研记录 2026-05-01/王县长：新增",
                                            "调研记录 2026-04-01/li：删除"]
    assert changes[1].path == ("visits", "2026-05-01/wang")


def test_an_item_is_named_by_the_simplest_key_unique_among_the_items_that_changed():
    old = {"visits": [{"date": "2026-05-01", "leader": "li"}]}
    new = {"visits": [{"date": "2026-05-01", "leader": "li"},
                      {"date": "2026-05-01", "leader": "wang", "kind": "briefing"}]}
    assert diff(old, new) == ["调研记录 2026-05-01：新增"]


def test_items_without_a_usable_key_are_matched_by_position():
    old = {"problems": [{"id": "p0"}, {"id": "p1", "title": "甲"}, {"id": "p1", "title": "乙"}]}
    new = {"problems": [{"id": "p0"}, {"id": "p1", "title": "丁"}, {"id": "p1", "title": "丙"}]}
    assert diff(old, new) == ["问题 第 2 项：问题 甲 → 丁", "问题 第 3 项：问题 乙 → 丙"]


def test_enum_keys_and_references_are_shown_by_name():
    old = {"assessment": {"criteria": [{"criterion": "energy", "result": "conditional"}]}}
    new = {"assessment": {"criteria": [{"criterion": "energy", "result": "pass"}]},
           "lead_unit": "fagaiwei"}
    assert diff(old, new, names=Names(units={"fagaiwei": "发改委"})) == [
        "招引单位：空 → 发改委", "项目研判：研判事项 能耗：结论 有条件符合 → 符合"]


def test_long_text_is_truncated_and_whitespace_collapsed():
    text = "第一行\n" + "很长" * 40
    [line] = diff({}, {"content": text})
    assert line.startswith("建设内容及规模：空 → 第一行 很长") and line.endswith("…")
    assert len(line.split("→ ")[1]) == 41


def test_internal_fields_are_hidden_for_the_public_even_inside_added_items():
    old = {"complaints": []}
    new = {"complaints": [{"date": "2026-04-01", "summary": "乱收费", "status": "open",
                           "complainant": "张某"}], "internal_notes": "内部"}
    changes, hidden = Differ().diff(old, new)
    assert [c.text_zh for c in changes] == ["投诉 2026-04-01：新增“乱收费”"]
    assert "complainant" not in changes[0].after and hidden == 1
    internal, hidden = Differ(audience="internal").diff(old, new)
    assert internal[0].after["complainant"] == "张某" and hidden == 0
    assert [c.text_zh for c in internal][-1] == "内部备注：空 → 内部"


@pytest.mark.parametrize(("old", "new"), [
    ({"approvals": "not a list"}, {"approvals": [{"item": "x"}]}),
    ({"approvals": [1, 2]}, {"approvals": [1, 3]}),
    ({"location": "x"}, {"location": {"township": "t"}}),
    ({"unknown_field": {"a": 1}}, {"unknown_field": {"a": 2}}),
    ({"approvals": [{"item": ["x"]}]}, {"approvals": [{"item": {"y": 1}}]}),
])
def test_malformed_versions_still_diff_without_errors(old, new):
    # Internally every change shows; publicly a change shows only as far as the schema
    # publishes it (the rest is counted), and never with the misplaced text.
    assert diff(old, new, audience="internal")
    changes, hidden = Differ().diff(old, new)
    assert changes or hidden


def test_unknown_fields_use_their_key_as_label_only_internally():
    assert diff({"extra": 1}, {"extra": 2}, audience="internal") == ["extra：1 → 2"]
    assert diff({}, {"extra": 2}) == ["（内容不符合格式，未公开）：空 → （内容不符合格式，未公开）"]
    assert Differ().diff({"extra": 1}, {"extra": 2}) == ([], 1)
