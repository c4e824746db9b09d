"""Clean parses kept between loads: the data of every file that parsed without a finding, by the
SHA-256 of its bytes, as JSON text.

A load that meets the same bytes again takes the data from here instead of parsing the YAML
(a JSON text is read in C, a YAML file through a Python event loop). Worth it: loading 1,000
demo projects in a warm ``portal build`` took 0.32 s instead of 1.62 s, 12 % of that rebuild
(10.9 s; one build each, phase by phase, 2026-12-04). Kept in the process by ``portal serve`` (``build.Session``)
and, for ``portal build`` with its cache, in ``.cache/portal/parsed.jsonl`` beside the others
(``generator.buildcache``): JSON, not pickle, so that a cache restored by CI can hold data but
never code. The file starts with a line naming its format and the tool's ``code_fingerprint``;
then each entry is two lines, its key and its data. A file of another version, or one that
cannot be read, is ignored with a one-line notice, and rewritten.

Only data whose JSON text reads back equal is kept (a NaN or an integer beyond 64 bits is
parsed again each time). Each ``get`` reads the text afresh, so nothing a load does to its data
reaches the next one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from ..buildcache import cache_path, cache_root, code_fingerprint, notice, write_atomically

FORMAT = 1
FILE = "parsed.jsonl"


def parse_key(raw: bytes) -> str:
    """A file's bytes decide its data, whatever its name: their SHA-256."""
    return hashlib.sha256(raw).hexdigest()


class Parsed:
    """Clean parses by ``parse_key``; ``save`` writes those used since ``open``."""

    def __init__(self, texts: dict[str, bytes] | None = None) -> None:
        self.texts = texts if texts is not None else {}
        self.used: set[str] = set()
        self.added = False

    def get(self, key: str) -> Any:
        """The data kept for ``key``, as a new object; None if none is kept."""
        text = self.texts.get(key)
        if text is None:
            return None
        self.used.add(key)
        return orjson.loads(text)

    def put(self, key: str, data: Any) -> None:
        try:
            text = orjson.dumps(data)
        except TypeError:        # orjson.JSONEncodeError: an integer beyond 64 bits
            return
        if orjson.loads(text) != data:   # a NaN (written as null)
            return
        self.texts[key] = text
        self.used.add(key)
        self.added = True

    def forget_unused(self) -> None:
        """Keep only the parses used since the last call (a long preview session would
        otherwise keep every version of every file it saw)."""
        self.texts = {key: self.texts[key] for key in self.used}
        self.used = set()

    @classmethod
    def open(cls, top: Path) -> Parsed:
        """What ``save`` left under ``top``'s ``.cache/portal/``; empty if nothing usable."""
        path = cache_path(top) / FILE
        try:
            lines = path.read_bytes().split(b"\n")
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            notice(f"解析缓存 {path} 无法读取（{exc.strerror}），已忽略")
            return cls()
        try:
            if orjson.loads(lines[0]) != {"format": FORMAT, "code": code_fingerprint()}:
                return cls()     # another version of the tool: its parses may differ
            pairs = lines[1:-1]
            if len(pairs) % 2 or lines[-1]:
                raise ValueError("truncated")
            keys = [orjson.loads(k) for k in pairs[0::2]]
            if not all(isinstance(k, str) for k in keys):
                raise ValueError("not a key")
        except ValueError as exc:   # orjson.JSONDecodeError too
            notice(f"解析缓存 {path} 已损坏（{exc}），已忽略并重新生成")
            return cls()
        return cls(dict(zip(keys, pairs[1::2], strict=True)))

    def save(self, top: Path) -> None:
        """Keep the parses this process used or added, if that changed anything; a failure
        only costs the next build its head start."""
        if not self.added and self.used == self.texts.keys():
            return
        lines = [orjson.dumps({"format": FORMAT, "code": code_fingerprint()})]
        for key in sorted(self.used):
            lines += [orjson.dumps(key), self.texts[key]]
        try:
            write_atomically(cache_root(top) / FILE, b"\n".join(lines) + b"\n")
        except OSError as exc:
            notice(f"解析缓存无法写入（{exc.strerror}），下次构建将重新解析")
