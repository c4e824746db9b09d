"""Scalars as the strict loader reads them: JSON-like words and decimal numbers, all else text."""

from __future__ import annotations

import math
import re
from typing import Any

from ..limits import MAX_STRING

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_WORDS: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    # YAML's infinities and NaN read as what they mean, so the loader refuses them as numbers
    **{sign + word: float(sign + "inf") for sign in ("", "+", "-") for word in (".inf", ".Inf", ".INF")},
    **{word: float("nan") for word in (".nan", ".NaN", ".NAN")},
}
_NUMBER_STARTS = frozenset("-0123456789")  # the first character of every _INT or _FLOAT
_NOT_A_WORD = object()


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar as the strict loader reads it: JSON-like words and numbers."""
    word = _WORDS.get(value, _NOT_A_WORD)
    if word is not _NOT_A_WORD:
        return word
    if value[0] not in _NUMBER_STARTS:  # most values: text, resolved without a regex
        return value
    if _INT.fullmatch(value):
        # Past 300 digits int() grows slow (and past 4,300 raises); float() gives inf, which
        # the loader then refuses as not finite.
        return int(value) if len(value) <= 300 else float(value)
    if _FLOAT.fullmatch(value):
        return float(value) or 0.0  # -0.0 is the amount 0
    return value


def within_limits(key: str, value: Any) -> bool:
    """Whether a key and its resolved scalar pass the loader's limits (no finding)."""
    return len(key) <= MAX_STRING and not (
        (value.__class__ is float and not math.isfinite(value))
        or (value.__class__ is str and len(value) > MAX_STRING))
