"""Findings: escaped where they are rendered, and capped per file and code."""

from __future__ import annotations

import json

import pytest

from generator.findings import Finding, capped, escape, render
from generator.limits import MAX_SAME_FINDINGS


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\nb", "a\\nb"), ("a\r\n", "a\\r\\n"), ("\t", "\\t"), ("\x00\x1b[31m", "\\u0000\\u001b[31m"),
    ("\x85", "\\u0085"), ("\u2028\u2029", "\\u2028\\u2029"),
    ("\u202a\u202b\u202c\u202d\u202e", "\\u202a\\u202b\\u202c\\u202d\\u202e"),
    ("\u200e\u200f\u2066\u2067\u2068\u2069\u061c", "\\u200e\\u200f\\u2066\\u2067\\u2068\\u2069\\u061c"),
    ("普通的中文：全角冒号“引号”", "普通的中文：全角冒号“引号”"),
])
def test_control_and_bidi_characters_are_escaped_and_text_is_left_alone(raw, shown):
    assert escape(raw) == shown


def forged() -> Finding:
    return Finding("data/projects/a\u202eb.yaml", 3, 1, "schema-unknown-field",
                   "未知字段“x\n::error file=x::y”", "x\n::error file=x::y")


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_forged_finding_stays_on_one_line(fmt):
    out = render([forged()], fmt, 1)
    assert len(out.splitlines()) == 2 and "\u202e" not in out and "\\u202e" in out


def test_json_escapes_bidi_characters_and_keeps_the_value():
    out = render([forged()], "json", 1)
    assert "\u202e" not in out and "\\u202e" in out
    assert json.loads(out)["findings"][0]["path"] == "data/projects/a\u202eb.yaml"


def test_findings_of_one_code_in_one_file_are_capped_with_a_summary_finding():
    many = [Finding("a.yaml", line, 1, "unknown-unit", f"未知的单位 {line}") for line in range(1, 101)]
    other = [Finding("b.yaml", 1, 1, "unknown-unit", "x"), Finding("a.yaml", 200, 1, "schema-type", "y")]
    shown = capped(many + other)
    same = [f for f in shown if f.path == "a.yaml" and f.code == "unknown-unit"]
    assert len(same) == MAX_SAME_FINDINGS + 1
    assert [f.line for f in same[:-1]] == list(range(1, MAX_SAME_FINDINGS + 1))
    assert same[-1].line == MAX_SAME_FINDINGS + 1 and same[-1].severity == "error"
    assert f"另有 {100 - MAX_SAME_FINDINGS} 处同类错误" in same[-1].message
    assert set(other) <= set(shown)


def test_warnings_are_summarised_as_warnings():
    warnings = [Finding("a.yaml", n, 1, "w", "m", severity="warning") for n in range(50)]
    last = capped(warnings)[-1]
    assert last.severity == "warning" and "同类警告" in last.message


def test_the_summary_line_counts_every_finding():
    many = [Finding("a.yaml", line, 1, "unknown-unit", "m") for line in range(1, 101)]
    assert render(many, "text", 1).splitlines()[-1] == "检查了 1 个文件：100 个错误，0 个警告。"


def test_a_huge_key_path_and_message_are_shortened_when_shown():
    key = "k" * 20_000
    finding = Finding("a.yaml", 1, 1, "schema-unknown-field", f"未知字段“{key}”", f"x.{key}.y")
    out = render([finding], "text", 1)
    assert len(out) < 2_000 and "共 20004 个字符" in out and out.count("\n") == 1
