"""The pipeline up to the facts: load -> validate -> evaluate (what every command runs first).

Evaluation runs only on data that is valid; the build, the check and the exports take the
records and facts from here (``generator/build`` receives them, it never calls back up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .evaluate import evaluate
from .evaluate.facts import Facts, ProjectFacts
from .findings import Finding, PortalError, has_errors
from .load.dataset import DataSet, load_dataset
from .load.parsed import Parsed
from .records import Records
from .validate import validate
from .workdays import CalendarError, WorkCalendar


@dataclass
class Evaluated:
    data: DataSet
    findings: list[Finding]
    records: Records | None = None
    facts: Facts | None = None


def load_and_evaluate(data_dir: Path, as_of: dt.date, parsed: Parsed | None = None,
                      kept: dict[str, ProjectFacts] | None = None,
                      clean: set[str] | None = None) -> Evaluated:
    """Load and validate; evaluate only data that is valid. ``parsed``: clean parses kept from
    earlier loads (``load.parsed``: ``portal serve``'s, or the build cache's); ``kept``: facts of
    projects evaluated before (``evaluate``); ``clean``: project files found clean before
    (``validate.rules.rule_findings``)."""
    data = load_dataset(data_dir, parsed)
    findings = validate(data, clean)
    if has_errors(findings):
        return Evaluated(data, findings)
    records = Records.from_dataset(data)
    expires = records.rule_book.expires
    if expires is not None and as_of > expires:
        raise PortalError(f"规则文件 rules.yaml 已于 {expires} 失效（--as-of {as_of}）："
                          "请先修订或延续《服务管理办法》的有效期")
    try:
        calendar = WorkCalendar(records.calendar)
    except CalendarError as exc:
        raise PortalError(f"data/calendar.yaml：{exc}") from exc
    facts = evaluate(records, records.rule_book, calendar, as_of, kept)
    return Evaluated(data, findings, records, facts)


__all__ = ["Evaluated", "load_and_evaluate"]
