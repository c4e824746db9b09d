"""The downloads are made by a child process while the pages are rendered and built
(``generator.build.publish.Downloads``, ``generator.build.background``): the same files as in-process, the
real sizes on the 数据下载 page, and a child that fails, dies or is left behind never hangs the
build nor replaces the last good site."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

import generator.build.background as background
import generator.build.publish as publish
from generator.build import build_site
from generator.pipeline import load_and_evaluate
from generator.render.downloads import DOWNLOADS, size_text
from tests.acceptance.sitecheck import read
from tests.conftest import AS_OF, FIXTURES

pytestmark = pytest.mark.skipif(not background.can_fork(), reason="fork is not available here")


@pytest.fixture(scope="module")
def evaluated():
    result = load_and_evaluate(FIXTURES / "base", dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    return result.records, result.facts


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_child_writes_the_same_files_as_the_build_process_itself(evaluated, tmp_path):
    records, facts = evaluated
    forked = publish.Downloads.start(records, facts, None, tmp_path / "forked", fork=True)
    assert forked.work.running                   # really in another process
    inline = publish.Downloads.start(records, facts, None, tmp_path / "inline", fork=False)
    assert not inline.work.running
    assert forked.finish() == inline.finish() == {
        path: len(data) for path, data in _files(tmp_path / "inline").items()}
    assert _files(tmp_path / "forked") == _files(tmp_path / "inline")
    assert sorted(_files(tmp_path / "inline")) == sorted(d.path for d in DOWNLOADS)


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not background.can_fork()
    finally:
        stop.set()
        thread.join()


def _failing_export(kind: str):
    parent = os.getpid()
    original = publish.write_export

    def write_export(fmt, *args, **kwargs):
        if fmt == "xlsx":
            if kind == "dies" and os.getpid() != parent:
                os._exit(3)                        # the child vanishes without a word
            if kind == "hangs" and os.getpid() != parent:
                time.sleep(600)
            raise RuntimeError("磁盘已满")
        return original(fmt, *args, **kwargs)

    return write_export


def test_a_dying_child_is_reported_not_waited_for(evaluated, tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "write_export", _failing_export("dies"))
    records, facts = evaluated
    downloads = publish.Downloads.start(records, facts, None, tmp_path, fork=True)
    with pytest.raises(publish.PortalError, match="子进程意外结束（退出码 3）"):
        downloads.finish()


def test_stop_ends_a_child_that_is_still_working(evaluated, tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "write_export", _failing_export("hangs"))
    records, facts = evaluated
    downloads = publish.Downloads.start(records, facts, None, tmp_path, fork=True)
    process = downloads.work.process
    assert process is not None and process.is_alive()
    started = time.monotonic()
    downloads.stop()
    assert not process.is_alive() and time.monotonic() - started < 10


def _build(root: Path) -> Path:
    if not (root / "data").exists():
        shutil.copytree(FIXTURES / "base", root / "data")
    result = build_site(root / "data", root / "site", dt.date.fromisoformat(AS_OF))
    assert result.ok, "\n".join(result.errors)
    return root / "site"


def test_the_downloads_page_shows_the_sizes_of_the_files_in_the_site(tmp_path):
    site = _build(tmp_path)
    table = read(site, "downloads.html").table("portal-downloads")
    sizes = [row[2] for row in table.rows]
    assert sizes == [size_text((site / d.path).stat().st_size) for d in DOWNLOADS]
    assert "portal-stash" not in (site / "downloads.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["fails", "dies"])
def test_a_failed_download_fails_the_build_and_keeps_the_last_site(kind, tmp_path, monkeypatch):
    site = _build(tmp_path)
    before = _files(site)
    monkeypatch.setattr(publish, "write_export", _failing_export(kind))
    result = build_site(tmp_path / "data", site, dt.date.fromisoformat(AS_OF))
    assert not result.ok
    expected = "生成下载文件时出错：RuntimeError: 磁盘已满" if kind == "fails" else "子进程意外结束"
    assert expected in result.errors[0]
    assert _files(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []   # no staging left


def test_a_failed_download_fails_the_build_in_process_too(tmp_path, monkeypatch):
    monkeypatch.setattr(background, "can_fork", lambda: False)
    monkeypatch.setattr(publish, "write_export", _failing_export("fails"))
    shutil.copytree(FIXTURES / "base", tmp_path / "data")
    result = build_site(tmp_path / "data", tmp_path / "site", dt.date.fromisoformat(AS_OF))
    assert not result.ok and "生成下载文件时出错：RuntimeError: 磁盘已满" in result.errors[0]
    assert not (tmp_path / "site").exists()
