"""Every failure of the environment is one Chinese sentence and an exit code, never a traceback:
a folder that cannot be written, a full disk, a file-size limit, a closed pipe, git, Ctrl+C, and
an --as-of outside the dates the calendar can compute."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest

from generator.build import swap_into_place
from tests.conftest import AS_OF, FIXTURES

PORTAL = [sys.executable, "-m", "generator.commands.cli"]


def portal(*args: str, cwd: Path, stdout=subprocess.PIPE, **options) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PORTAL, *args], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, text=True,
                          timeout=300, **options)


def one_sentence(err: str) -> None:
    assert err.startswith("portal: 错误：") and err.count("\n") == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.mark.parametrize(("code", "reason"), [
    (errno.EACCES, "没有权限"), (errno.EROFS, "只读"), (errno.ENOSPC, "磁盘空间已满"),
    (errno.EFBIG, "文件超出允许的大小"), (errno.ENOENT, "不存在"), (errno.EIO, "故障"),
])
def test_an_os_error_is_a_sentence_naming_the_file(run, data_dir, monkeypatch, code, reason):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code), "data/projects/2026-base-pv.yaml")

    monkeypatch.setattr("generator.commands.run.load_dataset", fail)
    result = run("validate", "--data", "data")
    assert result.code == 2
    one_sentence(result.err)
    assert reason in result.err and "data/projects/2026-base-pv.yaml" in result.err


def test_a_file_name_with_control_characters_is_escaped_in_the_sentence(run, data_dir, monkeypatch):
    def fail(*_args, **_kwargs):
        raise OSError(errno.EACCES, "Permission denied", "data/\x1b[31mred\u202eevil\n.yaml")

    monkeypatch.setattr("generator.commands.run.load_dataset", fail)
    result = run("validate", "--data", "data")
    one_sentence(result.err)
    assert "\x1b" not in result.err and "\u202e" not in result.err and "\\u001b[31mred" in result.err


def test_a_git_failure_is_a_sentence(run, data_dir, monkeypatch):
    def fail(*_args, **_kwargs):
        raise git.GitCommandError(["git", "diff"], 128, stderr="fatal: bad object 1234")

    monkeypatch.setattr("generator.changes.changes_since", fail)
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "main")
    assert result.code == 2
    one_sentence(result.err)
    assert "git 命令失败" in result.err and "bad object 1234" in result.err


def test_ctrl_c_is_exit_130_with_a_sentence(run, data_dir, monkeypatch):
    def interrupt(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.commands.run.load_dataset", interrupt)
    result = run("validate", "--data", "data")
    assert result.code == 130
    one_sentence(result.err)
    assert "中断" in result.err


def test_a_build_into_a_folder_that_cannot_be_made_is_a_sentence(run, data_dir):
    result = run("build", "--data", "data", "--out", "/proc/portal-site", "--as-of", AS_OF)
    assert result.code == 2
    one_sentence(result.err)
    assert "/proc/" in result.err


@pytest.mark.parametrize("as_of", ["0001-01-01", "1989-12-31", "2101-01-01", "9999-12-31"])
@pytest.mark.parametrize("command", ["check", "export", "build"])
def test_an_as_of_outside_the_computable_years_is_a_usage_error(run, data_dir, command, as_of):
    extra = ("--format", "json") if command == "export" else ()
    result = run(command, "--data", "data", "--as-of", as_of, *extra)
    assert result.code == 2
    one_sentence(result.err)
    assert "--as-of" in result.err and "1990-01-01" in result.err and "2100-12-31" in result.err


def test_output_to_a_full_disk_is_a_sentence_and_exit_2(tmp_path):
    shutil_copy(tmp_path)
    with open("/dev/full", "w") as full:
        done = portal("export", "--format", "json", "--data", "data", "--as-of", AS_OF,
                      cwd=tmp_path, stdout=full)
    assert done.returncode == 2
    one_sentence(done.stderr)
    assert "磁盘空间已满" in done.stderr


@pytest.mark.parametrize("args", [("validate", "--format", "json"),
                                  ("export", "--format", "json", "--as-of", AS_OF)])
def test_a_closed_pipe_ends_the_command_quietly(tmp_path, args):
    shutil_copy(tmp_path)
    read, write = os.pipe()
    os.close(read)       # the reader is gone before the first byte (like `| head -c 10` after it)
    try:
        done = portal(*args, "--data", "data", cwd=tmp_path, stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == ""


def test_a_file_size_limit_is_a_sentence_and_leaves_no_partial_file(tmp_path):
    shutil_copy(tmp_path)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))   # Python ignores SIGXFSZ: EFBIG

    done = portal("export", "--format", "json", "--data", "data", "--as-of", AS_OF, "--out", "out.json",
                  cwd=tmp_path, preexec_fn=limit)
    assert done.returncode == 2
    one_sentence(done.stderr)
    assert "out.json" in done.stderr and "文件超出允许的大小" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_failed_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    out, new = tmp_path / "site", tmp_path / ".site.building-x"
    out.mkdir()
    (out / "index.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    rename = Path.rename

    def refuse_the_new_site(self, target):
        if self == new:
            raise OSError(errno.EACCES, "Permission denied", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse_the_new_site)
    with pytest.raises(OSError):
        swap_into_place(new, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.building-x", "site"]


def shutil_copy(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "base", tmp_path / "data")
