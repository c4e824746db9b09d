"""Plain data from PyYAML's parser events: fast without positions (``plain_node``), or with
every position and every structural violation named (``Builder``)."""

from __future__ import annotations

import math
import sys
from typing import Any

import yaml

from ..findings import Finding
from ..limits import MAX_DEPTH, MAX_ITEMS, MAX_STRING
from .scalars import resolve_plain

KeyPath = tuple[str | int, ...]


def format_key_path(key_path: KeyPath) -> str:
    out = ""
    for part in key_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Irregular(Exception):
    """The fast reading met something the strict subset refuses (see ``plain_node``)."""


TOO_DEEP = f"嵌套超过 {MAX_DEPTH} 层：请检查缩进或括号（正常数据不会嵌套这么深）"
_Scalar, _Alias = yaml.ScalarEvent, yaml.AliasEvent
_SequenceStart, _SequenceEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MappingStart, _MappingEnd = yaml.MappingStartEvent, yaml.MappingEndEvent
# Keys and short values (dates, months, ids, codes, states) repeat across thousands of files:
# one shared string each saves a third of the loaded data's memory. Long text seldom repeats.
SHARED_LENGTH = 40


def plain_node(events: Any, event: Any, depth: int = 0) -> Any:
    """Plain data from parser events, fast: no positions, no key paths; keys and short
    strings shared (``sys.intern``).

    Anything ``Builder`` would report (an anchor, alias, tag, merge key, complex or
    duplicate key, a breached limit) raises ``Irregular`` instead, and the file is read
    again by ``Builder``, so every message keeps its exact wording, key path and position.
    ``depth`` is checked before recursing, so a deep file never reaches Python's limit.
    """
    kind = event.__class__
    if kind is _Scalar:
        if event.anchor is not None or (event.tag is not None and event.tag != "!"):
            raise Irregular
        value = resolve_plain(event.value) if event.style in (None, "") else event.value
        if value.__class__ is str:
            if len(value) <= SHARED_LENGTH:
                return sys.intern(value)
            if len(value) > MAX_STRING:
                raise Irregular
        elif value.__class__ is float and not math.isfinite(value):
            raise Irregular
        return value
    if event.anchor is not None or kind is _Alias or event.tag is not None or depth >= MAX_DEPTH:
        raise Irregular
    if kind is _MappingStart:
        result: dict[str, Any] = {}
        for key_event in events:
            if key_event.__class__ is not _Scalar:
                if key_event.__class__ is _MappingEnd and len(result) <= MAX_ITEMS:
                    return result
                raise Irregular  # a complex key, or too many keys
            key = sys.intern(key_event.value)
            if (key in result or key_event.anchor is not None or key_event.tag is not None
                    or (key == "<<" and key_event.style in (None, "")) or len(key) > MAX_STRING):
                raise Irregular
            result[key] = plain_node(events, next(events), depth + 1)
    if kind is _SequenceStart:
        items: list[Any] = []
        for event in events:
            if event.__class__ is _SequenceEnd:
                if len(items) > MAX_ITEMS:
                    raise Irregular
                return items
            items.append(plain_node(events, event, depth + 1))
    raise AssertionError(f"unexpected event {event!r}")  # the parser guarantees nesting


