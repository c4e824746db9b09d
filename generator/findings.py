"""Findings: every problem the tool reports, collected rather than raised.

A finding has a stable English code (``duplicate-key``, ``schema-required``,
``unknown-unit`` ...), a Chinese message for the clerk who must fix it, the file,
line and column it points at, and the English key path inside the document.
Reporters turn a list of findings into text, JSON or GitHub workflow annotations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

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
        return f"{self.path}:{at}: {self.severity}[{self.code}]: {where}{self.message}"


class PortalError(Exception):
    """A usage or environment problem that stops a command (exit 2), message in Chinese."""


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line, f.col, f.code, f.message))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def summary(findings: Sequence[Finding], files: int) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if not findings:
        return f"检查了 {files} 个文件，全部通过。"
    return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def render(findings: Sequence[Finding], fmt: str, files: int) -> str:
    """Render findings once, in the requested format (text, json or github)."""
    findings = sort_findings(findings)
    if fmt == "json":
        payload = {
            "valid": not has_errors(findings),
            "files": files,
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
            "findings": [{k: v for k, v in asdict(f).items() if k != "cell" or v} for f in findings],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = []
        for f in findings:
            level = "error" if f.severity == "error" else "warning"
            title = _github_escape(f"{f.code} {f.key_path}".strip(), prop=True)
            props = f"file={_github_escape(f.path, prop=True)},line={f.line},col={f.col},title={title}"
            where = f"{f.cell or f.key_path}：" if f.cell or f.key_path else ""
            lines.append(f"::{level} {props}::{_github_escape(where + f.message)}")
        lines.append(summary(findings, files))
        return "\n".join(lines)
    lines = [f.text() for f in findings]
    lines.append(summary(findings, files))
    return "\n".join(lines)
