"""Benchmark (issue #11): what a county office waits for, as ratios to a plain MkDocs-Material
build of the same number of minimal pages (the "floor"), all measured in one run.

    .venv/bin/python benchmarks/bench_rebuild.py [--projects 1000] [--commits 30] [--seed 1]
        [--keep]

Rows (goal in brackets): a cold build with an empty cache (<= 4.0x the floor); a rebuild after
one committed project change with the cache warm (<= 1.0x, stretch 0.5x); ``portal serve``
from saving a project file to the rebuilt page (<= 0.6x). The history
comparisons are also timed alone, cold and warm, to show what the cache buys there. Each
command runs as a fresh process, as CI and a clerk run it. Writes
``benchmarks/results/rebuild.txt``; exits 0 when every row meets its goal, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_build import plain_site, portal, run_process
from generator.history import read_history

RESULTS = Path(__file__).resolve().parent / "results" / "rebuild.txt"
AS_OF = "2026-12-03"
GOALS = {"cold": 4.0, "warm": 1.0, "serve": 0.6}
# ``portal serve`` in its own process: the first build, then one saved project file; prints the
# seconds from the save until the rebuilt site is in place.
SERVE = """
import io, sys, time, datetime as dt
from pathlib import Path
from generator.commands.serve import PreviewServer
data, day = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
server = PreviewServer(data, day, port=0, stream=io.StringIO())
try:
    assert server.rebuild().ok
    project = sorted((data / "projects").glob("*.yaml"))[1]
    text = project.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("name: "))
    project.write_text(text.replace(line, line + "（预览）", 1), encoding="utf-8")
    started = time.perf_counter()
    assert server.check_once() and server.failure is None
    seconds = time.perf_counter() - started
    assert "（预览）" in (server.out / "projects" / (project.stem + ".html")).read_text(encoding="utf-8")
    project.write_text(text, encoding="utf-8")
    print(seconds)
finally:
    server.httpd.server_close()
"""


def commit_one_change(repo: Path) -> str:
    """One clerk's change to one project file, committed: a project's name gets a suffix."""
    project = sorted((repo / "data" / "projects").glob("*.yaml"))[0]
    text = project.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("name: "))
    project.write_text(text.replace(line, line + "（更名）", 1), encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    subprocess.run(["git", "commit", "-q", "-am", "修改项目名称"], cwd=repo, check=True, env=env)
    return project.stem


def history_seconds(data: Path, cache: bool) -> float:
    started = time.perf_counter()
    read_history(data, cache=cache)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-rebuild-"))
    try:
        repo = work / "demo"
        subprocess.run([*portal(), "demo", "--projects", str(args.projects), "--out", str(repo),
                        "--seed", str(args.seed), "--commits", str(args.commits)], check=True,
                       stdout=subprocess.DEVNULL)
        build = [*portal(), "build", "--data", str(repo / "data"), "--as-of", AS_OF]
        floor = run_process([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                             str(plain_site(work / "plain", args.projects)), "-d", str(work / "plain-site")])
        history_cold = history_seconds(repo / "data", cache=False)
        history_seconds(repo / "data", cache=True)                  # fills the history's cache
        cold = run_process([*build, "--out", str(work / "cold"), "--no-cache"])
        run_process([*build, "--out", str(work / "site")])          # fills the build's cache
        changed = commit_one_change(repo)
        history_warm_one = history_seconds(repo / "data", cache=True)   # known pairs + the change
        warm = run_process([*build, "--out", str(work / "site")])
        serve = float(subprocess.run([sys.executable, "-c", SERVE, str(repo / "data"), AS_OF], check=True,
                                     capture_output=True, text=True).stdout.split()[-1])
        rows = [("cold build, empty cache", "cold", cold.seconds),
                ("rebuild after one committed project change, cache warm", "warm", warm.seconds),
                ("portal serve: save a project file -> the page shows it", "serve", serve)]
        lines = [
            f"portal build vs plain MkDocs-Material ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
            f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
            f"load average at end {os.getloadavg()[0]:.2f}",
            f"demo: {args.projects} projects, {args.commits} commits, seed {args.seed}; changed: {changed}",
            f"floor (plain MkDocs-Material, {args.projects} minimal pages): {floor.seconds:.2f} s",
            f"history alone: {history_cold:.2f} s without the cache, {history_warm_one:.2f} s with it "
            f"after one new commit ({history_cold / max(history_warm_one, 1e-9):.1f}x faster)",
            "",
            f"{'what':<58}{'seconds':>9}{'ratio':>8}{'goal':>7}  result",
        ]
        ok = True
        for label, key, seconds in rows:
            ratio = seconds / floor.seconds
            passed = ratio <= GOALS[key]
            ok &= passed
            lines.append(f"{label:<58}{seconds:>9.2f}{ratio:>8.2f}{GOALS[key]:>7.1f}  "
                         f"{'PASS' if passed else 'FAIL'}")
        report = "\n".join(lines)
        print(report)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report + "\n", encoding="utf-8")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
