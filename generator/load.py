"""Load: strict YAML into plain data that can tell where every value came from.

The clerks' YAML is read with a deliberately small subset of the language:
UTF-8 only, one document, no anchors, aliases, merge keys, tags or directives,
no duplicate keys. Scalars resolve like JSON (``true``/``false``/``null`` and
decimal numbers); everything else stays a string, so ``2026-03-20`` is a string
the schema checks as a date and YAML 1.1 words such as ``yes`` or ``no`` never
turn into booleans.

Positions (the line and column of every mapping value, sequence item and mapping key) serve
error messages only, so a loaded document does not keep them: it keeps its source, and the
first message about it parses that source again, this time noting every position. A file
without findings never pays for its positions (at 4,000 projects they would take ~700 MB).
"""

from __future__ import annotations

import math
import os
import re
import stat
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding
from .limits import LIMIT_CODES, MAX_DEPTH, MAX_ITEMS, MAX_STRING
from .limits import MAX_FILE_BYTES as MAX_FILE_BYTES  # re-exported: the history reads blobs

try:  # the C parser is much faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is bundled with PyYAML wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

KeyPath = tuple[str | int, ...]

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_WORDS: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    # YAML's infinities and NaN read as what they mean, so the loader refuses them as numbers
    **{sign + word: float(sign + "inf") for sign in ("", "+", "-") for word in (".inf", ".Inf", ".INF")},
    **{word: float("nan") for word in (".nan", ".NaN", ".NAN")},
}
_NUMBER_STARTS = frozenset("-0123456789")  # the first character of every _INT or _FLOAT
_NOT_A_WORD = object()
# Findings after which a file has no data at all (``load_file`` returns no document).
FATAL = frozenset({"yaml-syntax", "empty-file", "directive", "control-character", *LIMIT_CODES})


# How many documents keep their positions at once. A file with many findings parses its
# source once; a run with findings in thousands of files holds only the latest few maps.
KEEP_POSITIONS = 16
_keeping: deque[Document] = deque()


