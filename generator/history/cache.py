"""What comparing two versions of a project file found, kept between builds.

A revision's changes depend only on its two blobs (by id, so by content), the names its texts
use, the audience and the code and schema that compare them: the cache is keyed by the blob
pair, in a file whose name is the hash of everything else (``context``). The log is read in
full every build, so the order and the commit metadata are always git's own; only the
comparing (fetching both versions, cutting, parsing, diffing) is skipped for a known pair.

The file lives in the data repository at ``.cache/portal/history/`` (ignored by git, like the
whole cache: ``buildcache.cache_root``). A missing, unreadable or malformed file is ignored with
a one-line notice and rewritten; it is never trusted beyond its shape: every entry is checked
as it is read back. Written atomically (a temporary file renamed over it).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any

from ..buildcache import cache_path, cache_root, code_fingerprint, notice, write_atomically
from .model import Change

FORMAT = 1          # bump when the stored shape changes
KEEP_FILES = 4      # contexts kept (public and internal builds, and the previous code's)
FOLDER = "history"  # under the cache root (``buildcache.cache_path``)


@dataclass(frozen=True)
class Compared:
    """What comparing one blob pair found (a ``Revision`` without its commit)."""

    changes: tuple[Change, ...]
    hidden: int
    unreadable: bool
    name: str | None
    unit: str | None
    too_large: bool


def context(names: Any, audience: str) -> str:
    """The file name's hash: format, code, schemas, audience and the names texts use."""
    shown = asdict(names) if is_dataclass(names) and not isinstance(names, type) else names
    text = json.dumps([FORMAT, code_fingerprint(), audience, shown], ensure_ascii=False, sort_keys=True,
                      default=dict)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def pair_key(status: str, old_blob: str | None, new_blob: str | None) -> str:
    return f"{status}:{old_blob or ''}:{new_blob or ''}"


def _change(raw: Any) -> Change:
    path, key_path, kind, label, before, after, text = raw
    if not (isinstance(path, list) and all(isinstance(p, str) for p in path)
            and kind in ("added", "removed", "changed")
            and all(isinstance(s, str) for s in (key_path, label, text))):
        raise ValueError("malformed change")
    return Change(tuple(path), key_path, kind, label, before, after, text)


def _compared(raw: Any) -> Compared:
    changes, hidden, unreadable, name, unit, too_large = raw
    if not (isinstance(changes, list) and isinstance(hidden, int) and isinstance(unreadable, bool)
            and isinstance(too_large, bool) and all(x is None or isinstance(x, str) for x in (name, unit))):
        raise ValueError("malformed entry")
    return Compared(tuple(_change(c) for c in changes), hidden, unreadable, name, unit, too_large)


def _stored(found: Compared) -> list[Any]:
    return [[[list(c.path), c.key_path, c.kind, c.label_zh, c.before, c.after, c.text_zh]
             for c in found.changes], found.hidden, found.unreadable, found.name, found.unit, found.too_large]


class PairCache:
    """The known blob pairs of one context; ``get`` while reading, ``put`` what was compared,
    ``save`` once at the end (only when something was added)."""

    def __init__(self, top: Path, context_id: str) -> None:
        self.top = top
        self.folder = pairs_folder(top)
        self.path = self.folder / f"{context_id}.json.gz"
        self.known: dict[str, Any] = {}
        self.added: dict[str, Compared] = {}
        self.hits = 0
        if not self.path.exists():
            return
        try:
            stored = json.loads(gzip.decompress(self.path.read_bytes()))
            if not isinstance(stored, dict) or stored.get("format") != FORMAT \
                    or not isinstance(stored.get("pairs"), dict):
                raise ValueError("not a cache file of this version")
            self.known = stored["pairs"]
        except (OSError, EOFError, ValueError, UnicodeError) as exc:
            notice(f"历史缓存 {self.path.name} 无法读取（{type(exc).__name__}），已忽略并重新生成")

    def get(self, key: str) -> Compared | None:
        raw = self.known.get(key)
        if raw is None:
            return None
        try:
            found = _compared(raw)
        except (ValueError, TypeError):
            del self.known[key]
            notice("历史缓存中有一条记录格式不对，已忽略并重新比较")
            return None
        self.hits += 1
        return found

    def put(self, key: str, found: Compared) -> None:
        self.added[key] = found

    def save(self) -> None:
        """Write the pairs (known and added) atomically; a failure only costs the next build
        its head start."""
        if not self.added:
            return
        pairs = {**self.known, **{k: _stored(v) for k, v in self.added.items()}}
        try:
            (cache_root(self.top) / FOLDER).mkdir(exist_ok=True)
            text = json.dumps({"format": FORMAT, "pairs": pairs}, ensure_ascii=False).encode()
            write_atomically(self.path, gzip.compress(text, compresslevel=1, mtime=0))
            _prune(self.folder, keep=self.path)
        except OSError as exc:
            notice(f"历史缓存无法写入（{exc.strerror}），下次构建将重新比较")


def _prune(folder: Path, keep: Path) -> None:
    """Keep the newest ``KEEP_FILES`` contexts (the one just written among them)."""
    files = sorted(folder.glob("*.json.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [f for f in files if f != keep][KEEP_FILES - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()


def pairs_folder(top: Path) -> Path:
    """Where the compared pairs of the data repository ``top`` are kept."""
    return cache_path(top) / FOLDER


def open_cache(top: Path, names: Any, audience: str) -> PairCache:
    return PairCache(top, context(names, audience))


