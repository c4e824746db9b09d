"""`portal build` ended by SIGTERM (a CI job cancelled, a service stopped): exit 143 with a
sentence, no temporary folder left beside --out or in the temporary directory (the downloads'
child process included), the previous site untouched, and no build cache state to trust."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import AS_OF, REPO
from tests.hostile.conftest import fingerprint


def _wait_for(condition, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the build never got there"
        time.sleep(0.02)


@pytest.mark.parametrize("moment", ["after-2-seconds", "while-mkdocs-writes-the-site"])
def test_sigterm_during_a_build_leaves_no_temporary_folder_and_the_previous_site(tmp_path, moment):
    shutil.copytree(REPO / "data", tmp_path / "data")
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "index.html").write_text("<p>上一次成功生成的网站</p>", encoding="utf-8")
    (site / "downloads" / "projects.json").write_text("{}", encoding="utf-8")
    before = fingerprint(site)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    build = subprocess.Popen(
        [sys.executable, "-m", "generator.commands.cli", "build", "--data", "data", "--out", "site", "--as-of", AS_OF],
        cwd=tmp_path, env={**os.environ, "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if moment == "after-2-seconds":
            time.sleep(2)
        else:
            work = tmp_path / ".cache" / "portal" / "site" / "public" / "site"
            _wait_for(lambda: any(tmp_path.glob(".site.building-*")) or any(work.glob("*.html")))
        assert build.poll() is None, "the build ended before the signal"
        build.send_signal(signal.SIGTERM)
        _, err = build.communicate(timeout=120)
    finally:
        build.kill()
        build.wait()
    assert build.returncode == 143, err
    assert "SIGTERM" in err and "Traceback" not in err
    # The build cache stays, but with no state: the next build does not trust its half work.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "data", "site", "tmp"]
    assert not (tmp_path / ".cache" / "portal" / "site" / "public" / "state.json").exists()
    assert [p.name for p in temporary.iterdir() if p.name.startswith("portal-")] == []
    assert fingerprint(site) == before
