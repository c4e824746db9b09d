"""Pages whose inputs did not change since the last build are not rendered again.

A unit, leader or project page is a template applied to view objects (plain frozen dataclasses
of text and numbers) and to what every page is given. Its key is the SHA-256 of those inputs
pickled (``pickle`` writes the same bytes for the same values, whatever the hash seed); the
templates and the code that read them are in the key of the build's work folder, which starts
afresh when they change (``build/sitecache.py``). A page whose key is the one it had in the
previous build, whose Markdown and HTML that build left in place, is the same page: it is
yielded as ``UNCHANGED`` instead of its text, and the build keeps what it has.

Measured on a warm rebuild after one changed project, 1,000 demo projects (benchmarks/
bench_rebuild.py): see ``MEASURED``.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

UNCHANGED = ""      # never a rendered page: every page starts with its front matter
MEASURED = "to be measured"


@dataclass
class RenderMemo:
    """The keys of the previous build's pages that may be reused, and this build's keys."""

    previous: Mapping[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    def unchanged(self, template: str, path: str, context: Mapping[str, Any]) -> bool:
        """Note the page's key; True when it is the one the previous build rendered."""
        try:
            key = hashlib.sha256(pickle.dumps((template, path, sorted(context.items())), 5)).hexdigest()
        except (pickle.PicklingError, TypeError, AttributeError):   # not plain data: render it
            return False
        self.keys[path] = key
        return self.previous.get(path) == key


__all__ = ["UNCHANGED", "RenderMemo"]
