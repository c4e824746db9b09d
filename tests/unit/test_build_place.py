"""Putting a site in place: unchanged files keep their time, so a deploy uploads only changes."""

from __future__ import annotations

import os

from generator.build.place import keep_unchanged_times


def test_only_files_byte_for_byte_the_same_keep_the_old_time(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    files = {"same.html": (b"<p>\xe4\xb8\x80</p>", b"<p>\xe4\xb8\x80</p>"),
             "same-size.html": (b"<p>aaaa</p>", b"<p>aaab</p>"),
             "longer.html": (b"<p>a</p>", b"<p>ab</p>"),
             "sub/new.html": (None, b"<p>new</p>")}
    for name, (before, after) in files.items():
        (new / name).parent.mkdir(parents=True, exist_ok=True)
        (new / name).write_bytes(after)
        if before is not None:
            (old / name).parent.mkdir(parents=True, exist_ok=True)
            (old / name).write_bytes(before)
            os.utime(old / name, ns=(1_000_000_000, 1_000_000_000))
    keep_unchanged_times(new, old)
    kept = {name for name in files if (new / name).stat().st_mtime_ns == 1_000_000_000}
    assert kept == {"same.html"}
