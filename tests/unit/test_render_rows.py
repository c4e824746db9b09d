"""The table rows written in Python (render/rows.py) and the str helpers they are built from
escape exactly as the Jinja2 templates did: compared with markupsafe and with the template
code they replace, on hostile values."""

from __future__ import annotations

import random
import re

import pytest
from markupsafe import Markup, escape

from generator.render import rows
from generator.render.environment import environment
from generator.render.text import _replace_escape, escape_html, line_html, multiline
from generator.render.views import Ref, Row

CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
HOSTILE = ['<script>alert(1)</script>', 'a "b" \'c\' & d', "第一行\n第二行\r\n第三行\r", "\t\x00\u2028x\x7f",
           "", "—", "`code` *em* | pipe", "{{ 7*7 }}"]


def reference_multiline(value: object) -> Markup:
    """``multiline`` as it was before the str helpers."""
    if value is None:
        return Markup("")
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Markup("<br>").join(escape(CONTROL.sub(" ", line)) for line in lines)


def test_escape_html_is_markupsafe_escape_as_a_plain_string():
    rnd = random.Random(4)
    alphabet = ["a", "中", "<", ">", "&", '"', "'", "\n", "\t", "\x00", " "]
    values: list[object] = [*HOSTILE, None, 3, 2.5, Markup("<b>ok</b>")]
    values += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10))) for _ in range(2000)]
    for value in values:
        assert escape_html(value) == str(escape(value))
        assert type(escape_html(value)) is str
        if isinstance(value, str) and not isinstance(value, Markup):
            assert _replace_escape(value) == str(escape(value))


def test_line_html_is_multiline_as_it_was():
    rnd = random.Random(5)
    alphabet = ["a", "中", "<", "&", "'", "\n", "\r", "\t", "\x00", "\x7f", "\u2028", "\x0b", " "]
    values: list[object] = [*HOSTILE, None, 7, Markup("<i>x</i>\ny")]
    values += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))) for _ in range(5000)]
    for value in values:
        assert line_html(value) == str(reference_multiline(value)), repr(value)
        assert multiline(value) == reference_multiline(value)


def _row(label: str, **changes: object) -> Row:
    values: dict[str, object] = dict(
        label=label, kind="审批", project=Ref(label, "projects/p.md"), unit=Ref(label, None), start="2026-01-01",
        deadline="", completed=label, status=label, colour='red" onclick="x', overdue_workdays=3, reason=label)
    values.update(changes)
    return Row(**values)  # type: ignore[arg-type]


# The template code the rows replaced (deadline_table of _macros.j2 before render/rows.py).
DEADLINE_ROWS = """{% import "_macros.j2" as m with context %}
{% for r in rows %}
<tr>{% if project %}<td>{{ m.ref(r.project) }}</td>{% endif %}<td>{{ r.label | multiline }}</td>{% if unit %}<td>{{ m.ref(r.unit) }}</td>{% endif %}<td>{{ m.or_dash(r.start) }}</td><td>{{ m.or_dash(r.deadline) }}</td><td>{{ m.or_dash(r.completed) }}</td><td>{{ m.status(r) }}</td><td class="portal-num">{{ m.late(r) }}</td><td>{{ m.or_dash(r.reason) }}</td></tr>
{% endfor %}
"""  # noqa: E501
ITEM_ROWS = """{% import "_macros.j2" as m with context %}
{% for i in items %}
<dt>{{ i.label }}</dt><dd>{% if i.ref %}{{ m.ref(i.ref) }}{% else %}{{ i.value | multiline }}{% endif %}</dd>
{% endfor %}
"""


@pytest.mark.parametrize("project", [True, False])
@pytest.mark.parametrize("unit", [True, False])
def test_deadline_rows_are_what_the_template_wrote(project, unit):
    data = [_row(text, overdue_workdays=i % 2) for i, text in enumerate(HOSTILE)]
    template = environment().from_string(DEADLINE_ROWS)
    expected = template.render(rows=data, project=project, unit=unit, page_path="units/u.md").lstrip("\n")
    assert rows.deadline_rows("units/u.md", data, project, unit) == expected


def test_item_rows_are_what_the_template_wrote():
    from generator.render.project_view import Item

    items = [Item(text, text, Ref(text, "units/u.md") if i % 2 else None) for i, text in enumerate(HOSTILE)]
    template = environment().from_string(ITEM_ROWS)
    expected = template.render(items=items, page_path="projects/p.md").lstrip("\n")
    assert rows.item_rows("projects/p.md", items) == expected
