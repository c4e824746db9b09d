"""The benchmark suite in one command: every figure as a ratio against a reference measured in
the same run on the same machine, one table, written to benchmarks/results/summary.md.

    .venv/bin/python benchmarks/run.py            # full: 1,000 and 4,000 projects, 24,000 commits
    .venv/bin/python benchmarks/run.py --smoke    # 50 and 200 projects, 500 commits (CI, ~1 min)

Measured (data from ``portal demo``, the same seed throughout):

* validate: ``load_dataset`` + ``validate`` of N project files vs parsing the same files with
  PyYAML's CSafeLoader, best of 3 alternating (functions of bench_validate.py);
* build: a cold ``portal build --no-cache`` of N demo projects vs a plain MkDocs-Material build of N minimal
  Markdown pages kept out of the navigation, both as fresh processes with the same theme and
  search plugin; at 1,000 and 4,000 projects, and the 4,000/1,000 cost ratio of each;
* history: ``read_history`` vs ``git log --name-only`` on a demo with 1,000 projects and
  24,000 commits, best of 3 alternating (functions of bench_history.py);
* peak memory of the 4,000-project build (the summed proportional set sizes of that process
  and its descendants, sampled every 50 ms: bench_build.TreeMemory);
* bytes per project page and search-index bytes per project.

Exit status: 0 when every limit holds (always 0 with ``--smoke``, whose sizes are too small for
the limits to mean anything; it proves that the suite runs), 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "summary.md"
AS_OF = "2026-11-26"

VALIDATE_LIMIT = 3.0      # validate <= 3x CSafeLoader parse (bench_validate.RATIO_LIMIT)
HISTORY_LIMIT = 3.0       # read_history <= 3x git log --name-only (bench_history.LIMIT)
# Issue #11's goals for a cold build (--no-cache); the warm rebuild and portal serve rows are
# measured by bench_rebuild.py.
BUILD_LIMIT = 4.0         # cold portal build <= 4.0x plain MkDocs-Material at the small size
SCALING_LIMIT = 4.2       # build cost at 4x the projects <= 4.2x
MEMORY_LIMIT_MB = 600     # peak memory of the large (4,000-project) build


@dataclass(frozen=True)
class Plan:
    validate_files: int = 1000
    small: int = 1000
    large: int = 4000
    history_projects: int = 1000
    history_commits: int = 24000
    repeat: int = 3
    build_repeat: int = 1
    enforce: bool = True


FULL = Plan()
SMOKE = Plan(validate_files=50, small=50, large=200, history_projects=50, history_commits=500,
             repeat=1, enforce=False)


def bench(name: str) -> ModuleType:
    """A sibling bench script as a module (the suite measures with their functions)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(f"benchmarks.{name}")


def first(measured: Any) -> float:
    """Seconds from a bench script's function, whether it returns them alone or first in a tuple."""
    return float(measured[0] if isinstance(measured, tuple) else measured)


# --- processes ------------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str


def run_process(command: list[str], cwd: Path | None = None) -> Run:
    """Run a command to completion: wall time, peak memory and its output. The peak is that of
    the process and its descendants together (bench_build.TreeMemory), and never less than the
    process's own (wait4)."""
    module = bench("bench_build")
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONHASHSEED": "0"})
        memory = module.TreeMemory(process.pid)
        memory.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        tree_kib = memory.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{output[-3000:]}")
    return Run(seconds, max(tree_kib, usage.ru_maxrss) / 1024, output)   # ru_maxrss: KiB on Linux


def portal_command() -> list[str]:
    script = Path(sys.executable).with_name("portal")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from generator.commands.cli import main; sys.exit(main())"]


def make_demo(out: Path, projects: int, commits: int, seed: int) -> float:
    started = time.perf_counter()
    run_process([*portal_command(), "demo", "--projects", str(projects), "--commits", str(commits),
                 "--seed", str(seed), "--out", str(out)])
    return time.perf_counter() - started


# --- the measurements -----------------------------------------------------------------------

