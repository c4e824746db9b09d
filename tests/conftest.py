"""Shared fixtures: a copy of the small valid data folder, and the CLI run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.commands.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
AS_OF = "2026-11-26"  # every date-dependent test is pinned to this day


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/base (a small, valid data folder)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", target)
    return target


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> Callable[..., Result]:
    """Run ``portal ARGS`` in-process from tmp_path and capture exit code and output."""
    monkeypatch.chdir(tmp_path)

    def _run(*args: str) -> Result:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run
