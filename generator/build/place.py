"""Putting a finished site in place: the checks on ``--out``, the offline search script, the
modification times of unchanged files, and the swap that replaces the old site at once."""

from __future__ import annotations

import filecmp
import os
import secrets
import shutil
from pathlib import Path

from ..edge import signals_held
from ..findings import PortalError


def offline_search_index(site: Path) -> None:
    """``search/search_index.js``: the search index as a script, which Material's search loads
    instead of the JSON when the site is opened from a folder (file://, where a page may not
    fetch files); its worker runs there through the vendored iframe-worker shim."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        (site / "search" / "search_index.js").write_bytes(b"var __index = " + index.read_bytes())


def check_out_dir(out: Path, data_dir: Path) -> None:
    """Refuse to replace a folder that is not a site (``--out .`` or ``--out data``)."""
    target = out.resolve()
    for precious in (data_dir.resolve(), Path.cwd().resolve()):
        if target == precious or target in precious.parents:
            raise PortalError(f"--out {out} 会覆盖数据或当前文件夹，请指定单独的输出文件夹（如 site）")
    if target.exists() and (not target.is_dir() or (any(target.iterdir())
                                                    and not (target / "index.html").exists())):
        raise PortalError(f"--out {out} 已存在且不是生成的网站，为免误删，请换一个输出文件夹")


def swap_into_place(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new`` with two renames on the same file system. Signals wait until
    both are done (a site is never half swapped), and a failed second rename puts the old
    site back."""
    old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
    with signals_held():
        if out.exists():
            out.rename(old)
        try:
            new.rename(out)
        except BaseException:
            if old.exists():
                old.rename(out)
            raise
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)


def point(link: Path, target: Path) -> None:
    """Make ``link`` a symbolic link to ``target``: replaced at once when it already is one."""
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    temporary = link.parent / f".{link.name}.link-{secrets.token_hex(4)}"
    os.symlink(target, temporary)
    os.replace(temporary, link)


def keep_unchanged_times(new: Path, old: Path) -> None:
    """Give every file of the ``new`` site that is byte for byte the same as in the ``old``
    one the old file's modification time, so that a deploy by rsync or to an object store
    uploads only what changed."""
    for folder, _, names in os.walk(new):
        for name in names:
            path = Path(folder, name)
            before = old / path.relative_to(new)
            try:
                was, now = before.stat(), path.stat()
                if was.st_mtime_ns == now.st_mtime_ns:
                    continue
                # compared a few KB at a time: a site's thousands of pages never in memory
                if (before.is_symlink() or was.st_size != now.st_size
                        or not filecmp.cmp(before, path, shallow=False)):
                    continue
            except OSError:     # not in the old site (or not readable): a new file
                continue
            os.utime(path, ns=(was.st_atime_ns, was.st_mtime_ns))
    filecmp.clear_cache()
