"""Every command has Chinese --help text and is documented in the README."""

from __future__ import annotations

import argparse

import pytest

from generator.cli import parser
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
