"""Validate: schema, then cross-file references, then the measures' own rules.

All findings of all files are collected; nothing here raises for bad data.
"""

from __future__ import annotations

from ..findings import Finding
from ..load.dataset import DataSet
from ..schemas import schema_findings
from .approvals import approval_findings
from .references import reference_findings
from .rules import rule_findings


def validate(data: DataSet, clean: set[str] | None = None) -> list[Finding]:
    """Every finding of every file; ``clean``: see ``rules.rule_findings``."""
    findings = list(data.findings)
    for kind, doc in data.documents():
        findings.extend(schema_findings(doc, kind))
    findings.extend(reference_findings(data))
    findings.extend(rule_findings(data, clean))
    findings.extend(approval_findings(data))
    return findings
