"""Schemas: the JSON Schemas shipped with the tool, their formats, and Chinese messages.

Every ``format`` a schema uses is enforced by our own format checker (jsonschema only
annotates formats unless a checker is given, and its ``date`` check would accept
``20260320`` on some Python versions), so a test can rely on each one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .limits import DATE_RANGE_TEXT, MAX_DATE, MIN_DATE, in_date_range
from .load import Document, KeyPath

# A source checkout or editable install reads the repository's schema/ folder; a wheel
# carries a copy as generator/_schema (see setup.py).
_PACKAGED = Path(__file__).resolve().parent / "_schema"
SCHEMA_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "schema"

# file kind -> schema file name
SCHEMA_FILES = {
    "project": "project.schema.json",
    "units": "units.schema.json",
    "leaders": "leaders.schema.json",
    "townships": "townships.schema.json",
    "approval-items": "approval-items.schema.json",
    "meetings": "meetings.schema.json",
    "notices": "notices.schema.json",
    "targets": "targets.schema.json",
    "rules": "rules.schema.json",
    "calendar": "calendar.schema.json",
}

FORMAT_CHECKER = FormatChecker(formats=())

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_PROJECT_CODE = re.compile(r"(20[0-9]{2})-([0-9]{6})-([0-9]{2})-([0-9]{2})-([0-9]{6})")
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
COUNTY_REGION = "652327"


@FORMAT_CHECKER.checks("date")
def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        return in_date_range(dt.date.fromisoformat(value))
    except ValueError:
        return False


# Dates and months outside MIN_DATE..MAX_DATE are typing mistakes (0001-01-01, 2206-03-01)
# that would otherwise count hundreds of thousands of overdue working days.
@FORMAT_CHECKER.checks("year-month")
def is_year_month(value: object) -> bool:
    return not isinstance(value, str) or (
        bool(_MONTH.fullmatch(value)) and MIN_DATE.isoformat()[:7] <= value <= MAX_DATE.isoformat()[:7])


def out_of_range(value: object) -> bool:
    """A well-formed date or month that only fails for lying outside the allowed years."""
    if not isinstance(value, str) or not (_DATE.fullmatch(value) or _MONTH.fullmatch(value)):
        return False
    try:
        dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return False
    return True


def credit_check_char(first17: str) -> str:
    """GB 32100-2015 check character of a unified social credit code."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


@FORMAT_CHECKER.checks("credit-code")
def is_credit_code(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if len(value) != 18 or any(c not in CREDIT_ALPHABET for c in value):
        return False
    return credit_check_char(value[:17]) == value[17]


@FORMAT_CHECKER.checks("project-code")
def is_project_code(value: object) -> bool:
    return not isinstance(value, str) or bool(_PROJECT_CODE.fullmatch(value))


@FORMAT_CHECKER.checks("uri")
def is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(
        c.isspace() or c in '<>"' for c in value)


def schema_dir() -> Path:
    return SCHEMA_DIR


@cache
def load_schema(kind: str) -> dict[str, Any]:
    path = SCHEMA_DIR / SCHEMA_FILES[kind]
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(kind), format_checker=FORMAT_CHECKER)


# The same checks as FORMAT_CHECKER, as functions of a string. The Rust validator checks dates
# and months, the most frequent by far, itself (``native_schema``): a calendar date by its own "date"
# format, the years MIN_DATE..MAX_DATE by a pattern (a test compares both ways of checking on
# every year from 1000 to 2999); it calls the others.
FORMATS = {"date": is_date, "year-month": is_year_month, "credit-code": is_credit_code,
           "project-code": is_project_code, "uri": is_http_url}
YEARS = "(199[0-9]|20[0-9]{2}|2100)"
NATIVE = {"date": f"^{YEARS}-", "year-month": f"^{YEARS}-(0[1-9]|1[0-2])$"}


def native_schema(node: Any) -> Any:
    """A copy of a schema whose "date" and "year-month" formats the Rust validator checks
    without calling Python for every value (three times faster on a project file)."""
    if isinstance(node, list):
        return [native_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: native_schema(value) for key, value in node.items()}
    fmt = out.get("format")
    if fmt in NATIVE:
        if fmt != "date":       # "date" is the Rust validator's own: a real calendar date
            del out["format"]
        out["allOf"] = [*out.get("allOf", []), {"pattern": NATIVE[fmt]}]
    return out


