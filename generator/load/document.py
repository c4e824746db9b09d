"""A loaded document: its data, and its source for the positions of its nodes."""

from __future__ import annotations

import os
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding
from .events import Builder, Irregular, KeyPath, format_key_path
from .reader import decode, read_text

# How many documents keep their positions at once. A file with many findings parses its
# source once; a run with findings in thousands of files holds only the latest few maps.
KEEP_POSITIONS = 16
_keeping: deque[Document] = deque()


@dataclass
class Document:
    """One loaded YAML file: its data, and its source for the positions of its nodes.

    ``marks`` and ``key_marks`` are filled from ``source`` when a position is first asked
    for (by ``mark`` or ``finding``) and dropped again once ``KEEP_POSITIONS`` later
    documents were asked; clearing them only frees memory.
    """

    path: Path
    display: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    # The text parsed into ``data``; the file's bytes when loaded from a file, smaller than
    # the str (35 MB against 56 MB for 4,000 demo projects).
    source: str | bytes | None = field(default=None, repr=False)

    def mark(self, key_path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of a value (or its key), else of its nearest known ancestor."""
        marks, key_marks = self._positions()
        if key and key_path in key_marks:
            return key_marks[key_path]
        path = tuple(key_path)
        while path:
            if path in marks:
                return marks[path]
            path = path[:-1]
        return marks.get((), (1, 1))

    def drop_source(self) -> None:
        """Let go of the positions kept and of the text they would be read from again: for a
        document no message will be about any more (a build that got past validation)."""
        self.marks, self.key_marks = {}, {}
        self.source = None

    def _positions(self) -> tuple[dict[KeyPath, tuple[int, int]], dict[KeyPath, tuple[int, int]]]:
        """The positions of every node and key, from ``source`` parsed again if need be."""
        if not self.marks and self.source:
            text = self.source if isinstance(self.source, str) else decode(self.source, self.display)
            builder = Builder(self.display)
            read_text(text, self.display, builder)
            self.marks, self.key_marks = builder.marks, builder.key_marks
            _keep(self)
            return builder.marks, builder.key_marks
        return self.marks, self.key_marks

    def finding(
        self, key_path: KeyPath, code: str, message: str, *, key: bool = False,
        severity: str = "error",
    ) -> Finding:
        line, col = self.mark(key_path, key=key)
        return Finding(self.display, line, col, code, message, format_key_path(key_path),
                       severity)  # type: ignore[arg-type]


def _keep(doc: Document) -> None:
    """Note that ``doc`` holds positions; drop those of the document asked longest ago."""
    _keeping.append(doc)
    if len(_keeping) > KEEP_POSITIONS:
        oldest = _keeping.popleft()
        oldest.marks, oldest.key_marks = {}, {}  # new dicts: a reader keeps the old ones


def display_path(path: Path) -> str:
    """Paths relative to the working directory, as CI annotations and editors expect."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


# Control characters YAML refuses, plus the bidirectional overrides and isolates
# (U+202A-202E, U+2066-2069) that can make displayed text read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
                      "\ufffe\uffff]")


def parse(text: str, doc: Document) -> list[Finding]:
    """Parse YAML text into ``doc.data``; return structural findings.

    The text is read fast, without positions; only a file the strict subset refuses is read
    again by ``Builder``, which names each violation. ``doc`` keeps the text for positions.
    """
    control = _CONTROL.search(text)
    if control:  # YAML refuses these too, but reports byte offsets we would have to map back
        line = text.count("\n", 0, control.start()) + 1
        col = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return [Finding(doc.display, line, col, "control-character",
                        f"文件含有不允许的控制字符 U+{ord(control.group()):04X}：请删除")]
    doc.source = text
    try:
        doc.data, findings = read_text(text, doc.display, None)
    except Irregular:
        doc.data, findings = read_text(text, doc.display, Builder(doc.display))
    return findings
