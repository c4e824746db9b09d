"""Findings: every problem the tool reports, collected rather than raised.

A finding has a stable English code (``duplicate-key``, ``schema-required``,
``unknown-unit`` ...), a Chinese message for the clerk who must fix it, the file,
line and column it points at, and the English key path inside the document.
Reporters turn a list of findings into text, JSON or GitHub workflow annotations.

Rendering is the one place where data (keys, values, file names) reaches the output, so it
escapes there every character that could forge a line or reorder what a reader sees, and it
shows at most ``MAX_SAME_FINDINGS`` findings of one code in one file, then a summary finding.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Literal

from .limits import MAX_SAME_FINDINGS

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    message: str
    key_path: str = ""
    severity: Severity = "error"
    cell: str = ""  # a spreadsheet cell such as "月度报送!E12", shown instead of line:col

    def text(self) -> str:
        where = f"{self.key_path}：" if self.key_path else ""
        at = self.cell or f"{self.line}:{self.col}"
        return escape(f"{self.path}:{at}: {self.severity}[{self.code}]: {where}{self.message}")


# C0 and C1 controls, line and paragraph separators, and the bidirectional marks, embeddings,
# overrides and isolates: a key such as "a\n::error ..." or "\u202e" in a file must not add a
# line to the output or make it read differently from what it is.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What json.dumps leaves as it is (it escapes C0 itself; raw line breaks in its output are its own).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\u{ord(char):04x}"


def escape(text: str) -> str:
    """``text`` with every unsafe character written as an escape (``\\n``, ``\\u202e``)."""
    return _UNSAFE.sub(_escape_char, text)


class PortalError(Exception):
    """A usage or environment problem that stops a command (exit 2), message in Chinese."""


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line, f.col, f.code, f.message))


def capped(findings: Iterable[Finding]) -> list[Finding]:
    """At most ``MAX_SAME_FINDINGS`` findings of one code and severity in one file, the first
    ones by position; the rest become one finding, at the first left out, saying how many."""
    kept: list[Finding] = []
    first_left_out: dict[tuple[str, str, str], Finding] = {}
    counts: Counter[tuple[str, str, str]] = Counter()
    for f in sort_findings(findings):
        key: tuple[str, str, str] = (f.path, f.code, f.severity)
        counts[key] += 1
        if counts[key] <= MAX_SAME_FINDINGS:
            kept.append(_clipped(f))
        elif key not in first_left_out:
            first_left_out[key] = f
    for group, first in first_left_out.items():
        word = "错误" if first.severity == "error" else "警告"
        kept.append(replace(first, key_path="", message=(
            f"另有 {counts[group] - MAX_SAME_FINDINGS} 处同类{word}（{first.code}）未逐条列出："
            "请先改正以上各处，再运行一次检查")))
    return sort_findings(kept)


# A key may hold 20,000 characters and a key path 50 keys: shown whole, one finding could
# fill megabytes. The file itself has them in full.
MAX_KEY_PATH, MAX_MESSAGE = 300, 1000


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit - 60]}…（共 {len(text)} 个字符）…{text[-40:]}"


def _clipped(f: Finding) -> Finding:
    if len(f.key_path) <= MAX_KEY_PATH and len(f.message) <= MAX_MESSAGE:
        return f
    return replace(f, key_path=_clip(f.key_path, MAX_KEY_PATH), message=_clip(f.message, MAX_MESSAGE))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def summary(findings: Sequence[Finding], files: int) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if not findings:
        return f"检查了 {files} 个文件，全部通过。"
    return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = escape(value).replace("%", "%25")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def render(findings: Sequence[Finding], fmt: str, files: int) -> str:
    """Render findings once, in the requested format (text, json or github); the summary
    line and the JSON counts are of every finding, the list is ``capped``."""
    every = sort_findings(findings)
    shown = capped(every)
    if fmt == "json":
        payload = {
            "valid": not has_errors(every),
            "files": files,
            "errors": sum(1 for f in every if f.severity == "error"),
            "warnings": sum(1 for f in every if f.severity == "warning"),
            "findings": [{k: v for k, v in asdict(f).items() if k != "cell" or v} for f in shown],
        }
        return _UNSAFE_IN_JSON.sub(_json_escape, json.dumps(payload, ensure_ascii=False, indent=2))
    if fmt == "github":
        lines = []
        for f in shown:
            level = "error" if f.severity == "error" else "warning"
            title = _github_escape(f"{f.code} {f.key_path}".strip(), prop=True)
            props = f"file={_github_escape(f.path, prop=True)},line={f.line},col={f.col},title={title}"
            where = f"{f.cell or f.key_path}：" if f.cell or f.key_path else ""
            lines.append(f"::{level} {props}::{_github_escape(where + f.message)}")
        lines.append(summary(every, files))
        return "\n".join(lines)
    lines = [f.text() for f in shown]
    lines.append(summary(every, files))
    return "\n".join(lines)