@cache
def fast_validator(kind: str) -> Any:
    """jsonschema-rs with our format checks, or None where it is not installed.

    Most files are valid; the Rust validator answers "valid" several times faster than
    jsonschema, which then runs only on invalid files to produce the Chinese messages.
    A test keeps the two in agreement on every fixture.
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - an optional speed-up
        return None
    called = {name: check for name, check in FORMATS.items() if name not in NATIVE}
    return jsonschema_rs.validator_for(native_schema(load_schema(kind)), formats=called, validate_formats=True,
                                       ignore_unknown_formats=False)


_TYPE_NAMES = {
    "string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
    "object": "“键: 值”映射", "array": "列表（以“- ”开头的各行）", "null": "空值",
}
_FORMAT_HINTS = {
    "date": "不是有效日期：格式为 YYYY-MM-DD，例如 2026-03-20",
    "year-month": "不是有效月份：格式为 YYYY-MM，例如 2026-10",
    "credit-code": "不是有效的统一社会信用代码：应为 18 位，最后一位校验码按 GB 32100 计算",
    "project-code": "不是有效的项目代码：格式为 YYYY-RRRRRR-DD-TT-NNNNNN（20 位数字、4 个连字符）",
    "uri": "不是允许的网址：只接受 http:// 或 https:// 开头的完整网址",
}


def _type_of(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, str):
        return "文字"
    return "列表" if isinstance(value, list) else "映射"


def _title(error: ValidationError, root: dict[str, Any]) -> str:
    """Title of the property the error is about, not of a shared ``$defs`` entry."""
    node: Any = root
    title, previous = None, None
    for part in error.absolute_schema_path:
        if not isinstance(node, dict):
            break
        if part == "$ref" and str(node.get("$ref", "")).startswith("#/$defs/"):
            node = root["$defs"].get(str(node["$ref"]).removeprefix("#/$defs/"))
            continue
        node = node.get(part) if isinstance(part, str) else None
        if (previous == "properties" or part == "items") and isinstance(node, dict):
            title = node.get("title", title)
        previous = part
    return f"（{title}）" if title else ""


def _show(value: Any, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "…"


def message(error: ValidationError, root: dict[str, Any]) -> tuple[str, str, KeyPath, bool]:
    """(code, Chinese message, key path to point at, point at key?) for one schema error."""
    path: KeyPath = tuple(error.absolute_path)
    kind = str(error.validator)
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    title = _title(error, root)
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else "?"
        props = schema.get("properties", {})
        title = props.get(missing, {}).get("title", "")
        label = f"“{missing}”（{title}）" if title else f"“{missing}”"
        return "schema-required", f"缺少必填字段{label}", path, False
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in value if k not in allowed] if isinstance(value, dict) else []
        extra = extras[0] if extras else "?"
        close = difflib.get_close_matches(extra, allowed, n=1)
        hint = f"，是否想写“{close[0]}”？" if close else f"。允许的字段：{'、'.join(allowed)}"
        return "schema-unknown-field", f"未知字段“{extra}”{hint}", (*path, extra), True
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " 或 ".join(_TYPE_NAMES.get(n, n) for n in names)
        if value is None:
            return "schema-type", f"值为空：应填写{wanted}{title}", path, False
        if "source" in schema.get("properties", {}) and isinstance(value, (int, float)):
            # rules.yaml: a bare number, written before every number had to carry its source
            title += f"：每个数字须注明来源，例如 {{value: {_show(value)}, source: sample}}"
        return ("schema-type", f"应为{wanted}，实际是{_type_of(value)}“{_show(value)}”"
                f"{title}", path, False)
    if kind == "enum":
        options = "、".join(str(o) for o in error.validator_value)
        return ("schema-enum", f"“{_show(value)}”不是允许的取值{title}，可选：{options}",
                path, False)
    if kind == "format" and out_of_range(value):
        return ("date-range", f"“{_show(value)}”超出允许的日期范围（{DATE_RANGE_TEXT}）：请核对年份{title}",
                path, False)
    if kind == "format":
        hint = _FORMAT_HINTS.get(str(error.validator_value), "格式不正确")
        return "schema-format", f"“{_show(value)}”{hint}{title}", path, False
    if kind == "pattern":
        if "[a-z0-9]" in str(error.validator_value):
            text = "只能由小写英文字母、数字和连字符组成，且以字母或数字开头"
        else:
            text = f"格式不符合要求（{error.validator_value}）"
        return "schema-pattern", f"“{_show(value)}”{text}{title}", path, False
    limits = {
        "minimum": f"不能小于 {error.validator_value}",
        "maximum": f"不能大于 {error.validator_value}",
        "exclusiveMinimum": f"必须大于 {error.validator_value}",
        "minLength": f"至少要有 {error.validator_value} 个字",
        "maxLength": f"最多 {error.validator_value} 个字",
        "minItems": f"至少要有 {error.validator_value} 项",
        "maxItems": f"最多 {error.validator_value} 项",
        "uniqueItems": "列表中有重复项",
    }
    if kind in limits:
        return f"schema-{kind}", f"“{_show(value)}”{limits[kind]}{title}", path, False
    return "schema", f"{error.message}{title}", path, False


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    # Combinators (anyOf/oneOf) hide the useful errors in their context.
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def schema_findings(doc: Document, kind: str) -> list[Any]:
    """Every schema violation of one document as findings."""
    fast = fast_validator(kind)
    if fast is not None and fast.is_valid(doc.data):
        return []
    findings = []
    for error in validator(kind).iter_errors(doc.data):
        for leaf in _leaves(error):
            if leaf.validator == "pattern" and "format" in leaf.schema:
                continue  # the format error says the same thing more clearly
            code, text, path, key = message(leaf, load_schema(kind))
            findings.append(doc.finding(path, code, text, key=key))
    return findings
