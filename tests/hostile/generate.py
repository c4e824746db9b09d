"""A hostile project made from the schema: every free-text field of project.schema.json
filled with script, HTML and Markdown injection, the file still valid.

The walk starts from a rich, valid project (the hand-written hostile fixture) and follows the
schema: every string without ``enum``, ``const`` or ``format`` gets a payload (one that fits
``pattern``, ``minLength`` and ``maxLength``; where none fits, the original value stays);
absent free-text fields are added, and absent objects or array items are added when their
required fields can be made without inventing dates or references. Each value starts with a
marker ``H###H`` naming its field, so a test can find where a field ended up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import FIXTURES, REPO

SCHEMA_DIR = REPO / "schema"
BASE_DATA = FIXTURES / "hostile"
PROJECT_ID = "2026-hostile"

# Each kind of injection the build must turn into plain text.
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '{: onclick="alert(1)" }',
    "| a | b |\n|---|---|\n| c | d |",
    "**x** _y_ `z` ``w``",
    "```\nfence\n```",
    "第一行\n第二行\r\n第三行",
    "<iframe src=javascript:alert(1)></iframe>",
    '"><svg onload=alert(1)>',
    "&lt;b&gt; &amp; &#60;i&#62;",
    "{{ 7*7 }} {% raw %}",
    '<div markdown="1">**md**</div>',
    "![i](x.png) <https://example.com/auto>",
    "<!-- hidden -->",
    "'; DROP TABLE x; --",
    "=HYPERLINK(\"https://example.com\")",
)
MARKER = re.compile(r"H\d{3}H")

KeyPath = tuple[str, ...]


def minimal_project(ident: str, extra: str = "", **changes: str) -> str:
    """A small valid project file (for the base fixture) with ``extra`` lines appended."""
    text = (f"id: {ident}\nname: 测试项目\nstage: collection\nlead_unit: shanggongju\nindustry: new_energy\n"
            "location:\n  township: beiting-town\ntotal_investment: 100\ninvestor:\n  name: 测试企业\n")
    for old, new in changes.items():
        text = text.replace(old, new)
    return text + extra


def load_schema(name: str = "project") -> dict[str, Any]:
    return dict(json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")))


def resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), f"only local references are followed: {ref}"
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def is_text(schema: dict[str, Any]) -> bool:
    """A string the editor writes freely: no enum, const or format (ids and dates have those)."""
    return schema.get("type") == "string" and not {"enum", "const", "format"} & schema.keys()


def text_paths(schema: dict[str, Any], root: dict[str, Any] | None = None, at: KeyPath = ()) -> Iterator[KeyPath]:
    """Every free-text field of the schema, array items written as ``[]``; patterned ones too."""
    root = root if root is not None else schema
    schema = resolve(schema, root)
    if is_text(schema):
        yield at
    for name, sub in (schema.get("properties") or {}).items():
        yield from text_paths(sub, root, (*at, name))
    if isinstance(schema.get("items"), dict):
        yield from text_paths(schema["items"], root, (*at, "[]"))


@dataclass
class Hostile:
    """The generated document, and which schema path got which marker."""

    schema: dict[str, Any]
    internal: set[KeyPath] = field(default_factory=set)
    filled: dict[KeyPath, list[str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)   # marker -> full value
    kept: set[KeyPath] = field(default_factory=set)          # text fields no payload could fit

    def payload(self, schema: dict[str, Any], at: KeyPath, internal: bool) -> str | None:
        marker = f"H{len(self.values):03d}H"
        low, high = int(schema.get("minLength", 0)), int(schema.get("maxLength", 10_000))
        pattern = schema.get("pattern")
        start = len(self.values) % len(PAYLOADS)
        value = marker
        for payload in PAYLOADS[start:] + PAYLOADS[:start]:
            candidate = f"{value} {payload}"
            if len(candidate) <= high and (pattern is None or re.search(pattern, candidate)):
                value = candidate
        if value == marker or len(value) < low or (pattern and not re.search(pattern, value)):
            return None
        self.values[marker] = value
        self.filled.setdefault(at, []).append(marker)
        if internal:
            self.internal.add(at)
        return value

    def fill(self, schema: dict[str, Any], value: Any, at: KeyPath = (), internal: bool = False) -> Any:
        schema = resolve(schema, self.schema)
        internal = internal or bool(schema.get("x-internal"))
        if is_text(schema):
            replaced = self.payload(schema, at, internal)
            if replaced is None:
                self.kept.add(at)
                return value
            return replaced
        if schema.get("type") == "object" and isinstance(value, dict):
            out = dict(value)
            for name, sub in (schema.get("properties") or {}).items():
                if name in out:
                    out[name] = self.fill(sub, out[name], (*at, name), internal)
                else:
                    made = self.make(sub, (*at, name), internal)
                    if made is not None:
                        out[name] = made
            return out
        if schema.get("type") == "array" and isinstance(value, list) and isinstance(schema.get("items"), dict):
            return [self.fill(schema["items"], item, (*at, "[]"), internal) for item in value]
        return value

    def make(self, schema: dict[str, Any], at: KeyPath, internal: bool) -> Any:
        """A new value for an absent field, or None when it would need a date or a reference."""
        schema = resolve(schema, self.schema)
        internal = internal or bool(schema.get("x-internal"))
        if is_text(schema):
            return self.payload(schema, at, internal)
        kind = schema.get("type")
        if kind == "object":
            if not any(True for _ in text_paths(schema, self.schema)):
                return None
            out: dict[str, Any] = {}
            for name in schema.get("required", []):
                sub = resolve(schema["properties"][name], self.schema)
                if "enum" in sub:
                    out[name] = sub["enum"][0]
                elif sub.get("type") == "boolean":
                    out[name] = False
                elif sub.get("type") in ("integer", "number"):
                    out[name] = sub.get("minimum", 0)
                elif is_text(sub):
                    out[name] = None        # filled below with the optional ones
                else:
                    return None
            return self.fill(schema, {k: v for k, v in out.items() if v is not None}, at, internal)
        if kind == "array" and isinstance(schema.get("items"), dict):
            item = self.make(schema["items"], (*at, "[]"), internal)
            return None if item is None else [item]
        return None


def hostile_project(base: Path | None = None) -> tuple[dict[str, Any], Hostile]:
    """The hostile fixture's project with every text field of the schema replaced."""
    source = base or BASE_DATA / "projects" / f"{PROJECT_ID}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    # Strict loading keeps dates as strings; PyYAML's safe_load made them dates.
    data = json.loads(json.dumps(data, default=str))
    generator = Hostile(load_schema())
    return generator.fill(generator.schema, data), generator


def dump(document: dict[str, Any]) -> str:
    head = "# yaml-language-server: $schema=../../schema/project.schema.json\n"
    return head + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100_000)


def squash(text: str) -> str:
    """Text without whitespace, to compare a value with how a page shows it (line breaks vary)."""
    return re.sub(r"\s+", "", text)
