"""`portal check --base REF` in a shallow clone (how most CI systems check out): when REF, or
where the branch left it, lies beyond the shallow history, a sentence says so and how to fetch
the history (exit 2), instead of a traceback or a silent comparison with the wrong commit."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import AS_OF, FIXTURES

ENV = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.invalid",
       "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.invalid"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """main: three commits; feature: one commit on top of the first."""
    repo = tmp_path / "origin"
    shutil.copytree(FIXTURES / "base", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "data")
    git(repo, "commit", "-qm", "初始数据")
    git(repo, "branch", "feature")
    for n in (1, 2):
        with (repo / "data" / "units.yaml").open("a", encoding="utf-8") as units:
            units.write(f"# 第 {n} 次修改\n")
        git(repo, "commit", "-qam", f"修改 {n}")
    git(repo, "checkout", "-q", "feature")
    with (repo / "data" / "leaders.yaml").open("a", encoding="utf-8") as leaders:
        leaders.write("# 功能分支\n")
    git(repo, "commit", "-qam", "功能分支")
    git(repo, "checkout", "-q", "main")
    return repo


def shallow_clone(origin: Path, target: Path, branch: str) -> Path:
    git(target.parent, "clone", "-q", "--depth", "1", "--branch", branch, f"file://{origin}", str(target))
    return target


def test_a_base_beyond_a_shallow_history_says_how_to_fetch_it(run, origin, tmp_path, monkeypatch):
    clone = shallow_clone(origin, tmp_path / "ci", "main")
    monkeypatch.chdir(clone)
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "HEAD~1")
    assert result.code == 2, result.out + result.err
    assert "浅克隆" in result.err and "git fetch --unshallow" in result.err and "fetch-depth: 0" in result.err
    assert "HEAD~1" in result.err and result.err.count("\n") == 1 and "Traceback" not in result.err


def test_a_base_whose_fork_point_is_beyond_a_shallow_history_is_not_compared_silently(
        run, origin, tmp_path, monkeypatch):
    clone = shallow_clone(origin, tmp_path / "ci", "feature")
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    monkeypatch.chdir(clone)
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "origin/main")
    assert result.code == 2, result.out + result.err
    assert "浅克隆" in result.err and "共同祖先" in result.err and "fetch-depth: 0" in result.err


def test_the_same_base_in_a_full_clone_is_checked(run, origin, tmp_path, monkeypatch):
    git(tmp_path, "clone", "-q", "--branch", "feature", f"file://{origin}", str(tmp_path / "full"))
    monkeypatch.chdir(tmp_path / "full")
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "origin/main")
    assert result.code in (0, 1) and "浅克隆" not in result.err, result.err
    assert "检查了" in result.out
