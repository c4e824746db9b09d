"""Pages whose inputs did not change since the last build are not rendered again.

A leader page is a template applied to view objects (plain frozen dataclasses of text and
numbers) and to what every page is given; its key is a digest of those inputs. Unit and
project pages are keyed by what their views are made of instead (``InputKeys``: the records of
the projects they show, the records that are not projects; a unit's scores and ranks; a
project's accountability view and the commits its history lists), so that the view of an
unchanged page is not even made (``pages._Views.entity_pages``). The templates and the code
that read them are in the key of the build's work folder, which starts afresh when they
change (``build/sitecache.py``). A page whose key is the one it had in the previous build,
whose Markdown and HTML that build left in place, is the same page: it is yielded as
``UNCHANGED`` instead of its text, and the build keeps what it has.

The digest (``buildcache.value_digest``) is the SHA-256 of the inputs written by orjson (in C;
dataclasses by their fields, dates as ISO text, ``Markup`` and sets tagged), the same for equal
values however they share
objects and whatever the hash seed. JSON does not tell a tuple from a list, a date from its ISO
text nor one dataclass from another with the same fields: for one page that cannot matter, as
the same code gives each field the same type, and other code is another work folder.

Worth it: a warm ``portal build`` after one changed project, 1,000 demo projects, best of three
alternating runs: 14.3 s with the memo, 18.0 s without (keys still computed): 21 % of the
rebuild (2026-12-04). Keying project pages by their inputs and digesting with orjson instead
of pickle: views and keys of 1,000 projects in 0.4 s instead of 3.3 s (2026-12-04). Keying unit
and project pages by digests of the records they are made of (``InputKeys``) instead of their
views and facts: a ``portal serve`` save at 1,000 demo projects, medians of eight saves in
three alternating runs, 1.82-1.90 s against 2.06-2.08 s (11 %); unit views and keys took
0.26 s of a save, now 0.01 s (2026-12-04).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..buildcache import value_digest
from ..records import Records

UNCHANGED = ""      # never a rendered page: every page starts with its front matter


@dataclass(frozen=True)
class InputKeys:
    """Digests of the records as loaded, before the audience's projection: of the records that
    are not projects (names, rules, calendar, meetings, notices, targets), and of each project.
    A project's facts are a function of its record, of those records and of the day
    (``evaluate``, the same assumption as ``portal serve``'s kept facts), and what an audience
    sees of a record a function of the record and the generator's schemas: with the day, which
    every page is given, these digests stand for both. The generator's code, its schemas and
    chinese-calendar's version (its holidays decide working days) are in the work folder's key
    (``buildcache.code_fingerprint``)."""

    named: str
    projects: dict[str, str]

    @classmethod
    def of(cls, records: Records) -> InputKeys | None:
        """The keys; None when some record is not plain data (its pages are always rendered)."""
        named = value_digest(replace(records, projects={}))
        own = {pid: value_digest((pid, p)) for pid, p in records.projects.items()}
        if named is None or None in own.values():
            return None
        return cls(named, {pid: key for pid, key in own.items() if key is not None})

    def of_projects(self, pids: Iterable[str]) -> list[tuple[str, str]]:
        return [(pid, self.projects.get(pid, "")) for pid in sorted(pids)]


@dataclass
class RenderMemo:
    """The keys of the previous build's pages that may be reused, and this build's keys."""

    previous: Mapping[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    def unchanged(self, template: str, path: str, context: Mapping[str, Any]) -> bool:
        """Note the page's key; True when it is the one the previous build rendered."""
        key = value_digest((template, path, sorted(context.items())))
        if key is None:           # not plain data: render it
            return False
        self.keys[path] = key
        return self.previous.get(path) == key


__all__ = ["UNCHANGED", "InputKeys", "RenderMemo"]