def measure_validate(workdir: Path, files: int, seed: int, repeat: int) -> dict[str, Any]:
    # The timings are bench_validate's own, so the suite and the script measure the same thing.
    module = bench("bench_validate")
    parse: Callable[[list[Path]], Any] = module.parse_seconds
    check: Callable[[Path], Any] = module.validate_seconds
    repo = workdir / f"validate-{files}"
    make_demo(repo, files, 24, seed)
    paths = sorted((repo / "data" / "projects").glob("*.yaml"))
    parses, validates = [], []
    for _ in range(repeat):
        parses.append(first(parse(paths)))
        validates.append(first(check(repo / "data")))
    shutil.rmtree(repo, ignore_errors=True)
    return {"files": files, "parse": min(parses), "validate": min(validates),
            "ratio": min(validates) / min(parses)}


def plain_site(root: Path, pages: int) -> Path:
    """The plain MkDocs-Material reference site, made exactly as bench_build makes it."""
    module = bench("bench_build")
    return Path(module.plain_site(root, pages))


def page_bytes(site: Path, folder: str) -> float:
    module = bench("bench_build")
    return float(module.page_bytes(site, folder))


def search_bytes(site: Path, projects: int, prefix: str) -> tuple[float, float]:
    """(whole index bytes per project, bytes of the entries of the project pages per project)."""
    path = site / "search" / "search_index.json"
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    own = sum(len(json.dumps(d, ensure_ascii=False).encode()) for d in docs if d["location"].startswith(prefix))
    return path.stat().st_size / projects, own / projects


def measure_build(workdir: Path, projects: int, seed: int, repeat: int) -> dict[str, Any]:
    repo = workdir / f"build-{projects}"
    # the same history as bench_build.py: N/40 commits, at least 30
    generated = make_demo(repo, projects, max(30, projects // 40), seed)
    plain_config = plain_site(workdir / f"plain-{projects}", projects)
    portal_runs, plain_runs = [], []
    for _ in range(repeat):    # alternating, so a busy machine slows both alike
        plain_runs.append(run_process([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
                                       str(plain_config), "--site-dir", str(workdir / f"plain-{projects}" / "site")]))
        portal_runs.append(run_process([*portal_command(), "build", "--data", str(repo / "data"), "--out",
                                        str(repo / "site"), "--as-of", AS_OF, "--no-cache"]))
    portal = min(portal_runs, key=lambda r: r.seconds)
    plain = min(plain_runs, key=lambda r: r.seconds)
    site, plain_out = repo / "site", workdir / f"plain-{projects}" / "site"
    index_total, index_own = search_bytes(site, projects, "projects/")
    plain_total, plain_own = search_bytes(plain_out, projects, "p/")
    result = {
        "projects": projects, "generated": generated,
        "portal": portal.seconds, "plain": plain.seconds, "ratio": portal.seconds / plain.seconds,
        "portal_mb": max(r.peak_mb for r in portal_runs), "plain_mb": max(r.peak_mb for r in plain_runs),
        "page_bytes": page_bytes(site, "projects"), "plain_page_bytes": page_bytes(plain_out, "p"),
        "index_bytes": index_total, "index_own_bytes": index_own,
        "plain_index_bytes": plain_total, "plain_index_own_bytes": plain_own,
        "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6,
    }
    shutil.rmtree(repo, ignore_errors=True)
    shutil.rmtree(workdir / f"plain-{projects}", ignore_errors=True)
    return result


def measure_history(workdir: Path, projects: int, commits: int, seed: int, repeat: int) -> dict[str, Any]:
    # The timings are bench_history's own, so the suite and the script measure the same thing.
    module = bench("bench_history")
    git_log: Callable[[Path], Any] = module.git_log_seconds
    read: Callable[[Path], Any] = module.history_seconds
    repo = workdir / "history"
    generated = make_demo(repo, projects, commits, seed)
    counted = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, check=True,
                                 capture_output=True, text=True).stdout)
    gits, histories, status = [], [], "?"
    for _ in range(repeat):
        gits.append(first(git_log(repo)))
        measured = read(repo)
        histories.append(first(measured))
        status = str(measured[-1]) if isinstance(measured, tuple) else "?"
    shutil.rmtree(repo, ignore_errors=True)
    return {"projects": projects, "commits": counted, "generated": generated, "git": min(gits),
            "history": min(histories), "ratio": min(histories) / min(gits), "status": status}


