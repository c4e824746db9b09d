"""One YAML text into data and findings: UTF-8 only, no control characters, one document,
read fast and again with positions only when the strict subset refuses something."""

from __future__ import annotations

from typing import Any

import yaml

from ..findings import Finding
from ..limits import LIMIT_CODES
from .events import TOO_DEEP, Builder, plain_node, position

try:  # the C parser is much faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - libyaml is bundled with PyYAML wheels
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

# Findings after which a file has no data at all (``load_file`` returns no document).
FATAL = frozenset({"yaml-syntax", "empty-file", "directive", "control-character", *LIMIT_CODES})


class LoadError(Exception):
    """A file that cannot be read at all; carries its findings."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(findings[0].message if findings else "load error")
        self.findings = findings


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


def read_text(text: str, display: str, builder: Builder | None) -> tuple[Any, list[Finding]]:
    """The data of one YAML document and the findings about its structure.

    Without a builder the data is built by ``plain_node`` (which may raise ``Irregular``);
    with one, by the builder, which also notes every position.
    """
    findings = builder.findings if builder is not None else []
    loader = Loader(text)
    try:
        # iter(callable, sentinel) pulls events without a Python generator per event
        events = iter(loader.get_event, None)
        next(events)  # StreamStartEvent
        start = next(events)
        if isinstance(start, yaml.StreamEndEvent):
            return None, [Finding(display, 1, 1, "empty-file", "文件是空的：至少要有 id 等必填字段")]
        if getattr(start, "version", None) or getattr(start, "tags", None):
            line, col = position(start)
            return None, [Finding(display, line, col, "directive",
                                  "不允许使用“%”开头的 YAML 指令：请删除这一行")]
        root = next(events)
        data = builder.node(events, root, ()) if builder is not None else plain_node(events, root)
        next(events)  # DocumentEndEvent
        extra = next(events)
        if not isinstance(extra, yaml.StreamEndEvent):
            findings.append(Finding(
                display, position(extra)[0], 1, "multiple-documents",
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
