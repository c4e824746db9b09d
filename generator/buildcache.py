"""What the build cache's parts share (``.cache/portal/`` in the data repository, ignored by
git): the fingerprint of the code that made an entry, the folder, the notice, writing a file
atomically, and the digest of plain values that keys what a process keeps in memory
(``value_digest``: rendered pages, evaluated projects).

Three parts use it: parsed documents (``load.parsed``), the history's compared pairs
(``history.cache``) and MkDocs' work folder (``build.sitecache``). Each is keyed by content and
by ``code_fingerprint()``, so a new version of the tool starts every part afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson
from markupsafe import Markup

PACKAGE = Path(__file__).resolve().parent
SCHEMAS = PACKAGE.parent / "schema"
# Libraries whose version changes what the cache holds (a page's HTML, a parse).
# chinese-calendar's holidays decide working days, so facts: pages keyed by the records they
# are made of (``render.memo.InputKeys``) must be made again when it is updated.
VERSIONED = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jieba", "jinja2",
             "pyyaml", "orjson", "chinese-calendar")


# A tag no data can hold (control characters are refused by the loader).
_TAG = "\x00"


@cache
def code_fingerprint() -> str:
    """The generator's files (code, templates, theme, assets), the schemas, Python's and the
    libraries' versions: any change starts every part of the cache afresh."""
    digest = hashlib.sha256(sys.version.encode())
    for name in VERSIONED:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}={metadata.version(name)}".encode())
    files = [p for p in sorted(PACKAGE.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    for folder, paths in ((PACKAGE, files), (SCHEMAS, sorted(SCHEMAS.glob("*.json")))):
        for path in paths:
            digest.update(f"{folder.name}/{path.relative_to(folder).as_posix()}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_path(top: Path) -> Path:
    """``.cache/portal/`` under ``top`` (the data repository), where every part reads."""
    return top / ".cache" / "portal"


def cache_root(top: Path) -> Path:
    """``cache_path(top)``, made, with the ``.gitignore`` that keeps it out of git: where every
    part writes."""
    root = cache_path(top)
    root.mkdir(parents=True, exist_ok=True)
    ignore = root / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# portal build cache: never committed\n*\n", encoding="utf-8")
    return root


def notice(message: str) -> None:
    """A one-line notice about the build cache, for whoever runs the build."""
    print(f"portal: 提示：{message}", file=sys.stderr)


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` through a temporary file renamed over it (``OSError`` if not)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _tagged(value: Any) -> Any:
    """What orjson does not write itself (``OPT_PASSTHROUGH_SUBCLASS``), written distinctly."""
    if isinstance(value, Markup):
        return [f"{_TAG}markup", str(value)]
    if isinstance(value, (set, frozenset)):
        return [f"{_TAG}set", *sorted(value)]
    if isinstance(value, (str, int, float)):      # another subclass: its type and value
        return [f"{_TAG}{type(value).__qualname__}", str(value)]
    if isinstance(value, dict):
        return [f"{_TAG}{type(value).__qualname__}", dict(value)]
    raise TypeError(type(value).__qualname__)


def value_digest(value: Any) -> str | None:
    """SHA-256 of ``value`` as orjson writes it; None when ``value`` is not plain data."""
    try:
        text = orjson.dumps(value, default=_tagged, option=orjson.OPT_PASSTHROUGH_SUBCLASS)
    except TypeError:   # orjson.JSONEncodeError: a function, an object, a key that is not text
        return None
    return hashlib.sha256(text).hexdigest()