@dataclass
class Document:
    """One loaded YAML file: its data, and its source for the positions of its nodes.

    ``marks`` and ``key_marks`` are filled from ``source`` when a position is first asked
    for (by ``mark`` or ``finding``) and dropped again once ``KEEP_POSITIONS`` later
    documents were asked; clearing them only frees memory.
    """

    path: Path
    display: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    # The text parsed into ``data``; the file's bytes when loaded from a file, smaller than
    # the str (35 MB against 56 MB for 4,000 demo projects).
    source: str | bytes | None = field(default=None, repr=False)

    def mark(self, key_path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of a value (or its key), else of its nearest known ancestor."""
        marks, key_marks = self._positions()
        if key and key_path in key_marks:
            return key_marks[key_path]
        path = tuple(key_path)
        while path:
            if path in marks:
                return marks[path]
            path = path[:-1]
        return marks.get((), (1, 1))

    def drop_source(self) -> None:
        """Let go of the positions kept and of the text they would be read from again: for a
        document no message will be about any more (a build that got past validation)."""
        self.marks, self.key_marks = {}, {}
        self.source = None

    def _positions(self) -> tuple[dict[KeyPath, tuple[int, int]], dict[KeyPath, tuple[int, int]]]:
        """The positions of every node and key, from ``source`` parsed again if need be."""
        if not self.marks and self.source:
            text = self.source if isinstance(self.source, str) else decode(self.source, self.display)
            builder = _Builder(self.display)
            _read(text, self.display, builder)
            self.marks, self.key_marks = builder.marks, builder.key_marks
            _keep(self)
            return builder.marks, builder.key_marks
        return self.marks, self.key_marks

    def finding(
        self, key_path: KeyPath, code: str, message: str, *, key: bool = False,
        severity: str = "error",
    ) -> Finding:
        line, col = self.mark(key_path, key=key)
        return Finding(self.display, line, col, code, message, format_key_path(key_path),
                       severity)  # type: ignore[arg-type]


def _keep(doc: Document) -> None:
    """Note that ``doc`` holds positions; drop those of the document asked longest ago."""
    _keeping.append(doc)
    if len(_keeping) > KEEP_POSITIONS:
        oldest = _keeping.popleft()
        oldest.marks, oldest.key_marks = {}, {}  # new dicts: a reader keeps the old ones


def format_key_path(key_path: KeyPath) -> str:
    out = ""
    for part in key_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def display_path(path: Path) -> str:
    """Paths relative to the working directory, as CI annotations and editors expect."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


class LoadError(Exception):
    """A file that cannot be read at all; carries its findings."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(findings[0].message if findings else "load error")
        self.findings = findings


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar as the strict loader reads it: JSON-like words and numbers."""
    word = _WORDS.get(value, _NOT_A_WORD)
    if word is not _NOT_A_WORD:
        return word
    if value[0] not in _NUMBER_STARTS:  # most values: text, resolved without a regex
        return value
    if _INT.fullmatch(value):
        # Past 300 digits int() grows slow (and past 4,300 raises); float() gives inf, which
        # the loader then refuses as not finite.
        return int(value) if len(value) <= 300 else float(value)
    if _FLOAT.fullmatch(value):
        return float(value) or 0.0  # -0.0 is the amount 0
    return value


def within_limits(key: str, value: Any) -> bool:
    """Whether a key and its resolved scalar pass the loader's limits (no finding)."""
    return len(key) <= MAX_STRING and not (
        (value.__class__ is float and not math.isfinite(value))
        or (value.__class__ is str and len(value) > MAX_STRING))


_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token": "此处有 Tab 字符：YAML 只能用空格缩进",
    "could not find expected ':'": "找不到冒号“:”",
    "mapping values are not allowed here": "此处不能出现“键: 值”（检查缩进，或给含冒号的文字加引号）",
    "did not find expected key": "缩进不一致，找不到预期的键",
    "found undefined tag handle": "使用了未定义的标签",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "did not find expected '-' indicator": "列表缩进不一致，找不到“-”",
    "found a tab character that violates indentation": "此处有 Tab 字符：YAML 只能用空格缩进",
    "found unknown escape character": "双引号字符串里有无效的转义字符“\\”",
    "expected <document start>, but found '<block mapping start>'": "文件结构有误（缩进不一致？）",
    "found character that cannot start any token": "此处的字符不能作为值的开头（例如 @ 或 `，请给文字加引号）",
}


def _yaml_error_message(exc: yaml.YAMLError, lines: list[str], line_no: int) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    message = _YAML_PROBLEMS.get(problem)
    if message is None:
        message = next((v for k, v in _YAML_PROBLEMS.items() if k in problem), "YAML 语法错误")
    message = f"{message}（{problem}）"
    nearby = lines[max(line_no - 2, 0): line_no + 1]
    if any("：" in text for text in nearby):
        message += "；提示：附近有全角冒号“：”，键和值之间要用半角冒号“:”加一个空格"
    if any("\t" in text for text in nearby) and "Tab" not in message:
        message += "；提示：附近有 Tab 字符，请改用空格缩进"
    return message


class _Irregular(Exception):
    """The fast reading met something the strict subset refuses (see ``_plain_node``)."""


TOO_DEEP = f"嵌套超过 {MAX_DEPTH} 层：请检查缩进或括号（正常数据不会嵌套这么深）"
_Scalar, _Alias = yaml.ScalarEvent, yaml.AliasEvent
_SequenceStart, _SequenceEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MappingStart, _MappingEnd = yaml.MappingStartEvent, yaml.MappingEndEvent
# Keys and short values (dates, months, ids, codes, states) repeat across thousands of files:
# one shared string each saves a third of the loaded data's memory. Long text seldom repeats.
SHARED_LENGTH = 40


