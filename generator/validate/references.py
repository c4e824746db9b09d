"""Cross-file references: every unit, leader, approval item, township, meeting,
project and problem a file names must exist in the file that defines it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from ..load import Document, KeyPath
from ..load.dataset import DataSet

# (path pattern, registry, code); "*" is every list item or mapping value.
PROJECT_REFS: list[tuple[tuple[str, ...], str, str]] = [
    (("lead_unit",), "units", "unknown-unit"),
    (("leader",), "leaders", "unknown-leader"),
    (("location", "township"), "townships", "unknown-township"),
    (("review", "opinions", "*", "unit"), "units", "unknown-unit"),
    (("review", "meeting", "meeting_ref"), "meetings", "unknown-meeting"),
    (("approvals", "*", "item"), "approval-items", "unknown-approval-item"),
    (("production", "services", "*", "unit"), "units", "unknown-unit"),
    (("problems", "*", "owner_unit"), "units", "unknown-unit"),
    (("problems", "*", "leader"), "leaders", "unknown-leader"),
    (("visits", "*", "leader"), "leaders", "unknown-leader"),
    (("utilities", "*", "unit"), "units", "unknown-unit"),
    (("complaints", "*", "handler_unit"), "units", "unknown-unit"),
]
FILE_REFS: dict[str, list[tuple[tuple[str, ...], str, str]]] = {
    "leaders": [(("leaders", "*", "units", "*"), "units", "unknown-unit")],
    "townships": [(("townships", "*", "unit"), "units", "unknown-unit")],
    "approval-items": [(("items", "*", "unit"), "units", "unknown-unit")],
    "meetings": [
        (("meetings", "*", "chair"), "leaders", "unknown-leader"),
        (("meetings", "*", "attendees", "*"), "units", "unknown-unit"),
        (("meetings", "*", "projects", "*"), "projects", "unknown-project"),
        (("meetings", "*", "problems", "*"), "problems", "unknown-problem"),
    ],
    "notices": [
        (("notices", "*", "unit"), "units", "unknown-unit"),
        (("notices", "*", "project"), "projects", "unknown-project"),
    ],
    "targets": [(("years", "*", "units", "*", "unit"), "units", "unknown-unit")],
}
REGISTRIES = {  # registry -> (file kind, list key, Chinese name, where it is defined)
    "units": ("units", "units", "单位", "data/units.yaml"),
    "leaders": ("leaders", "leaders", "县领导", "data/leaders.yaml"),
    "townships": ("townships", "townships", "乡镇或园区", "data/townships.yaml"),
    "approval-items": ("approval-items", "items", "审批事项", "data/approval-items.yaml"),
    "meetings": ("meetings", "meetings", "会议", "data/meetings.yaml"),
}
UNIQUE_IDS = {"units": "units", "leaders": "leaders", "townships": "townships",
              "approval-items": "items", "meetings": "meetings", "notices": "notices"}


def walk(value: Any, pattern: tuple[str, ...], path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Yield (path, value) for every string value matching a key-path pattern."""
    if not pattern:
        if isinstance(value, str):
            yield path, value
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, rest, (*path, i))
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, rest, (*path, key))
    elif isinstance(value, dict) and head in value:
        yield from walk(value[head], rest, (*path, head))


def _ids(items: list[Any]) -> set[str]:
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


def registries(data: DataSet) -> dict[str, set[str]]:
    known = {name: _ids(data.items(kind, key)) for name, (kind, key, _, _) in REGISTRIES.items()}
    known["projects"] = {d.path.stem for d in data.projects}
    known["problems"] = {
        f"{d.path.stem}#{p['id']}"
        for d in data.projects
        for p in (d.data.get("problems") or [] if isinstance(d.data.get("problems"), list) else [])
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    }
    return known


def _check(doc: Document, refs: list[tuple[tuple[str, ...], str, str]],
           known: dict[str, set[str]], data: DataSet) -> Iterator[Finding]:
    for pattern, registry, code in refs:
        for path, value in walk(doc.data, pattern):
            if value in known[registry]:
                continue
            if registry in REGISTRIES:
                kind, _, noun, where = REGISTRIES[registry]
                if kind not in data.files and registry == "meetings":
                    where = "data/meetings.yaml（该文件不存在）"
                text = f"未知的{noun}“{value}”：请先在 {where} 中登记，或检查拼写"
            elif registry == "projects":
                text = f"未知的项目“{value}”：data/projects/ 下没有 {value}.yaml"
            else:
                text = f"未知的问题“{value}”：对应项目文件中没有这个问题编号"
            yield doc.finding(path, code, text)


def _duplicates(doc: Document, key: str) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    items = doc.data.get(key)
    for i, item in enumerate(items if isinstance(items, list) else []):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            first = doc.mark((key, seen[ident], "id"))[0]
            yield doc.finding((key, i, "id"), "duplicate-id",
                              f"编号“{ident}”重复（第一次在第 {first} 行）：编号必须唯一")
        else:
            seen[ident] = i


def reference_findings(data: DataSet) -> list[Finding]:
    known = registries(data)
    findings: list[Finding] = []
    for kind, doc in data.files.items():
        findings.extend(_check(doc, FILE_REFS.get(kind, []), known, data))
        if kind in UNIQUE_IDS:
            findings.extend(_duplicates(doc, UNIQUE_IDS[kind]))
    for doc in data.projects:
        findings.extend(_check(doc, PROJECT_REFS, known, data))
        findings.extend(_duplicates(doc, "problems"))
    return findings
