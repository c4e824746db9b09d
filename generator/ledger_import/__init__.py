"""`portal import LEDGER.xlsx`: a department's filled-in ledger back into the project files.

Article 14 (台账式管理): each department's clerk fills in the month's investment, physical
progress and major problems in the Excel ledger that ``portal export --format xlsx [--unit]``
wrote, and the dates of the approvals it handles. The import reads that workbook
(``workbook``), decides which cells changed and checks every row (``plan``, ``reports``),
applies the changes to the files in memory with ruamel.yaml's round-trip mode
(``yamledit``), validates the would-be files like ``portal validate``, and only then writes
them all, or with ``--dry-run`` prints the unified diff. Any error: nothing is written.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ..export import xlsx
from ..findings import Finding, PortalError, has_errors, render
from ..load import Document, parse
from ..load.dataset import DataSet
from ..pipeline import Evaluated, load_and_evaluate
from ..validate import validate
from .plan import Plan, approval_sheet, ledger_sheet
from .reports import report_sheet
from .workbook import parse_month, read_ledger
from .yamledit import apply, unified_diff, write_all


def _evaluated(data_dir: Path, exported: dt.date | None, as_of: dt.date) -> Evaluated:
    """The data, evaluated for the day the ledger was exported (else for ``as_of``)."""
    if exported is not None and exported != as_of:
        try:
            return load_and_evaluate(data_dir, exported)
        except PortalError:
            pass  # e.g. the rules of that day have expired: compare with today's figures
    return load_and_evaluate(data_dir, as_of)


def expected_rows(result: Evaluated) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    """What the export wrote, per sheet: (project,) / (project, item, n) -> column -> value."""
    assert result.records is not None and result.facts is not None
    out: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
    for sheet in xlsx.sheets(result.records, result.facts):
        rows: dict[tuple[Any, ...], dict[str, Any]] = {}
        seen: Counter[tuple[Any, ...]] = Counter()
        for values in sheet.rows:
            row = dict(zip(sheet.columns, values, strict=True))
            if sheet.title == "审批事项":
                key: tuple[Any, ...] = (row["项目编号"], row["事项编号"])
                key, seen[key] = (*key, seen[key]), seen[key] + 1
            elif sheet.title == "月度报送":
                key = (row["项目编号"], parse_month(row["月份"]))
            else:
                key = (row["项目编号"],)
            rows[key] = row
        out[sheet.title] = rows
    return out


def _would_be(data: DataSet, texts: dict[Path, str]) -> tuple[DataSet, list[Finding]]:
    """The data set with the changed files' new texts, and the findings parsing them."""
    findings: list[Finding] = []
    projects = []
    for doc in data.projects:
        if doc.path in texts:
            doc = Document(path=doc.path, display=doc.display, data=None)
            findings.extend(parse(texts[doc.path], doc))
        projects.append(doc)
    return DataSet(root=data.root, projects=projects, files=data.files, file_count=data.file_count), findings


def plan_import(ledger_path: Path, data_dir: Path,
                as_of: dt.date) -> tuple[list[Finding], dict[Path, tuple[str, str]], DataSet]:
    """Findings, and each changed file's (before, after) text."""
    ledger = read_ledger(ledger_path)
    result = _evaluated(data_dir, ledger.created, as_of)
    if result.records is None:
        return result.findings, {}, result.data
    plan = Plan(str(ledger_path), as_of, result.records.projects, result.records.approval_items,
                result.records.rule_book)
    expected = expected_rows(result)
    ledger_sheet(plan, ledger, expected["项目台账"])
    approval_sheet(plan, ledger, expected["审批事项"])
    report_sheet(plan, ledger.sheets.get("月度报送", []))
    if has_errors(plan.findings):
        return plan.findings, {}, result.data
    docs = {d.data.get("id"): d for d in result.data.projects}
    files: dict[Path, tuple[str, str]] = {}
    for pid in dict.fromkeys(c.project for c in plan.changes):
        doc = docs[pid]
        before = doc.path.read_text(encoding="utf-8-sig")
        after = apply(before, [c for c in plan.changes if c.project == pid])
        if after != before:
            files[doc.path] = (before, after)
    return plan.findings, files, result.data


def run_import(ledger_path: Path, data_dir: Path, as_of: dt.date, dry_run: bool = False,
               fmt: str = "text") -> int:
    """Exit 0 when applied (or a clean dry run), 1 on data errors (nothing written)."""
    if ledger_path.suffix.lower() != ".xlsx":
        raise PortalError(f"{ledger_path} 不是 .xlsx 文件：请在 Excel 或 WPS 中另存为 Excel 工作簿（*.xlsx）")
    findings, files, data = plan_import(ledger_path, data_dir, as_of)
    after_findings: list[Finding] = []
    if not has_errors(findings) and files:
        would_be, parsed = _would_be(data, {p: after for p, (_, after) in files.items()})
        shown = {data_doc.display for data_doc in would_be.projects if data_doc.path in files}
        after_findings = parsed + [f for f in validate(would_be) if f.path in shown]
        findings += after_findings
    if findings:
        print(render(findings, fmt, 1), file=sys.stderr)
    if has_errors(after_findings):
        print("导入后的项目文件未通过校验（以上行号按导入后的内容计）。", file=sys.stderr)
    if has_errors(findings):
        print("台账未导入：请修正以上错误后重新导入（没有写入任何文件）。", file=sys.stderr)
        return 1
    by_display = {d.path: d.display for d in data.projects}
    if dry_run:
        for path, (before, after) in files.items():
            sys.stdout.write(unified_diff(by_display[path], before, after))
        print(f"试运行：将更新 {len(files)} 个项目文件（没有写入任何文件）。")
        return 0
    try:
        write_all({path: after for path, (_, after) in files.items()})
    except OSError as exc:
        raise PortalError(f"无法写入项目文件：{exc.strerror}（没有改动任何文件）") from exc
    print(f"已导入 {ledger_path.name}：更新了 {len(files)} 个项目文件。" if files
          else f"{ledger_path.name} 与数据一致，没有需要导入的改动。")
    return 0
