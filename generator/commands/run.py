"""What each command does, independent of argument parsing (testable in-process).

Each command runs the pipeline as far as it needs: load -> validate -> evaluate -> ...
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from pathlib import Path

from ..check import closed_month_findings, future_findings, overdue_findings
from ..edge import os_reason, printable
from ..evaluate.facts import Facts
from ..export import FORMATS as EXPORT_FORMATS
from ..export import export_bytes
from ..findings import PortalError, has_errors, render
from ..load.dataset import load_dataset
from ..load.parsed import Parsed
from ..pipeline import load_and_evaluate
from ..records import Records
from ..validate import validate
from ..workdays import today_shanghai

# The days a deadline can sensibly be judged on; beyond them the calendar arithmetic (a year
# before or after, working days around holidays) would leave the dates Python can represent.
AS_OF_RANGE = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def parse_as_of(value: str | None) -> dt.date:
    """``--as-of`` or today in Asia/Shanghai (never the machine's local date)."""
    if value is None:
        return today_shanghai()
    try:  # the format first: is_date also refuses dates outside the data's range
        day = dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise PortalError(f"--as-of 的日期“{printable(value)}”无效：格式为 YYYY-MM-DD")
    first, last = AS_OF_RANGE
    if not first <= day <= last:
        raise PortalError(f"--as-of 的日期 {value} 超出可计算的范围：应在 {first} 至 {last} 之间")
    return day


def run_validate(data_dir: Path, fmt: str = "text") -> int:
    data = load_dataset(data_dir)
    findings = validate(data)
    print(render(findings, fmt, data.file_count))
    return 1 if has_errors(findings) else 0


def run_check(data_dir: Path, as_of: dt.date, base: str | None, fmt: str = "text", *,
              cache: bool = True) -> int:
    """``cache``: read the clean parses a build kept (``load.parsed``; the check writes none):
    a pull request's check then parses only the files it changed. Worth it: ``portal check`` of
    1,000 demo projects, three alternating runs: 6.7-7.2 s with, 7.8-9.5 s without (2026-12-04)."""
    changes = None
    if base is not None:
        from ..changes import changes_since

        changes = changes_since(data_dir, base)  # usage errors surface before any output
    parsed = Parsed.open(data_dir.resolve().parent) if cache else None
    result = load_and_evaluate(data_dir, as_of, parsed)
    findings = list(result.findings)
    if result.facts is not None and result.records is not None:
        only = changes.changed if changes is not None else None
        findings.extend(overdue_findings(result.data, result.facts, only))
        findings.extend(future_findings(result.data, as_of))
        if changes is not None:
            findings.extend(closed_month_findings(result.data, changes, result.records.rule_book,
                                                  as_of))
    print(render(findings, fmt, result.data.file_count))
    return 1 if has_errors(findings) else 0


def run_export(data_dir: Path, as_of: dt.date, fmt: str, out: Path | None,
               unit: str | None = None) -> int:
    if fmt not in EXPORT_FORMATS:
        raise PortalError(f"不支持的导出格式“{fmt}”：可选 {'、'.join(EXPORT_FORMATS)}")
    if fmt == "xlsx" and out is None:
        raise PortalError("导出 Excel 台账（--format xlsx）必须用 --out 指定输出文件，"
                          "例如 --out 项目台账.xlsx（二进制文件不能输出到屏幕）")
    result = load_and_evaluate(data_dir, as_of)
    if result.facts is None or result.records is None:
        print(render(result.findings, "text", result.data.file_count), file=sys.stderr)
        return 1
    if unit is not None:
        return _export_unit(result.records, result.facts, fmt, out, unit)
    payload = export_bytes(fmt, result.records, result.facts)
    if out is None:
        sys.stdout.write(payload.decode("utf-8"))
    else:
        write_atomic(out, payload)
    return 0


def _export_unit(records: Records, facts: Facts, fmt: str, out: Path | None, unit: str) -> int:
    """One department's ledger (see ``export.view.unit_projects``)."""
    from ..export import xlsx

    if fmt != "xlsx":
        raise PortalError("--unit 只用于 Excel 台账（--format xlsx）")
    if unit not in records.units:
        known = "；".join(f"{uid}（{u.get('name', '')}）" for uid, u in records.units.items())
        raise PortalError(f"未知的单位“{unit}”：可选 {known}")
    assert out is not None
    write_atomic(out, xlsx.dumps(records, facts, unit))
    return 0


def write_atomic(path: Path, payload: bytes) -> None:
    """Write through a temporary file so a failed export never leaves half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(payload)
        tmp.replace(path)
    except OSError as exc:
        raise PortalError(f"无法写入 {printable(path)}：{os_reason(exc)}") from exc
    finally:
        with contextlib.suppress(OSError):  # a full disk or a signal leaves no half file behind
            tmp.unlink(missing_ok=True)


def run_new(data_dir: Path, answers: dict[str, str | None], as_of: dt.date,
            interactive: bool, dry_run: bool = False) -> int:
    """Ask for what is missing, check the file it makes, then write it (or print it)."""
    from ..load import Document, display_path, parse
    from .new import InForce, plan_new_project
    from .new_ask import BadAnswer, gather

    data = load_dataset(data_dir)
    rules = data.files.get("rules")
    in_force = InForce.of(rules.data if rules else None, as_of)
    try:
        spec = gather(data, answers, interactive)
    except BadAnswer as exc:
        print(f"portal new：错误：{exc}（没有创建项目文件）", file=sys.stderr)
        return 1
    path, text = plan_new_project(data_dir, spec, as_of, in_force)
    doc = Document(path=path, display=display_path(path), data=None)
    findings = parse(text, doc)
    data.projects.append(doc)
    findings = [f for f in [*findings, *validate(data)] if f.path == doc.display and f.severity == "error"]
    if findings:
        print(render(findings, "text", 1), file=sys.stderr)
        return 1
    if dry_run:
        sys.stdout.write(text)
        return 0
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise PortalError(f"无法写入 {path}：{exc.strerror}") from exc
    print(f"已创建 {path}：请补充其余信息后提交。")
    return 0


def run_build(data_dir: Path, out: Path, as_of: dt.date, audience: str = "public", *,
              cache: bool = True) -> int:
    """The site: exit 0 and a one-line summary, or 1 with the findings (old site untouched)."""
    from ..build import build_site

    if audience not in ("public", "internal"):
        raise PortalError(f"--audience 只能是 public 或 internal，而不是“{audience}”")
    result = build_site(data_dir, out, as_of, "internal" if audience == "internal" else "public",
                        progress=sys.stderr, cache=cache)
    if not result.ok:
        print("网站未生成（原有网站保持不变）：", file=sys.stderr)
        print("\n".join(result.errors), file=sys.stderr)
        return 1
    for notice in result.notices:     # data keepers' notices: here, not on public pages
        print(f"portal: 提示：{notice}", file=sys.stderr)
    print(result.summary())
    return 0


def run_serve(data_dir: Path, as_of: dt.date, audience: str = "public", host: str = "127.0.0.1",
              port: int = 8000) -> int:
    """Live preview until Ctrl+C."""
    from .serve import PreviewServer

    try:
        server = PreviewServer(data_dir, as_of, "internal" if audience == "internal" else "public",
                               host=host, port=port)
    except OSError as exc:
        raise PortalError(f"无法在 {host}:{port} 启动预览服务：{exc.strerror}") from exc
    server.serve_until_interrupted()
    return 0
