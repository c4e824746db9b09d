"""Reading data files from disk: regular files within the size limit, never a symlink."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..findings import Finding
from ..limits import MAX_FILE_BYTES
from .document import Document, display_path, parse
from .parsed import Parsed, parse_key
from .reader import FATAL, LoadError, decode


def symlink_finding(path: Path) -> Finding:
    """A symlink among the data is never followed: it could point anywhere on the machine."""
    return Finding(display_path(path), 1, 1, "symlink",
                   f"{path.name} 是符号链接，出于安全原因不予读取：请改为普通文件或文件夹")


def read_data_file(path: Path, display: str) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``; never a symlink's target
    (it could point anywhere on the machine that runs the check) and never a FIFO or device
    (reading one would hang). Raises ``LoadError`` with the finding."""
    def refuse(code: str, message: str) -> LoadError:
        return LoadError([Finding(display, 1, 1, code, message)])

    too_large = f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB 上限：请拆分或精简"
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            raise LoadError([symlink_finding(path)])
        if not stat.S_ISREG(info.st_mode):
            raise refuse("not-a-file", "这不是普通文件（文件夹或设备），不予读取：请改为普通的 YAML 文件")
        if info.st_size > MAX_FILE_BYTES:
            raise refuse("file-too-large", f"文件大小 {info.st_size} 字节，{too_large}")
        # O_NOFOLLOW and the regular-file check on the open descriptor close the gap between
        # lstat and open (a file swapped for a link or a FIFO in between).
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        with os.fdopen(os.open(path, flags | getattr(os, "O_BINARY", 0)), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise refuse("not-a-file", "这不是普通文件，不予读取：请改为普通的 YAML 文件")
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise refuse("unreadable", f"无法读取文件：{exc.strerror}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise refuse("file-too-large", too_large)
    return raw


def load_file(path: Path, parsed: Parsed | None = None) -> tuple[Document | None, list[Finding]]:
    """Read one data file strictly. Returns the document (None if unreadable) and findings.
    ``parsed``: clean parses of earlier loads (``load.parsed``), reused and extended."""
    display = display_path(path)
    doc = Document(path=path, display=display, data=None)
    try:
        raw = read_data_file(path, display)
    except LoadError as exc:
        return None, exc.findings
    key = parse_key(raw) if parsed is not None else ""
    kept = parsed.get(key) if parsed is not None else None
    if kept is not None:
        doc.data, doc.source = kept, raw
        return doc, []
    try:
        text = decode(raw, display)
    except LoadError as exc:
        return None, exc.findings
    findings = parse(text, doc)
    doc.source = raw  # the same text, in a third less memory
    if parsed is not None and not findings and isinstance(doc.data, dict):
        parsed.put(key, doc.data)
    if any(f.code in FATAL for f in findings):
        return None, findings
    if doc.data is None:
        return None, [*findings, Finding(display, 1, 1, "empty-file",
                                         "文件没有内容（只有注释或空值）")]
    if not isinstance(doc.data, dict):
        line, col = doc.mark(())
        return None, [*findings, Finding(display, line, col, "not-a-mapping",
                                         "文件的顶层必须是“键: 值”的映射，而不是列表或单个值")]
    return doc, findings