# --- the report -----------------------------------------------------------------------------

@dataclass
class Row:
    measure: str
    portal: str
    reference: str
    ratio: str
    limit: str
    ok: bool | None = None      # None: reported, no limit

    def cells(self) -> list[str]:
        verdict = "—" if self.ok is None else ("PASS" if self.ok else "FAIL")
        return [self.measure, self.portal, self.reference, self.ratio, self.limit, verdict]


@dataclass
class Report:
    plan: Plan
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(row.ok is not False for row in self.rows)

    def table(self) -> str:
        head = ["measure", "portal", "reference (same run)", "ratio", "limit", "result"]
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
        lines += ["| " + " | ".join(row.cells()) + " |" for row in self.rows]
        return "\n".join(lines)


def kb(value: float) -> str:
    return f"{value / 1024:,.1f} KiB"


def rows_for(plan: Plan, validate: dict[str, Any] | None, small: dict[str, Any] | None,
             large: dict[str, Any] | None, history: dict[str, Any] | None) -> list[Row]:
    rows = []
    if validate:
        rows.append(Row(f"validate {validate['files']:,} project files", f"{validate['validate']:.2f} s",
                        f"CSafeLoader parse {validate['parse']:.2f} s", f"{validate['ratio']:.2f}",
                        f"≤ {VALIDATE_LIMIT}", validate["ratio"] <= VALIDATE_LIMIT))
    for result, limit in ((small, BUILD_LIMIT), (large, None)):
        if result:
            rows.append(Row(f"build {result['projects']:,} projects", f"{result['portal']:.1f} s",
                            f"plain MkDocs-Material, {result['projects']:,} pages {result['plain']:.1f} s",
                            f"{result['ratio']:.2f}", f"≤ {limit}" if limit else "—",
                            result["ratio"] <= limit if limit else None))
    if small and large:
        scale = large["projects"] / small["projects"]
        portal_growth, plain_growth = large["portal"] / small["portal"], large["plain"] / small["plain"]
        limit = SCALING_LIMIT * scale / 4
        rows.append(Row(f"build cost {large['projects']:,} / {small['projects']:,} projects",
                        f"{portal_growth:.2f}", f"plain MkDocs-Material {plain_growth:.2f}",
                        f"{portal_growth:.2f}", f"≤ {limit:.1f}", portal_growth <= limit))
    if history:
        rows.append(Row(f"history, {history['projects']:,} projects, {history['commits']:,} commits",
                        f"{history['history']:.2f} s (status {history['status']})",
                        f"git log --name-only {history['git']:.2f} s", f"{history['ratio']:.2f}",
                        f"≤ {HISTORY_LIMIT}", history["ratio"] <= HISTORY_LIMIT and history["status"] == "ok"))
    if large:
        rows.append(Row(f"peak memory, build {large['projects']:,} projects", f"{large['portal_mb']:,.0f} MiB",
                        f"plain MkDocs-Material {large['plain_mb']:,.0f} MiB",
                        f"{large['portal_mb'] / large['plain_mb']:.2f}", f"< {MEMORY_LIMIT_MB:,} MiB",
                        large["portal_mb"] < MEMORY_LIMIT_MB))
    for result in (small, large):
        if result:
            rows.append(Row(f"bytes per project page ({result['projects']:,})", kb(result["page_bytes"]),
                            f"plain minimal page {kb(result['plain_page_bytes'])}",
                            f"{result['page_bytes'] / result['plain_page_bytes']:.1f}", "—"))
    for result in (small, large):
        if result:
            rows.append(Row(f"search-index bytes per project ({result['projects']:,})",
                            f"{kb(result['index_bytes'])} (project pages' entries {kb(result['index_own_bytes'])})",
                            f"plain minimal page {kb(result['plain_index_bytes'])}",
                            f"{result['index_bytes'] / result['plain_index_bytes']:.1f}", "—"))
    return rows


