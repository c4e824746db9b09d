"""The hand-written pages (the data repository's ``docs/``), copied into the build's docs folder.

The data repository may come from anyone (a pull request, a fork): a symbolic link in it could
point at ``/proc/self/environ``, a key file or anything else outside the repository, and a
plain copy would publish what it points at. So nothing is followed: a link, or anything that is
not a plain file or folder (a named pipe would hang the build), is refused with its name.
Files are opened without following a link (``O_NOFOLLOW``) and checked again once open, so a
link put in place after the check is refused all the same. Names starting with "." are skipped,
as before (editor backups and lock files).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from pathlib import Path

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _refusal(path: Path, what: str) -> str:
    with contextlib.suppress(ValueError):
        path = path.relative_to(Path.cwd())
    return f"{path}: error[docs-{what}]: " + {
        "symlink": "docs/ 中不允许符号链接（为免发布仓库以外的文件），请换成文件本身",
        "special": "docs/ 中只能有普通文件和文件夹",
    }[what]


def _copy_file(source: Path, target: Path) -> bool:
    """Copy one plain file without following a link; False if it is not one (any more)."""
    try:
        fd = os.open(source, os.O_RDONLY | NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:    # a link put in place since the check
            return False
        raise
    with os.fdopen(fd, "rb") as reader:
        if not stat.S_ISREG(os.fstat(reader.fileno()).st_mode):
            return False
        with open(target, "wb") as writer:
            shutil.copyfileobj(reader, writer)
    return True


def copy_handwritten(source: Path, target: Path) -> list[str]:
    """Copy ``source`` (the docs/ folder) into ``target``; the refusals, each naming a file (a
    non-empty list: nothing may be built from the copy)."""
    if source.is_symlink():
        return [_refusal(source, "symlink")]
    refused: list[str] = []
    target.mkdir(parents=True, exist_ok=True)
    with os.scandir(source) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = source / entry.name
        if entry.is_symlink():
            refused.append(_refusal(path, "symlink"))
        elif entry.is_dir(follow_symlinks=False):
            refused.extend(copy_handwritten(path, target / entry.name))
        elif not entry.is_file(follow_symlinks=False) or not _copy_file(path, target / entry.name):
            refused.append(_refusal(path, "special"))
    return refused
