"""YAML text whose lines appear and disappear over time.

A demo file is written once as a list of lines, each visible from the day it was recorded
until the day it was replaced (``stage: review`` gives way to ``stage: landing``). The file
as it stood on any day is then a filter over its lines, which makes rendering thousands of
historical versions cheap and keeps every version consistent with the final one.

Dates are ISO strings, so comparing them as strings compares them as dates.
"""

from __future__ import annotations

import json
import re

NEVER = "9999-12-31"
Line = tuple[str, str, str]  # (visible from, visible until (exclusive), text)

# Plain scalars that need no quotes. ASCII text stays plain only when neither our loader nor
# YAML 1.1 (PyYAML, what editors and other tools use) would read it as anything but a string;
# dates and months are the exception: the schema wants them bare, as clerks write them.
_ASCII_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*")
_DATE_OR_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?")
_NUMBERISH = re.compile(r"[-+]?[0-9_.:]+([eE][-+]?[0-9]+)?|0[xXoObB].*")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@` ")


def scalar(value: object) -> str:
    """One value as YAML text: numbers bare, strings plain where safe, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return amount(value)
    text = str(value)
    if text.isascii():
        if _DATE_OR_MONTH.fullmatch(text) or (
                _ASCII_PLAIN.fullmatch(text) and not _NUMBERISH.fullmatch(text)
                and text.lower().lstrip(".") not in _YAML11_WORDS):
            return text
    elif text[0] not in _INDICATORS and text[-1] not in ": " and ": " not in text \
            and " #" not in text and "\n" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted one


def amount(value: float) -> str:
    """Money and sizes: whole numbers without a decimal point, else one decimal."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def kv(indent: int, key: str, value: object, start: str, until: str = NEVER) -> Line:
    return (start, until, f"{' ' * indent}{key}: {scalar(value)}")


def block(indent: int, key: str, lines: list[Line]) -> list[Line]:
    """``key:`` over its children, visible from the day its first child is."""
    if not lines:
        return []
    return [(min(line[0] for line in lines), NEVER, f"{' ' * indent}{key}:"), *lines]


def item(indent: int, key: str, value: object, start: str, rest: list[Line]) -> list[Line]:
    """A list item that is a mapping, opened by ``- key: value`` (visible from ``start``).

    ``rest`` holds the item's other keys, written with ``kv(indent + 2, ...)``.
    """
    return [(start, NEVER, f"{' ' * indent}- {key}: {scalar(value)}"), *rest]


def render(lines: list[Line], day: str) -> str:
    """The file as it stood at the end of ``day`` ("" if it did not exist yet)."""
    text = "\n".join([t for a, b, t in lines if a <= day < b])
    return text + "\n" if text else ""


def event_days(lines: list[Line]) -> list[str]:
    """Every day on which the file changed."""
    days = {a for a, _, _ in lines} | {b for _, b, _ in lines if b != NEVER}
    return sorted(days)
