"""Approvals: the catalogue's committed limits against the law, and the pauses of each
approval (《行政许可法》第三十二条、第四十五条) in a sensible order.

Defensive about shapes: the schema has already reported wrong types, so anything that is
not the expected shape is skipped here rather than reported twice.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Iterator
from typing import Any

from ..evaluate.approvals import check_limits, min_calendar_days
from ..findings import Finding
from ..load import Document
from ..load.dataset import DataSet
from .common import as_date


def _limit_findings(doc: Document, i: int, item: dict[str, Any]) -> Iterator[Finding]:
    committed, statutory = item.get("committed_limit"), item.get("statutory_limit")
    if not (isinstance(committed, dict) and isinstance(statutory, dict)):
        return
    value, law, unit = committed.get("value"), statutory.get("value"), statutory.get("unit")
    if not (isinstance(value, int) and isinstance(law, int)):
        return
    # A sample number is a placeholder (DESIGN 4b): what rests on it is a warning.
    severity = "error" if committed.get("source") == "county" else "warning"
    path = ("items", i, "committed_limit", "value")
    name = item.get("name", "")
    check = check_limits(value, law, str(unit))
    if check == "over":
        yield doc.finding(path, "committed-over-statutory",
                          f"“{name}”的承诺时限 {value} 个工作日长于法定时限 {law} {unit}"
                          f"（{statutory.get('basis', '')}）：承诺时限不能超过法定时限",
                          severity=severity)
    elif check == "may_exceed":
        yield doc.finding(path, "committed-may-exceed-statutory",
                          f"“{name}”的承诺时限 {value} 个工作日至少相当于 {min_calendar_days(value)} 个"
                          f"自然日（按每周 5 个工作日折算），可能超过法定时限 {law} 日：请核对",
                          severity="warning")


def _county_source(doc: Document, i: int, item: dict[str, Any], documents: Collection[str]
                   ) -> Iterator[Finding]:
    """A county limit names a document registered (number, date) in rules.yaml ``documents``,
    the one register of the county's detail rules (DESIGN 4b): otherwise it is unsourced."""
    committed = item.get("committed_limit")
    if isinstance(committed, dict) and committed.get("source") == "county":
        document = committed.get("document")
        if not document:
            yield doc.finding(("items", i, "committed_limit"), "county-limit-source",
                              "承诺时限来自本县文件（source: county）时，须用 document 写明该文件在 "
                              "rules.yaml 的 documents 中登记的编号（文号和印发日期在那里登记）；"
                              "尚无文件的请写 source: sample")
        elif document not in documents:
            yield doc.finding(("items", i, "committed_limit", "document"), "county-limit-source",
                              f"文件“{document}”没有在 rules.yaml 的 documents 中登记（编号、文件名称、"
                              "文号和印发日期）：请先登记，或写 source: sample")


def catalogue_findings(doc: Document, documents: Collection[str] = ()) -> Iterator[Finding]:
    """The catalogue's limits: sourced, and no longer than the law; ``documents`` are the ids
    of the county detail rules registered in rules.yaml."""
    items = doc.data.get("items") if isinstance(doc.data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield from _county_source(doc, i, item, documents)
            yield from _limit_findings(doc, i, item)


def _pause_findings(doc: Document, i: int, entry: dict[str, Any]) -> Iterator[Finding]:
    pauses = entry.get("pauses")
    if not isinstance(pauses, list):
        return
    submitted, completed = as_date(entry.get("submitted")), as_date(entry.get("completed"))
    spans: list[tuple[dt.date, dt.date | None, int]] = []
    for j, pause in enumerate(pauses):
        if not isinstance(pause, dict):
            continue
        here = ("approvals", i, "pauses", j)
        start, end = as_date(pause.get("from")), as_date(pause.get("to"))
        if pause.get("reason") == "other" and not pause.get("note"):
            yield doc.finding(here, "pause-note", "暂停原因为“其他”（other）时，须在 note 中写明原因")
        if start is None:
            continue
        if submitted is None:
            yield doc.finding((*here, "from"), "pause-without-submission",
                              "没有申报日期就不能暂停计时：请先填写 submitted")
        elif start < submitted:
            yield doc.finding((*here, "from"), "pause-before-submission",
                              f"暂停日期（{start}）早于申报日期（{submitted}）")
        if end is not None and end < start:
            yield doc.finding((*here, "to"), "pause-order", f"恢复日期（{end}）早于暂停日期（{start}）")
            continue
        if completed is not None and end is None:
            yield doc.finding(here, "pause-open-after-completion",
                              f"事项已于 {completed} 办结，暂停却没有恢复日期：请填写 to")
        elif completed is not None and end is not None and end > completed:
            yield doc.finding((*here, "to"), "pause-after-completion",
                              f"恢复日期（{end}）晚于办结日期（{completed}）")
        spans.append((start, end, j))
    yield from _overlaps(doc, i, spans)


def _overlaps(doc: Document, i: int, spans: list[tuple[dt.date, dt.date | None, int]]
              ) -> Iterator[Finding]:
    spans.sort(key=lambda s: (s[0], s[2]))
    for (s1, e1, j1), (s2, _, j2) in itertools.pairwise(spans):
        if e1 is None or s2 <= e1:
            until = f"至 {e1}" if e1 else "起尚未恢复"
            yield doc.finding(("approvals", i, "pauses", j2, "from"), "pause-overlap",
                              f"这次暂停（自 {s2}）与第 {j1 + 1} 次暂停（{s1} {until}）重叠：同一天只能计一次")


def approval_findings(data: DataSet) -> list[Finding]:
    findings: list[Finding] = []
    catalogue, rules = data.files.get("approval-items"), data.files.get("rules")
    registered = rules.data.get("documents") if rules is not None and isinstance(rules.data, dict) else None
    documents = {str(d.get("id")) for d in registered if isinstance(d, dict)} if isinstance(registered, list) else set()
    if catalogue is not None:
        findings.extend(catalogue_findings(catalogue, documents))
    for doc in data.projects:
        approvals = doc.data.get("approvals") if isinstance(doc.data, dict) else None
        for i, entry in enumerate(approvals if isinstance(approvals, list) else []):
            if isinstance(entry, dict):
                findings.extend(_pause_findings(doc, i, entry))
    return findings