def describe_machine() -> str:
    import mkdocs
    import yaml

    try:
        from importlib.metadata import version
        material = version("mkdocs-material")
    except Exception:  # pragma: no cover - only for the report
        material = "?"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "?"
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return (f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"MkDocs {mkdocs.__version__}, Material {material}, PyYAML {yaml.__version__} "
            f"(libyaml {'yes' if yaml.__with_libyaml__ else 'no'}); commit {commit}"
            f"{' with uncommitted changes' if dirty else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small sizes, no limits enforced (for CI)")
    parser.add_argument("--only", default="validate,build,history",
                        help="comma-separated parts to run: validate, build, history")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="where to write the Markdown summary "
                        "(default: benchmarks/results/summary.md for a full run, nowhere for --smoke)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    started = time.perf_counter()
    stamp = dt.datetime.now(dt.UTC)
    workdir = Path(tempfile.mkdtemp(prefix="bench-suite-"))
    results: dict[str, dict[str, Any] | None] = {}
    errors: list[Row] = []

    def measure(key: str, label: str, function: Callable[[], dict[str, Any] | None]) -> None:
        """One part; a part that breaks is reported as a failed row, the others still run."""
        print(f"[{time.perf_counter() - started:6.0f} s] {label}", file=sys.stderr, flush=True)
        try:
            results[key] = function()
        except (Exception, SystemExit) as exc:
            results[key] = None
            errors.append(Row(label, f"error: {type(exc).__name__}: {str(exc)[:200]}", "—", "—", "—", False))
            print(f"  {label} failed: {exc!r}", file=sys.stderr, flush=True)

    try:
        if "validate" in parts:
            measure("validate", f"validate vs CSafeLoader, {plan.validate_files} files",
                    lambda: measure_validate(workdir, plan.validate_files, args.seed, plan.repeat))
        if "build" in parts:
            for key, size in (("small", plan.small), ("large", plan.large)):
                measure(key, f"build vs plain MkDocs-Material, {size} projects",
                        functools.partial(measure_build, workdir, size, args.seed, plan.build_repeat))
        if "history" in parts:
            measure("history", f"history vs git log, {plan.history_projects} projects, {plan.history_commits} commits",
                    lambda: measure_history(workdir, plan.history_projects, plan.history_commits, args.seed,
                                            plan.repeat))
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    report = Report(plan, rows_for(plan, results.get("validate"), results.get("small"), results.get("large"),
                                   results.get("history")) + errors)
    elapsed = time.perf_counter() - started
    mode = "smoke (sizes too small for the limits to mean anything; not enforced)" if args.smoke else "full"
    text = "\n".join([
        "# Benchmarks",
        "",
        f"`.venv/bin/python benchmarks/run.py{' --smoke' if args.smoke else ''}` — {mode}; "
        f"{stamp:%Y-%m-%d %H:%M} UTC, {elapsed / 60:.1f} min.",
        "",
        f"Machine: {describe_machine()}.",
        "",
        "Every ratio compares two timings taken in this run on this machine (best of "
        f"{plan.repeat} alternating runs for validate and history, {plan.build_repeat} for builds); "
        "builds run as fresh processes (`portal build` vs `python -m mkdocs build`), and peak memory is "
        "the peak of the summed proportional set sizes (PSS) of that process and its descendants "
        "(sampled every 50 ms; a page shared after a fork counts once in all). Demo data: `portal demo --seed "
        f"{args.seed}`.",
        "",
        report.table(),
        "",
        f"Overall: {'PASS' if report.passed else 'FAIL'}" + ("" if plan.enforce else " (not enforced in smoke mode)"),
        "",
    ])
    print(text)
    out = args.out if args.out is not None else (None if args.smoke else RESULTS)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        out.with_suffix(".json").write_text(json.dumps({"utc": stamp.isoformat(), "smoke": args.smoke, **results},
                                                       indent=1, default=str) + "\n", encoding="utf-8")
        print(f"written to {out} and {out.with_suffix('.json').name}", file=sys.stderr)
    return 0 if report.passed or not plan.enforce else 1


if __name__ == "__main__":
    sys.exit(main())