def _show(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _skip(events: Any, open_containers: int) -> None:
    """Consume events until ``open_containers`` collections are closed, without recursion."""
    while open_containers:
        kind = next(events).__class__
        if kind is _SequenceStart or kind is _MappingStart:
            open_containers += 1
        elif kind is _SequenceEnd or kind is _MappingEnd:
            open_containers -= 1


class Builder:
    """Builds plain data from parser events, noting the position of every node and key,
    and collecting every structural violation."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.findings: list[Finding] = []
        self.marks: dict[KeyPath, tuple[int, int]] = {}
        self.key_marks: dict[KeyPath, tuple[int, int]] = {}

    def _at(self, event: yaml.Event) -> tuple[int, int]:
        return position(event)

    def _forbid(self, event: yaml.Event, path: KeyPath) -> None:
        line, col = self._at(event)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.findings.append(Finding(
                self.display, line, col, "anchor",
                f"不允许使用锚点“&{anchor}”：请把内容直接写出来", format_key_path(path)))
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            self.findings.append(Finding(
                self.display, line, col, "tag",
                f"不允许使用标签“{tag}”：请直接书写值", format_key_path(path)))

    def node(self, events: Any, event: yaml.Event, path: KeyPath) -> Any:
        self.marks[path] = self._at(event)
        if isinstance(event, yaml.AliasEvent):
            line, col = self._at(event)
            self.findings.append(Finding(
                self.display, line, col, "alias",
                f"不允许使用别名“*{event.anchor}”：请把内容直接写出来", format_key_path(path)))
            return None
        if getattr(event, "anchor", None) is not None or getattr(event, "tag", None) is not None:
            self._forbid(event, path)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, path)
        if len(path) >= MAX_DEPTH:
            self._limit(event, path, "too-deep", TOO_DEEP)
            _skip(events, 1)
            return None
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for event in events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                if len(items) == MAX_ITEMS:
                    self._limit(event, path, "too-long", f"列表超过 {MAX_ITEMS} 项：请拆分或精简")
                    _skip(events, 1 + isinstance(event, yaml.CollectionStartEvent))
                    return items
                items.append(self.node(events, event, (*path, len(items))))
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, path)
        raise AssertionError(f"unexpected event {event!r}")  # the parser guarantees nesting

    def scalar(self, event: yaml.ScalarEvent, path: KeyPath) -> Any:
        value = resolve_plain(event.value) if event.style in (None, "") else event.value
        if isinstance(value, str) and len(value) > MAX_STRING:
            self._limit(event, path, "too-long",
                        f"文字长达 {len(value)} 个字符，超过 {MAX_STRING} 个字符的上限：请精简")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self._limit(event, path, "not-finite",
                        f"“{_show(event.value)}”不是有限的数值（无穷大、NaN 或超出范围）：请填写正常的数字")
            return None
        return value

    def _limit(self, event: yaml.Event, path: KeyPath, code: str, message: str) -> None:
        line, col = self._at(event)
        self.findings.append(Finding(self.display, line, col, code, message, format_key_path(path)))

    def mapping(self, events: Any, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            line, col = self._at(key_event)
            if not isinstance(key_event, yaml.ScalarEvent):
                self.findings.append(Finding(
                    self.display, line, col, "complex-key",
                    "键必须是简单的文字", format_key_path(path)))
                self.node(events, key_event, (*path, "?"))
                self.node(events, next(events), (*path, "?"))
                continue
            if key_event.anchor is not None or key_event.tag is not None:
                self._forbid(key_event, path)
            key = key_event.value
            if len(result) == MAX_ITEMS or len(key) > MAX_STRING:
                text = (f"映射超过 {MAX_ITEMS} 个键：请拆分或精简" if len(result) == MAX_ITEMS
                        else f"键长达 {len(key)} 个字符，超过 {MAX_STRING} 个字符的上限")
                self._limit(key_event, path, "too-long", text)
                _skip(events, 1)
                return result
            value_path = (*path, key)
            if key == "<<" and key_event.style in (None, ""):
                self.findings.append(Finding(
                    self.display, line, col, "merge-key",
                    "不允许使用合并键“<<”：请把内容直接写出来", format_key_path(path)))
            if key in result:
                first = self.key_marks[value_path][0]
                self.findings.append(Finding(
                    self.display, line, col, "duplicate-key",
                    f"键“{key}”重复出现（第一次在第 {first} 行）：请删除或合并其中一个",
                    format_key_path(value_path)))
                self.node(events, next(events), (*path, f"{key}#dup"))
                continue
            self.key_marks[value_path] = (line, col)
            result[key] = self.node(events, next(events), value_path)
        return result


def position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)
