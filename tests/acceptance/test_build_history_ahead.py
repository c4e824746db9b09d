"""A build's history is read by a child process while the build loads, validates and evaluates
(``generator.build.ahead``): the history it hands over is the one the build would read itself,
it is not used when read with other names, and a child that fails or dies costs only time."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.build.ahead as ahead
import generator.build.background as background
import generator.build.publish as publish
from generator.build import build_site
from generator.build.publish import site_history
from generator.pipeline import load_and_evaluate
from tests.acceptance.test_build_history import _repo
from tests.conftest import AS_OF, REPO

pytestmark = pytest.mark.skipif(not background.can_fork(), reason="fork is not available here")
DAY = dt.date.fromisoformat(AS_OF)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The history test repository, its history's cache filled (a rebuild's)."""
    root = _repo(tmp_path_factory.mktemp("ahead") / "repo")
    for audience in ("public", "internal"):
        site_history(root / "data", _records(root / "data"), audience, cache=True)
    return root


def _records(data: Path):
    result = load_and_evaluate(data, DAY)
    assert result.records is not None
    return result.records


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_the_child_reads_the_history_the_build_would_read_itself(repo, audience):
    started = ahead.HistoryAhead.start(repo / "data", audience, cache=True)
    assert started is not None and started.work.running          # really in another process
    records = _records(repo / "data")
    history = started.history(records)
    assert history is not None and history.status == "ok" and history.revisions
    assert history == site_history(repo / "data", records, audience)


def test_a_history_read_with_other_names_is_not_used(repo, tmp_path):
    started = ahead.HistoryAhead.start(repo / "data", "public", cache=True)
    assert started is not None
    renamed = tmp_path / "data"                    # a unit renamed while the child was reading
    shutil.copytree(repo / "data", renamed)
    units = renamed / "units.yaml"
    text = units.read_text(encoding="utf-8")
    assert "short_name: 商工局" in text
    units.write_text(text.replace("short_name: 商工局", "short_name: 商务局", 1), encoding="utf-8")
    assert started.history(_records(renamed)) is None
    assert not started.into.exists()                # the child's file is gone either way
    again = ahead.HistoryAhead.start(repo / "data", "public", cache=True)
    assert again is not None and again.history(_records(repo / "data")) is not None
    assert not again.into.exists()


def test_a_child_that_dies_costs_only_time_and_the_site_is_the_same(repo, tmp_path, monkeypatch):
    read_here: list[str] = []       # histories the build process read itself

    def counted(*args, **kwargs):
        read_here.append("read")
        return site_history(*args, **kwargs)

    monkeypatch.setattr(publish, "site_history", counted)
    built = build_site(repo / "data", tmp_path / "with", DAY, cache=True)
    assert built.ok, built.errors
    assert read_here == []                                                     # the child's
    monkeypatch.setattr(ahead, "site_history", lambda *a, **k: os._exit(3))   # in the child only
    again = build_site(repo / "data", tmp_path / "died", DAY, cache=True)
    assert again.ok, again.errors
    assert read_here == ["read"]
    monkeypatch.setattr(ahead, "can_fork", lambda: False)                      # no child at all
    alone = build_site(repo / "data", tmp_path / "alone", DAY, cache=True)
    assert alone.ok, alone.errors
    assert read_here == ["read", "read"]
    site = tree(tmp_path / "with")
    assert "修订记录" in site["projects/2026-base-pv.html"].decode("utf-8")
    for other in ("died", "alone"):
        found = tree(tmp_path / other)
        assert found.keys() == site.keys()
        assert [path for path in site if site[path] != found[path]] == []


def test_a_history_read_from_scratch_stays_in_the_build_process(tmp_path):
    """No child for a cold build: beside the downloads' child its memory would add to the peak."""
    root = _repo(tmp_path / "repo")
    assert ahead.HistoryAhead.start(root / "data", "public", cache=True) is None     # nothing cached yet
    site_history(root / "data", _records(root / "data"), "public", cache=True)
    assert ahead.HistoryAhead.start(root / "data", "public", cache=False) is None    # --no-cache
    started = ahead.HistoryAhead.start(root / "data", "public", cache=True)
    assert started is not None
    started.stop()
    assert not started.into.exists()


def test_tables_the_build_refuses_end_in_its_findings_not_in_a_traceback(tmp_path):
    shutil.copytree(REPO / "data", tmp_path / "data")
    calendar = tmp_path / "data" / "calendar.yaml"         # a day that does not exist
    calendar.write_text(calendar.read_text(encoding="utf-8").replace(
        "years: []", "years:\n  - year: 2027\n    source: 测试\n    holidays: [2027-02-30]\n    workdays: []"),
        encoding="utf-8")
    assert ahead._read(tmp_path / "data", "public", False, tmp_path / "h") is None      # the child's work: no raise
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    done = subprocess.run([sys.executable, "-m", "generator.commands.cli", "build", "--data",
                           str(tmp_path / "data"), "--out", str(tmp_path / "site"), "--as-of", AS_OF],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1
    assert "calendar.yaml:" in done.stdout + done.stderr and "error[" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
