"""Benchmark: the audit trail costs at most 3x a plain ``git log --name-only``.

"With ``portal demo --projects 1000`` and 24,000 commits of history, reading the history for
all projects costs no more than 3 times a plain ``git log --name-only`` over the same
repository, measured in one run."

    .venv/bin/python benchmarks/bench_history.py [--projects 1000] [--commits 24000]
        [--seed 1] [--repeat 3] [--repo DIR] [--keep]

The repository comes from ``portal demo`` (the console script; if the command is not there,
the ``generator.demo`` module in-process). ``--repo DIR`` reuses a repository made earlier.
Both timings are taken in the same run on the same repository, alternating, best of
``--repeat``, so a busy machine slows both alike. Writes ``benchmarks/results/history.txt``
and exits 0 on PASS, 1 on FAIL, 2 when no demo repository can be made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.history import read_history

LIMIT = 3.0
RESULTS = Path(__file__).resolve().parent / "results" / "history.txt"


def make_repository(out: Path, projects: int, commits: int, seed: int) -> str:
    """Create the demo repository; returns how it was made (for the report)."""
    portal = Path(sys.executable).with_name("portal")
    command = [str(portal if portal.exists() else shutil.which("portal") or "portal"), "demo",
               "--projects", str(projects), "--commits", str(commits), "--seed", str(seed),
               "--out", str(out)]
    probe = subprocess.run([command[0], "demo", "--help"], capture_output=True, text=True)
    if probe.returncode == 0:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return " ".join(["portal", *command[1:]])
    try:  # the command is not wired into the CLI yet: call the module it will run
        from generator.demo import make_demo
    except ImportError as exc:
        raise SystemExit(f"portal demo is not available yet ({exc}); "
                         "pass --repo DIR to benchmark an existing repository") from exc
    make_demo(out, projects, seed=seed, commits=commits)
    return f"generator.demo.make_demo(projects={projects}, seed={seed}, commits={commits})" \
           " (portal demo not in the CLI yet)"


def cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its finished children (git)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def git_log_run(repo: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``git log --name-only``."""
    before, start = cpu(), time.perf_counter()
    subprocess.run(["git", "log", "--name-only"], cwd=repo, check=True, stdout=subprocess.DEVNULL)
    after = cpu()
    return time.perf_counter() - start, after[1] - before[1]


def history_run(repo: Path) -> tuple[float, float, float, int, int, str]:
    """Wall seconds, CPU seconds (Python, git children) and what was read."""
    before, start = cpu(), time.perf_counter()
    history = read_history(repo / "data")
    seconds, after = time.perf_counter() - start, cpu()
    return (seconds, after[0] - before[0], after[1] - before[1], len(history.revisions),
            len(history.by_project), history.status)


# benchmarks/run.py reuses these two by name, with these signatures.
def git_log_seconds(repo: Path) -> float:
    return git_log_run(repo)[0]


def history_seconds(repo: Path) -> tuple[float, int, int, str]:
    seconds, _, _, revisions, projects, status = history_run(repo)
    return seconds, revisions, projects, status


def git_output(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=24000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repo", type=Path, help="an existing repository (with data/) to measure")
    parser.add_argument("--keep", action="store_true", help="keep the generated repository")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-history-"))
    try:
        if args.repo is not None:
            repo, source = args.repo.resolve(), f"existing repository {args.repo}"
        else:
            repo = workdir / "demo"
            started = time.perf_counter()
            source = make_repository(repo, args.projects, args.commits, args.seed)
            source += f", generated in {time.perf_counter() - started:.1f} s"
        commits = int(git_output(repo, "rev-list", "--count", "HEAD"))
        files = len(list((repo / "data" / "projects").glob("*.yaml")))
        git_runs, history_runs = [], []
        load = os.getloadavg()[0]
        for _ in range(max(args.repeat, 1)):
            git_runs.append(git_log_run(repo))
            seconds, own_cpu, git_cpu, revisions, projects, status = history_run(repo)
            history_runs.append((seconds, own_cpu, git_cpu))
        git_times = [wall for wall, _ in git_runs]
        history_times = [wall for wall, _, _ in history_runs]
        git_best, history_best = min(git_times), min(history_times)
        best = min(history_runs)
        ratio = history_best / git_best
        verdict = "PASS" if ratio <= LIMIT and status == "ok" else "FAIL"
        report = "\n".join([
            "read_history vs git log --name-only "
            f"({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
            f"repository: {source}",
            f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"{git_output(repo, 'version')}",
            f"history: status {status}, {revisions} revisions of {projects} projects; "
            f"best of {len(git_times)} alternating runs",
            f"git log runs (s): {' '.join(f'{t:.2f}' for t in git_times)}; "
            f"read_history runs (s): {' '.join(f'{t:.2f}' for t in history_times)}",
            f"versions compared in this process ({revisions} file changes)",
            f"CPU seconds: git log {min(c for _, c in git_runs):.2f}; read_history (best run) "
            f"{best[1]:.2f} in this process + {best[2]:.2f} in child processes (git); load average at start {load:.2f} "
            f"on {os.cpu_count()} CPUs",
            "",
            f"{'commits':>8}  {'files':>6}  {'git log --name-only (s)':>24}  {'read_history (s)':>17}  "
            f"{'ratio':>6}  {'limit':>5}  result",
            f"{commits:>8}  {files:>6}  {git_best:>24.2f}  {history_best:>17.2f}  "
            f"{ratio:>6.2f}  {LIMIT:>5.1f}  {verdict}",
        ])
        print(report)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report + "\n", encoding="utf-8")
        return 0 if verdict == "PASS" else 1
    finally:
        if args.keep and args.repo is None:
            print(f"repository kept in {workdir / 'demo'}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
