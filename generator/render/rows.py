"""The rows of the long tables, written in Python instead of in the templates.

A thousand projects make about a million table cells: two dozen monthly reports and a dozen
approvals on every project page, thousands of deadlines on the unit, overdue and missing-report
pages. Jinja2 spends several microseconds on each ``{{ ... }}`` and call, so these rows are
built here with one f-string each. The tables' heads stay in the templates, which call these
through the globals registered in ``environment.environment`` (``portal_deadline_rows`` ...).

Every value is escaped exactly as the templates escape it (``escape_html`` is
``markupsafe.escape``, ``line_html`` is ``multiline``, ``dash_html`` is ``or_dash`` ...), as
plain strings; each function returns the rows of one ``<tbody>``, each row followed by a
newline, as the template loops wrote them, in one Markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from .text import (
    colour_badge_html,
    dash_html,
    escape_html,
    late_html,
    line_html,
    money,
    percent,
    ref_html,
    status_html,
)


def deadline_rows(page_path: str, rows: Iterable[Any], project: bool = True, unit: bool = True) -> Markup:
    """Rows of ``_macros.j2`` ``deadline_table``: project, entry, unit, dates, status, lateness."""
    out = []
    for r in rows:
        cells = f"<td>{ref_html(page_path, r.project)}</td>" if project else ""
        cells += f"<td>{line_html(r.label)}</td>"
        if unit:
            cells += f"<td>{ref_html(page_path, r.unit)}</td>"
        out.append(f"<tr>{cells}<td>{dash_html(r.start)}</td><td>{dash_html(r.deadline)}</td>"
                   f"<td>{dash_html(r.completed)}</td><td>{status_html(r)}</td>"
                   f"<td class=\"portal-num\">{late_html(r)}</td><td>{dash_html(r.reason)}</td></tr>\n")
    return Markup("".join(out))


def project_rows(page_path: str, rows: Iterable[Any], unit: bool = True) -> Markup:
    """Rows of ``_macros.j2`` ``project_table``: name (key projects marked), stage, unit, money."""
    out = []
    for r in rows:
        key = ' <span class="portal-key">重点</span>' if r.key_project else ""
        lead = f"<td>{ref_html(page_path, r.unit)}</td>" if unit else ""
        out.append(f"<tr><td>{ref_html(page_path, r.ref)}{key}</td><td>{escape_html(r.stage)}</td>{lead}"
                   f"<td class=\"portal-num\">{escape_html(money(r.total_investment))}</td>"
                   f"<td class=\"portal-num\">{escape_html(money(r.cumulative))}</td>"
                   f"<td class=\"portal-num\">{escape_html(percent(r.physical_percent))}</td>"
                   f"<td>{colour_badge_html(r)}</td></tr>\n")
    return Markup("".join(out))


def report_rows(page_path: str, reports: Iterable[Any]) -> Markup:
    """Rows of a project's monthly reports (``portal-reports``)."""
    out = []
    for r in reports:
        row = r.row
        out.append(f"<tr><td>{escape_html(r.month)}</td><td class=\"portal-num\">{escape_html(r.invested)}</td>"
                   f"<td class=\"portal-num\">{escape_html(r.cumulative)}</td>"
                   f"<td class=\"portal-num\">{escape_html(r.physical)}</td><td>{dash_html(r.text)}</td>"
                   f"<td>{dash_html(r.problems)}</td><td>{escape_html(row.deadline)}</td>"
                   f"<td>{dash_html(row.completed)}</td><td>{status_html(row)}</td>"
                   f"<td>{_notes(row.reason, ('更正', r.correction))}</td></tr>\n")
    return Markup("".join(out))


def _notes(first: str, *labelled: tuple[str, str]) -> str:
    """A delay reason and further labelled notes in one cell, or a dash when there are none."""
    parts = [line_html(first)] if first else []
    parts += [f"{escape_html(label)}：{line_html(text)}" for label, text in labelled if text]
    return "<br>".join(parts) if parts else "—"