def _plain_node(events: Any, event: Any, depth: int = 0) -> Any:
    """Plain data from parser events, fast: no positions, no key paths; keys and short
    strings shared (``sys.intern``).

    Anything ``_Builder`` would report (an anchor, alias, tag, merge key, complex or
    duplicate key, a breached limit) raises ``_Irregular`` instead, and the file is read
    again by ``_Builder``, so every message keeps its exact wording, key path and position.
    ``depth`` is checked before recursing, so a deep file never reaches Python's limit.
    """
    kind = event.__class__
    if kind is _Scalar:
        if event.anchor is not None or (event.tag is not None and event.tag != "!"):
            raise _Irregular
        value = resolve_plain(event.value) if event.style in (None, "") else event.value
        if value.__class__ is str:
            if len(value) <= SHARED_LENGTH:
                return sys.intern(value)
            if len(value) > MAX_STRING:
                raise _Irregular
        elif value.__class__ is float and not math.isfinite(value):
            raise _Irregular
        return value
    if event.anchor is not None or kind is _Alias or event.tag is not None or depth >= MAX_DEPTH:
        raise _Irregular
    if kind is _MappingStart:
        result: dict[str, Any] = {}
        for key_event in events:
            if key_event.__class__ is not _Scalar:
                if key_event.__class__ is _MappingEnd and len(result) <= MAX_ITEMS:
                    return result
                raise _Irregular  # a complex key, or too many keys
            key = sys.intern(key_event.value)
            if (key in result or key_event.anchor is not None or key_event.tag is not None
                    or (key == "<<" and key_event.style in (None, "")) or len(key) > MAX_STRING):
                raise _Irregular
            result[key] = _plain_node(events, next(events), depth + 1)
    if kind is _SequenceStart:
        items: list[Any] = []
        for event in events:
            if event.__class__ is _SequenceEnd:
                if len(items) > MAX_ITEMS:
                    raise _Irregular
                return items
            items.append(_plain_node(events, event, depth + 1))
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


