"""JSON downloads written one large item at a time.

``dumps(document)`` gives the text of ``json.dumps(document, ensure_ascii=False, indent=2) + "\\n"``
in UTF-8, but a value wrapped in ``Items`` (the projects, thousands of them) is written as a
list one item at a time, each item built only then. So neither every project's mapping nor
the encoder's millions of small pieces are held at once: only the bytes written so far, and
with ``dump`` into a file not even those.

Each item is encoded by orjson (in C: ``json.dumps`` with an indent runs its pure-Python
encoder), which writes the same text but for a float below 0.0001 (``0.00001`` where
``json.dumps`` writes ``1e-05``: the same number). What orjson refuses (an integer beyond 64
bits) is encoded by ``json.dumps``. Worth: the two JSON downloads of 1,000
demo projects in 0.89 s instead of 2.36 s (2026-12-04).

The indentation of an item nested deeper is the same text with every line break followed by
two more spaces per level: a JSON text has line breaks only between its tokens (a line break
inside a string is written as the escape ``\\n``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

INDENT = "  "


class Items:
    """A list to be written item by item; ``items`` may be a generator."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def _encode(value: Any, level: int) -> str:
    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except TypeError:  # orjson.JSONEncodeError: an integer beyond 64 bits
        text = json.dumps(value, ensure_ascii=False, indent=len(INDENT))
    return text.replace("\n", "\n" + INDENT * level) if level else text


def dump(document: dict[str, Any], out: BinaryIO) -> None:
    """Write the document as indented JSON in UTF-8, ending with a line break, to ``out``."""
    if not document:
        out.write(b"{}\n")
        return
    opening = "{"
    for key, value in document.items():
        head = f"{opening}\n{INDENT}{json.dumps(key, ensure_ascii=False)}: "
        opening = ","
        if not isinstance(value, Items):
            out.write((head + _encode(value, 1)).encode("utf-8"))
            continue
        separator = "["
        for item in value.items:
            out.write(f"{head}{separator}\n{INDENT * 2}{_encode(item, 2)}".encode())
            head, separator = "", ","
        out.write(f"{head}[]".encode() if separator == "[" else f"\n{INDENT}]".encode())
    out.write(b"\n}\n")


def dumps(document: dict[str, Any]) -> bytes:
    """``dump`` as bytes."""
    out = io.BytesIO()  # grows in place, and hands over its buffer without a copy
    dump(document, out)
    return out.getvalue()