def approval_rows(page_path: str, approvals: Iterable[Any]) -> Markup:
    """Rows of a project's approvals (``portal-approvals``)."""
    out = []
    for a in approvals:
        row = a.row
        out.append(f"<tr><td>{line_html(row.label)}</td><td>{ref_html(page_path, row.unit)}</td>"
                   f"<td>{dash_html(row.limit)}</td><td>{dash_html(row.start)}</td><td>{dash_html(row.deadline)}</td>"
                   f"<td>{dash_html(row.completed)}</td><td>{status_html(row)}</td>"
                   f"<td class=\"portal-num\">{late_html(row)}</td><td>{dash_html(a.document_no)}</td>"
                   f"<td>{_notes(row.reason, ('备注', a.note))}</td></tr>\n")
    return Markup("".join(out))


def evidence_rows(page_path: str, rows: Iterable[Any]) -> Markup:
    """Rows of ``_accountability.j2`` ``evidence_table``: what a score or a notice rests on."""
    out = []
    for e in rows:
        cells = f"<tr><td>{ref_html(page_path, e.project)}</td><td>{ref_html(page_path, e.entry)}</td>"
        row = e.row
        if row:
            cells += (f"<td>{dash_html(row.deadline)}</td><td>{dash_html(row.completed)}</td>"
                      f"<td>{status_html(row)}</td><td class=\"portal-num\">{late_html(row)}</td>"
                      f"<td>{dash_html(e.note or row.reason)}</td></tr>\n")
        else:
            cells += f"<td>—</td><td>—</td><td>—</td><td class=\"portal-num\">—</td><td>{dash_html(e.note)}</td></tr>\n"
        out.append(cells)
    return Markup("".join(out))


def revision_rows(page_path: str, revisions: Iterable[Any]) -> Markup:
    """Rows of a project's revision history (``_history.md.j2``, ``portal-revisions``)."""
    out = []
    for r in revisions:
        body = f"<br><small>{line_html(r.body)}</small>" if r.body else ""
        changes = "".join(f"<li>{line_html(c)}</li>" for c in r.changes)
        out.append(f"<tr><td>{escape_html(r.date)}</td><td>{line_html(r.author)}</td>"
                   f"<td>{line_html(r.summary)}{body}</td><td><ul>{changes}</ul></td>"
                   f"<td><span class=\"portal-mono\">{escape_html(r.commit)}</span></td></tr>\n")
    return Markup("".join(out))


def stage_deadline_rows(page_path: str, rows: Iterable[Any]) -> Markup:
    """Rows of a project stage's deadlines: entry, deadline, completed, status, lateness."""
    return Markup("".join(
        f"<tr><td>{line_html(r.label)}</td><td>{dash_html(r.deadline)}</td><td>{dash_html(r.completed)}</td>"
        f"<td>{status_html(r)}</td><td class=\"portal-num\">{late_html(r)}</td></tr>\n" for r in rows))


def visit_deadline_rows(page_path: str, rows: Iterable[Any]) -> Markup:
    """Rows of a project's monthly visits (art. 12): month, deadline, visit date, status."""
    return Markup("".join(
        f"<tr><td>{line_html(r.label)}</td><td>{escape_html(r.deadline)}</td><td>{dash_html(r.completed)}</td>"
        f"<td>{status_html(r)}</td></tr>\n" for r in rows))


def utility_rows(page_path: str, utilities: Iterable[Any]) -> Markup:
    """Rows of a project's utilities (``portal-utilities``)."""
    return Markup("".join(
        f"<tr><td>{escape_html(u.name)}</td><td>{escape_html(u.status)}</td><td>{ref_html(page_path, u.unit)}</td>"
        f"<td>{dash_html(u.completed)}</td><td>{dash_html(u.note)}</td></tr>\n" for u in utilities))


def item_rows(page_path: str, items: Iterable[Any]) -> Markup:
    """The entries of ``_macros.j2`` ``items_list`` (a ``<dl>``): label, and a link or the value."""
    return Markup("".join(
        f"<dt>{escape_html(i.label)}</dt>"
        f"<dd>{ref_html(page_path, i.ref) if i.ref else line_html(i.value)}</dd>\n" for i in items))
