"""The benchmark suite runs end to end in smoke mode (the full run stays out of CI)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow   # about 30 s: out of the default run (``scripts/test -m slow`` runs it)
def test_the_benchmark_suite_runs_in_smoke_mode_and_prints_every_measure(tmp_path):
    out = tmp_path / "summary.md"
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--smoke", "--out", str(out)],
                            capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    table = out.read_text(encoding="utf-8")
    assert table.strip() in result.stdout
    for measure in ("validate 50 project files", "build 50 projects", "build 200 projects",
                    "build cost 200 / 50 projects", "history", "peak memory, build 200 projects",
                    "bytes per project page (200)", "search-index bytes per project (200)"):
        assert f"| {measure}" in table, measure
    assert not (REPO / "benchmarks" / "results" / "summary.md").exists() or "--smoke" not in (
        REPO / "benchmarks" / "results" / "summary.md").read_text(encoding="utf-8")
