"""Audience: the public edition drops every field the schema marks ``x-internal: true``."""

from __future__ import annotations

import datetime as dt
import json

from generator.pipeline import load_and_evaluate
from generator.render import for_audience, strip_internal
from generator.schemas import load_schema
from tests.conftest import AS_OF, FIXTURES

INTERNAL_VALUES = ("13800000000", "测试联系人", "内部备注示例", "内部联络员甲")


def _records():
    result = load_and_evaluate(FIXTURES / "base", dt.date.fromisoformat(AS_OF))
    assert result.records is not None
    return result.records


def test_a_field_marked_internal_beside_a_ref_is_removed():
    schema = load_schema("project")
    stripped = strip_internal({"name": "项目", "internal_notes": "秘密"}, schema)
    assert stripped == {"name": "项目"}


def test_an_internal_object_is_removed_with_everything_inside_it():
    schema = load_schema("project")
    value = {"investor": {"name": "企业", "contact": {"person": "甲", "phone": "1"}}}
    assert strip_internal(value, schema) == {"investor": {"name": "企业"}}


def test_internal_fields_inside_list_items_are_removed_and_the_rest_is_kept():
    schema = load_schema("project")
    value = {"complaints": [{"date": "2026-06-01", "summary": "乱收费", "status": "open",
                             "complainant": "张三"}]}
    assert strip_internal(value, schema) == {
        "complaints": [{"date": "2026-06-01", "summary": "乱收费", "status": "open"}]}


def test_stripping_follows_refs_into_definitions():
    schema = {"type": "object", "properties": {"a": {"$ref": "#/$defs/secret"}, "b": {"type": "string"}},
              "$defs": {"secret": {"type": "string", "x-internal": True}}}
    assert strip_internal({"a": "x", "b": "y"}, schema) == {"b": "y"}


def test_stripping_follows_all_of_as_the_public_projection_does():
    """A field described by an ``allOf`` (rules.yaml's sourced numbers: a shared definition and
    a narrower part) is read with every part's properties: an internal one among them goes."""
    schema = {"type": "object", "properties": {"limit": {"allOf": [{"$ref": "#/$defs/sourced"},
                                                                  {"properties": {"value": {"maximum": 30}}}]}},
              "$defs": {"sourced": {"type": "object", "properties": {
                  "value": {"type": "integer"}, "drafter": {"type": "string", "x-internal": True}}}}}
    value = {"limit": {"value": 20, "drafter": "起草人甲"}}
    assert strip_internal(value, schema) == {"limit": {"value": 20}}


def test_stripping_does_not_change_the_original_records():
    records = _records()
    before = json.dumps(records.projects, ensure_ascii=False, sort_keys=True)
    for_audience(records, "public")
    assert json.dumps(records.projects, ensure_ascii=False, sort_keys=True) == before


def test_the_public_records_hold_no_internal_value_of_the_base_fixture():
    public = for_audience(_records(), "public")
    dumped = json.dumps([public.projects, public.units], ensure_ascii=False)
    for value in INTERNAL_VALUES:
        assert value not in dumped


def test_the_internal_records_keep_everything():
    records = _records()
    assert for_audience(records, "internal") is records


def test_the_public_records_are_the_schema_projection_of_misplaced_values_too():
    from dataclasses import replace

    records = _records()
    pid = next(iter(records.projects))
    bad = {**records.projects[pid], "secret": "13712345678", "complaints": ["张三投诉13712345679"],
           "monthly_reports": [*records.projects[pid].get("monthly_reports", []), "李四13712345670"]}
    public = for_audience(replace(records, projects={pid: bad}), "public")
    dumped = json.dumps(public.projects, ensure_ascii=False)
    assert "1371234567" not in dumped and "secret" not in dumped
    assert public.projects[pid]["complaints"] == ["（内容不符合格式，未公开）"]
    assert public.projects[pid]["name"] == records.projects[pid]["name"]
    assert for_audience(replace(records, projects={pid: bad}), "internal").projects[pid] is bad
