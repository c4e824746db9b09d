"""The Jinja2 environment the page templates run in: the filters of ``text.py`` that keep
data inert, and the table rows of ``rows.py`` as globals."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from . import rows
from .labels import COLOUR_MEANINGS, COLOURS
from .text import (
    TEMPLATES,
    amount,
    badge,
    colour_badge,
    date_zh,
    front_matter,
    late,
    money,
    multiline,
    or_dash,
    percent,
    ref_html,
    relative,
    safe_url,
    search_text,
    status,
)


@pass_context
def href(context: Context, target: str) -> str:
    return relative(context["page_path"], target)


@pass_context
def ref(context: Context, r: Any) -> Markup:
    return Markup(ref_html(context["page_path"], r))


def _on_page(function: Callable[..., Markup]) -> Callable[..., Markup]:
    """``function(page_path, ...)`` as a template global called without the page path."""
    @pass_context
    def call(context: Context, *args: Any, **kwargs: Any) -> Markup:
        return function(context["page_path"], *args, **kwargs)

    return call


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        # Templates are part of the tool, not of the data: load each once per process instead
        # of checking its file on every get_template (every page, import and include).
        auto_reload=False,
        autoescape=True,  # every template: data is HTML-escaped unless a filter says otherwise
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    filters: dict[str, Any] = {
        "front_matter": front_matter, "multiline": multiline, "safe_url": safe_url,
        "amount": amount, "money": money, "percent": percent, "date_zh": date_zh, "href": href,
        "search_text": search_text,
    }
    env.filters.update(filters)
    env.globals.update(colour_names=COLOURS, colour_meanings=COLOUR_MEANINGS)
    env.globals.update({
        "portal_ref": ref, "portal_or_dash": or_dash, "portal_badge": badge, "portal_status": status,
        "portal_late": late, "portal_colour_badge": colour_badge,
        "portal_deadline_rows": _on_page(rows.deadline_rows), "portal_project_rows": _on_page(rows.project_rows),
        "portal_report_rows": _on_page(rows.report_rows), "portal_approval_rows": _on_page(rows.approval_rows),
        "portal_evidence_rows": _on_page(rows.evidence_rows), "portal_revision_rows": _on_page(rows.revision_rows),
        "portal_stage_deadline_rows": _on_page(rows.stage_deadline_rows),
        "portal_visit_deadline_rows": _on_page(rows.visit_deadline_rows),
        "portal_utility_rows": _on_page(rows.utility_rows), "portal_item_rows": _on_page(rows.item_rows),
    })
    return env
