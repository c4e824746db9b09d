"""Public means allow-listed: random documents generated from each schema, random wrong
values put at random places in them, random internal values carrying a marker. The marker
never reaches the projection nor a history diff of the public audience, and every valid
public field comes through unchanged."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.history.piecediff import Differ
from generator.history.pieces import Pieces
from generator.history.snapshot import Unreadable, cut_file
from generator.public import PLACEHOLDER, is_internal, public_view, resolve
from generator.render import strip_internal
from generator.schemas import CREDIT_ALPHABET, SCHEMA_FILES, credit_check_char, load_schema

MARKER = "泄露标记XQ"
KINDS = sorted(k for k in SCHEMA_FILES if k != "calendar")
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])
TEXT = st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=8)
DATES = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
FORMATS = {
    "date": DATES.map(dt.date.isoformat),
    "year-month": DATES.map(lambda d: d.strftime("%Y-%m")),
    "credit-code": st.text(CREDIT_ALPHABET, min_size=17, max_size=17).map(lambda s: s + credit_check_char(s)),
    "project-code": st.from_regex(r"20[0-9]{2}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}", fullmatch=True),
    "uri": st.from_regex(r"https://[a-z]{1,8}\.gov\.cn/[a-z0-9]{0,8}", fullmatch=True),
}


def valid(node: Any, root: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values the schema allows at ``node``; an internal field always holds the marker."""
    node = resolve(node, root)
    if node.get("x-internal"):
        return st.just(MARKER)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        props = {k: valid(v, root) for k, v in node.get("properties", {}).items()}
        found = st.fixed_dictionaries({}, optional=props)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            more = st.dictionaries(st.from_regex(r"x_[a-z0-9]{1,6}", fullmatch=True), valid(extra, root), max_size=2)
            found = st.tuples(found, more).map(lambda pair: {**pair[0], **pair[1]})
        return found
    if kind == "array":
        return st.lists(valid(node.get("items", {}), root), max_size=2)
    if kind == "string":
        if node.get("format") in FORMATS:
            return FORMATS[node["format"]]
        return st.from_regex(node["pattern"]) if "pattern" in node else TEXT
    if kind == "integer":
        return st.integers(-10**6, 10**6)
    if kind == "number":
        return st.integers(-10**6, 10**6) | st.floats(-1e6, 1e6, allow_nan=False)
    return st.booleans()


def places(value: Any, node: Any, root: dict[str, Any], path: tuple[Any, ...] = ()):
    """(path, schema node) of every value in a document, internal fields left out."""
    node = resolve(node, root)
    yield path, node
    if isinstance(value, dict):
        props, extra = node.get("properties", {}), node.get("additionalProperties")
        for key, item in value.items():
            sub = props.get(key, extra if isinstance(extra, dict) else None)
            if sub is not None and not is_internal(sub, root):
                yield from places(item, sub, root, (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from places(item, node.get("items", {}), root, (*path, n))


def _types(node: Any) -> set[str]:
    kind = node.get("type", "object" if "properties" in node else "")
    return {kind} if isinstance(kind, str) else set(kind)


def wrong_values(node: Any, root: dict[str, Any]) -> list[Any]:
    """Values carrying the marker that the schema does not allow at ``node``."""
    types, found = _types(node), []
    if "string" not in types or {"enum", "pattern", "format"} & set(node):
        found.append(MARKER)
    if "object" not in types or not isinstance(node.get("additionalProperties"), dict):
        found.append({MARKER: MARKER})
    if "array" not in types or MARKER in wrong_values(resolve(node.get("items", {}), root), root):
        found.append([MARKER])
    if "object" not in types:
        found.append({"name": MARKER})
    return found


def _set(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[path[0]] = _set(copy[path[0]], path[1:], value)
    return copy


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> tuple[dict[str, Any], dict[str, Any], tuple[Any, ...]]:
    """A valid document, the same with one wrong value or unknown key, and where."""
    root = load_schema(kind)
    document = draw(valid(root, root))
    path, node = draw(st.sampled_from(list(places(document, root, root))))
    target = _get(document, path)
    if isinstance(target, dict) and not isinstance(node.get("additionalProperties"), dict) and draw(st.booleans()):
        key = draw(st.sampled_from([f"{MARKER}_键", "unknown"]))
        return document, _set(document, path, {**target, key: draw(st.sampled_from([MARKER, [MARKER], 1]))}), path
    return document, _set(document, path, draw(st.sampled_from(wrong_values(node, root)))), path


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


@SETTINGS
@given(st.sampled_from(KINDS).flatmap(lambda kind: st.tuples(st.just(kind), valid(load_schema(kind),
                                                                                   load_schema(kind)))))
def test_valid_documents_lose_their_internal_fields_and_nothing_else(case):
    kind, document = case
    shown = public_view(document, kind)
    assert shown == strip_internal(document, load_schema(kind))
    assert MARKER not in _dump(shown)


@SETTINGS
@given(st.sampled_from(KINDS).flatmap(lambda kind: st.tuples(st.just(kind), mutated(kind))))
def test_a_wrong_value_anywhere_never_shows_and_the_other_fields_survive(case):
    kind, (document, bad, path) = case
    shown = public_view(bad, kind)
    assert MARKER not in _dump(shown)
    assert PLACEHOLDER in _dump(shown)
    expected = strip_internal(document, load_schema(kind))
    if path and isinstance(shown, dict):
        for key in expected:
            if key != path[0]:
                assert shown[key] == expected[key]


def _texts(changes: list[Any]) -> str:
    return _dump([(c.text_zh, c.label_zh, c.key_path, c.before, c.after) for c in changes])


@SETTINGS
@given(mutated("project"), st.booleans())
def test_no_public_diff_shows_a_wrong_value_in_either_version(case, backwards):
    document, bad, _ = case
    assume(isinstance(bad, dict))  # a version that is not a mapping is unreadable, never diffed
    old, new = (bad, document) if backwards else (document, bad)
    changes, _ = Differ().diff(old, new)
    assert MARKER not in _texts(changes)
    a, b = (cut_file(yaml.safe_dump(v, allow_unicode=True, sort_keys=False).encode()) for v in (old, new))
    if a is not None and b is not None:
        try:
            cut_changes, _ = Differ().diff_cuts(a, b, Pieces())
        except Unreadable:
            return
        assert MARKER not in _texts(cut_changes)
