"""The rows of the long tables, written in Python instead of in the templates.

A thousand projects make about a million table cells: two dozen monthly reports and a dozen
approvals on every project page, thousands of deadlines on the unit, overdue and missing-report
pages. Jinja2 spends several microseconds on each ``{{ ... }}`` and call, so these rows are
built here with one f-string each. The tables' heads stay in the templates, which call these
through the globals registered in ``text.environment`` (``portal_deadline_rows`` ...).

Every value is escaped exactly as the templates escape it (``escape``, ``multiline``,
``or_dash`` ...); each function returns the rows of one ``<tbody>``, each row followed by a
newline, as the template loops wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from .text import amount, colour_badge, late, multiline, or_dash, percent, ref_html, status


def deadline_rows(page_path: str, rows: Iterable[Any], project: bool = True, unit: bool = True) -> Markup:
    """Rows of ``_macros.j2`` ``deadline_table``: project, entry, unit, dates, status, lateness."""
    out = []
    for r in rows:
        cells = f"<td>{ref_html(page_path, r.project)}</td>" if project else ""
        cells += f"<td>{multiline(r.label)}</td>"
        if unit:
            cells += f"<td>{ref_html(page_path, r.unit)}</td>"
        out.append(f"<tr>{cells}<td>{or_dash(r.start)}</td><td>{or_dash(r.deadline)}</td>"
                   f"<td>{or_dash(r.completed)}</td><td>{status(r)}</td><td class=\"portal-num\">{late(r)}</td>"
                   f"<td>{or_dash(r.reason)}</td></tr>\n")
    return Markup("".join(out))


def project_rows(page_path: str, rows: Iterable[Any], unit: bool = True) -> Markup:
    """Rows of ``_macros.j2`` ``project_table``: name (key projects marked), stage, unit, money."""
    out = []
    for r in rows:
        key = ' <span class="portal-key">重点</span>' if r.key_project else ""
        lead = f"<td>{ref_html(page_path, r.unit)}</td>" if unit else ""
        out.append(f"<tr><td>{ref_html(page_path, r.ref)}{key}</td><td>{escape(r.stage)}</td>{lead}"
                   f"<td class=\"portal-num\">{escape(amount(r.total_investment))}</td>"
                   f"<td class=\"portal-num\">{escape(amount(r.cumulative))}</td>"
                   f"<td class=\"portal-num\">{escape(percent(r.physical_percent))}</td>"
                   f"<td>{colour_badge(r)}</td></tr>\n")
    return Markup("".join(out))


def report_rows(page_path: str, reports: Iterable[Any]) -> Markup:
    """Rows of a project's monthly reports (``portal-reports``)."""
    out = []
    for r in reports:
        row = r.row
        out.append(f"<tr><td>{escape(r.month)}</td><td class=\"portal-num\">{escape(r.invested)}</td>"
                   f"<td class=\"portal-num\">{escape(r.cumulative)}</td>"
                   f"<td class=\"portal-num\">{escape(r.physical)}</td><td>{or_dash(r.text)}</td>"
                   f"<td>{or_dash(r.problems)}</td><td>{escape(row.deadline)}</td>"
                   f"<td>{or_dash(row.completed)}</td><td>{status(row)}</td>"
                   f"<td>{_notes(row.reason, ('更正', r.correction))}</td></tr>\n")
    return Markup("".join(out))


def _notes(first: str, *labelled: tuple[str, str]) -> Markup:
    """A delay reason and further labelled notes in one cell, or a dash when there are none."""
    parts = [multiline(first)] if first else []
    parts += [Markup("{}：{}").format(label, multiline(text)) for label, text in labelled if text]
    return Markup("<br>").join(parts) if parts else or_dash("")


def approval_rows(page_path: str, approvals: Iterable[Any]) -> Markup:
    """Rows of a project's approvals (``portal-approvals``)."""
    out = []
    for a in approvals:
        row = a.row
        out.append(f"<tr><td>{multiline(row.label)}</td><td>{ref_html(page_path, row.unit)}</td>"
                   f"<td>{or_dash(row.limit)}</td><td>{or_dash(row.start)}</td><td>{or_dash(row.deadline)}</td>"
                   f"<td>{or_dash(row.completed)}</td><td>{status(row)}</td>"
                   f"<td class=\"portal-num\">{late(row)}</td><td>{or_dash(a.document_no)}</td>"
                   f"<td>{_notes(row.reason, ('备注', a.note))}</td></tr>\n")
    return Markup("".join(out))
