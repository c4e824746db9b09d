"""Small readers shared by the validation rules: a value at a key path, a date, the
mappings of a list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..load import Document, KeyPath
from ..schemas import is_date


def get(value: Any, path: KeyPath) -> Any:
    for part in path:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and part < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, str) and is_date(value):
        return dt.date.fromisoformat(value)
    return None


def mappings(doc: Document, key: str) -> list[tuple[int, dict[str, Any]]]:
    return mappings_in(doc.data, key)


def mappings_in(value: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    items = value.get(key)
    return [(i, x) for i, x in enumerate(items) if isinstance(x, dict)] if isinstance(
        items, list) else []
