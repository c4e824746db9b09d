"""Every command has Chinese --help text and is documented in the README."""

from __future__ import annotations

import argparse

import pytest

from generator.commands.cli import parser
from tests.conftest import REPO


def _commands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


COMMANDS = sorted(_commands())


def test_the_contract_commands_exist():
    assert {"validate", "check", "build", "export", "serve", "new", "demo"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_is_in_the_readme(name):
    assert f"`portal {name}" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_chinese_help(name, run):
    result = run(name, "--help")
    assert result.code == 0
    assert any("\u4e00" <= c <= "\u9fff" for c in result.out)


ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "show this help message", "error:",
                    "the following arguments", "unrecognized arguments", "invalid choice")


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_none_of_argparses_english_words(name, run):
    result = run(name, "--help")
    assert result.out.startswith("用法：portal") and "显示本帮助并退出" in result.out
    assert [w for w in ARGPARSE_ENGLISH if w in result.out] == []


@pytest.mark.parametrize(("args", "says"), [
    (["build", "--bogus"], "portal：错误：无法识别的参数：--bogus"),
    (["export"], "portal export：错误：缺少必需的参数：--format"),
    (["export", "--format", "zz"], "portal export：错误：参数 --format：无效的选项：'zz'"),
])
def test_usage_errors_are_chinese_and_exit_2(args, says, run):
    result = run(*args)
    assert result.code == 2
    assert says in result.err and [w for w in ARGPARSE_ENGLISH if w in result.err] == []