class _Builder:
    """Builds plain data from parser events, noting the position of every node and key,
    and collecting every structural violation."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.findings: list[Finding] = []
        self.marks: dict[KeyPath, tuple[int, int]] = {}
        self.key_marks: dict[KeyPath, tuple[int, int]] = {}

    def _at(self, event: yaml.Event) -> tuple[int, int]:
        return _position(event)

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


def _position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def decode(raw: bytes, display: str) -> str:
    """UTF-8 (with or without BOM) only; name the encoding problem when it is not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError([Finding(display, 1, 1, "encoding",
                                 "文件是 UTF-16 编码：请用 UTF-8 编码另存")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码（Windows 记事本或 Excel 常用）"
        except UnicodeDecodeError:
            guess = "含有无法识别的字节"
        raise LoadError([Finding(
            display, line, col, "encoding",
            f"文件不是 UTF-8 编码，{guess}：请用 UTF-8 编码另存")]) from exc


# Control characters YAML refuses, plus the bidirectional overrides and isolates
# (U+202A-202E, U+2066-2069) that can make displayed text read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
                      "\ufffe\uffff]")


def parse(text: str, doc: Document) -> list[Finding]:
    """Parse YAML text into ``doc.data``; return structural findings.

    The text is read fast, without positions; only a file the strict subset refuses is read
    again by ``_Builder``, which names each violation. ``doc`` keeps the text for positions.
    """
    control = _CONTROL.search(text)
    if control:  # YAML refuses these too, but reports byte offsets we would have to map back
        line = text.count("\n", 0, control.start()) + 1
        col = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return [Finding(doc.display, line, col, "control-character",
                        f"文件含有不允许的控制字符 U+{ord(control.group()):04X}：请删除")]
    doc.source = text
    try:
        doc.data, findings = _read(text, doc.display, None)
    except _Irregular:
        doc.data, findings = _read(text, doc.display, _Builder(doc.display))
    return findings


def _read(text: str, display: str, builder: _Builder | None) -> tuple[Any, list[Finding]]:
    """The data of one YAML document and the findings about its structure.

    Without a builder the data is built by ``_plain_node`` (which may raise ``_Irregular``);
    with one, by the builder, which also notes every position.
    """
    findings = builder.findings if builder is not None else []
    loader = _Loader(text)
    try:
        # iter(callable, sentinel) pulls events without a Python generator per event
        events = iter(loader.get_event, None)
        next(events)  # StreamStartEvent
        start = next(events)
        if isinstance(start, yaml.StreamEndEvent):
            return None, [Finding(display, 1, 1, "empty-file", "文件是空的：至少要有 id 等必填字段")]
        if getattr(start, "version", None) or getattr(start, "tags", None):
            line, col = _position(start)
            return None, [Finding(display, line, col, "directive",
                                  "不允许使用“%”开头的 YAML 指令：请删除这一行")]
        root = next(events)
        data = builder.node(events, root, ()) if builder is not None else _plain_node(events, root)
        next(events)  # DocumentEndEvent
        extra = next(events)
        if not isinstance(extra, yaml.StreamEndEvent):
            findings.append(Finding(
                display, _position(extra)[0], 1, "multiple-documents",
                "一个文件只能有一个 YAML 文档：请删除多余的“---”及其后的内容"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.problem == "could not find expected ':'":
            mark = exc.context_mark  # the line missing its colon, not the next one
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "nesting depth" in str(exc.problem):  # libyaml's own limit, far past ours
            deep = [f for f in findings if f.code == "too-deep"]
            return None, deep or [Finding(display, line, col, "too-deep", TOO_DEEP)]
        return None, [Finding(display, line, col, "yaml-syntax",
                              _yaml_error_message(exc, text.splitlines(), line))]
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors are caught above
        return None, [Finding(display, 1, 1, "yaml-syntax", f"YAML 读取错误：{exc}")]
    finally:
        loader.dispose()
    return data, findings


def symlink_finding(path: Path) -> Finding:
    """A symlink among the data is never followed: it could point anywhere on the machine."""
    return Finding(display_path(path), 1, 1, "symlink",
                   f"{path.name} 是符号链接，出于安全原因不予读取：请改为普通文件或文件夹")


def read_data_file(path: Path, display: str) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``; never a symlink's target
    (it could point anywhere on the machine that runs the check) and never a FIFO or device
    (reading one would hang). Raises ``LoadError`` with the finding."""
    def refuse(code: str, message: str) -> LoadError:
        return LoadError([Finding(display, 1, 1, code, message)])

    too_large = f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB 上限：请拆分或精简"
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            raise LoadError([symlink_finding(path)])
        if not stat.S_ISREG(info.st_mode):
            raise refuse("not-a-file", "这不是普通文件（文件夹或设备），不予读取：请改为普通的 YAML 文件")
        if info.st_size > MAX_FILE_BYTES:
            raise refuse("file-too-large", f"文件大小 {info.st_size} 字节，{too_large}")
        # O_NOFOLLOW and the regular-file check on the open descriptor close the gap between
        # lstat and open (a file swapped for a link or a FIFO in between).
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        with os.fdopen(os.open(path, flags | getattr(os, "O_BINARY", 0)), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise refuse("not-a-file", "这不是普通文件，不予读取：请改为普通的 YAML 文件")
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise refuse("unreadable", f"无法读取文件：{exc.strerror}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise refuse("file-too-large", too_large)
    return raw


def load_file(path: Path) -> tuple[Document | None, list[Finding]]:
    """Read one data file strictly. Returns the document (None if unreadable) and findings."""
    display = display_path(path)
    doc = Document(path=path, display=display, data=None)
    try:
        raw = read_data_file(path, display)
    except LoadError as exc:
        return None, exc.findings
    try:
        text = decode(raw, display)
    except LoadError as exc:
        return None, exc.findings
    findings = parse(text, doc)
    doc.source = raw  # the same text, in a third less memory
    if any(f.code in FATAL for f in findings):
        return None, findings
    if doc.data is None:
        return None, [*findings, Finding(display, 1, 1, "empty-file",
                                         "文件没有内容（只有注释或空值）")]
    if not isinstance(doc.data, dict):
        line, col = doc.mark(())
        return None, [*findings, Finding(display, line, col, "not-a-mapping",
                                         "文件的顶层必须是“键: 值”的映射，而不是列表或单个值")]
    return doc, findings
