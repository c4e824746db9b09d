"""Benchmark: a cold `portal build` (empty cache) against a plain MkDocs-Material build,
measured in the same run.

Issue #11 (which replaced the 1.5x ratio of issue #4): with ``portal demo --projects 1000``
(realistic sizes, about 24 monthly reports and 8 approvals a project, git history included) a
cold ``portal build --no-cache`` takes at most 4.0 times a plain MkDocs-Material build of 1,000
minimal Markdown pages kept out of the navigation; 4,000 projects cost at most 4.2 times 1,000
and peak memory stays under 600 MiB; 10,000 projects (a prefecture's portal) build, under
1.5 GiB, at most 11 times 1,000.

    .venv/bin/python benchmarks/bench_build.py [--sizes 1000,4000] [--commits auto] [--repeat 1]
        [--seed 1] [--phases] [--keep]

For each size: ``portal demo --projects N --commits K`` (K: ``--commits``, by default
N/40 and at least 30: 30 for 1,000, 100 for 4,000), a plain site of N minimal pages out of
the navigation (same theme, language and search plugin), then both built as fresh processes,
alternating, best of ``--repeat``: ``python -m mkdocs build`` and ``portal build --no-cache``.
Peak memory is the peak of the summed proportional set sizes (PSS: a page shared by the parent
and the downloads' child after the fork counts half in each) of the ``portal build`` process
and all its descendants (the downloads' child, git), sampled every 50 ms from /proc, and never
less than the process's own maximum resident set size (``wait4``). Reported per size: seconds
of each, their ratio, peak memory, pages, bytes per project page and search-index bytes per
project. ``--phases`` adds one in-process build per size, timed phase by phase.

Writes ``benchmarks/results/build.txt`` (or ``--results``); exits 0 when every check passes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "build.txt"
AS_OF = "2026-11-26"
RATIO_LIMIT = 4.0          # cold portal build <= 4.0x plain MkDocs-Material at the smallest size
# Cost of N times the projects <= this many times the cost (issue #11: 4,000 -> 4.2, 10,000 -> 11);
# other multiples: 4.2 per 4, linearly.
GROWTH_LIMITS: dict[float, float] = {4: 4.2, 10: 11.0}
# Peak memory (MiB) at the largest size: under 600 MiB at 4,000 projects, 1.5 GiB at 10,000.
MEMORY_LIMITS_MB = {4000: 600, 10000: 1536}


@dataclass
class Run:
    seconds: float
    peak_mb: float


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4
SAMPLE_SECONDS = 0.05


def tree_memory_kib(root: int) -> int:
    """Memory of ``root`` and all its descendants now, in KiB (0 without /proc): the sum of
    their proportional set sizes."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    parents[int(entry.name)] = int(stat.read().rpartition(b")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue                    # ended meanwhile
    tree, frontier = {root}, [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier and pid not in tree]
        tree.update(frontier)
    return sum(_pss_kib(pid) for pid in tree)


def _pss_kib(pid: int) -> int:
    """The proportional set size of ``pid`` in KiB: its private pages plus its share of the
    pages it shares (after a fork, parent and child each count half of a shared page), so
    the sum over a process tree is the memory the tree really occupies. Falls back on the
    resident set size where the kernel has no ``smaps_rollup``."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_KIB
    except (OSError, ValueError, IndexError):
        return 0                            # ended meanwhile


class TreeMemory(threading.Thread):
    """Samples ``tree_memory_kib(pid)`` every 50 ms until stopped; ``peak_kib`` is the largest."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib = pid, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kib = max(self.peak_kib, tree_memory_kib(self.pid))
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak_kib


def run_process(command: list[str]) -> Run:
    """Run to completion: wall seconds and peak memory (the process tree's, see above)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        memory = TreeMemory(process.pid)
        memory.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        tree_kib = memory.stop()
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise SystemExit(f"failed: {' '.join(command)}\n{log.read().decode(errors='replace')[-3000:]}")
    return Run(seconds, max(tree_kib, usage.ru_maxrss) / 1024)    # ru_maxrss: KiB on Linux


def portal() -> list[str]:
    script = Path(sys.executable).with_name("portal")
    return [str(script)] if script.exists() else [
        sys.executable, "-c", "import sys; from generator.commands.cli import main; sys.exit(main())"]


def plain_site(root: Path, pages: int) -> Path:
    """A MkDocs-Material project of ``pages`` minimal pages, none of them in the navigation."""
    docs = root / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n最小的对照网站。\n", encoding="utf-8")
    for i in range(pages):
        (docs / "p" / f"{i:05d}.md").write_text(f"# 页面 {i}\n\n一个最小的页面，用于对照。\n", encoding="utf-8")
    config = {
        "site_name": "对照", "use_directory_urls": False,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": ["search"], "not_in_nav": "/p/*.md\n", "nav": [{"首页": "index.md"}],
    }
    (root / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return root / "mkdocs.yml"


def page_bytes(site: Path, folder: str) -> float:
    sizes = [p.stat().st_size for p in (site / folder).glob("*.html") if p.name != "index.html"]
    return sum(sizes) / max(len(sizes), 1)


def index_bytes(site: Path) -> int:
    return (site / "search" / "search_index.json").stat().st_size


@dataclass
class Size:
    projects: int
    commits: int
    portal: float
    plain: float
    peak_mb: float
    plain_peak_mb: float
    pages: int
    page_bytes: float
    index_bytes: int
    plain_index_bytes: int
    phases: list[tuple[str, float, float]]

    @property
    def ratio(self) -> float:
        return self.portal / self.plain


PHASES = """
import datetime as dt, json, sys, time
from pathlib import Path
import generator.build.site as B; C = B
T = {}
def timed(owner, name, label):
    f = getattr(owner, name)
    def wrapper(*a, **k):
        w, c = time.perf_counter(), time.process_time()
        try:
            return f(*a, **k)
        finally:
            x = T.setdefault(label, [0.0, 0.0])
            x[0] += time.perf_counter() - w; x[1] += time.process_time() - c
    setattr(owner, name, wrapper)
timed(C, "load_and_evaluate", "load, validate, evaluate")
try:
    import generator.build.publish as P
    timed(P.Published, "prepare", "history, feeds (publish.prepare)")
    timed(P.Downloads, "finish", "waiting for the downloads (Downloads.finish)")
except (ImportError, AttributeError):
    pass
pages = B.iter_pages
def iter_pages(*a, **k):
    it = pages(*a, **k)
    while True:
        w, c = time.perf_counter(), time.process_time()
        try:
            item = next(it)
        except StopIteration:
            return
        finally:
            x = T.setdefault("render pages (iter_pages)", [0.0, 0.0])
            x[0] += time.perf_counter() - w; x[1] += time.process_time() - c
        yield item
B.iter_pages = iter_pages
timed(B, "split", "stash the pages' HTML (stash.split)")
timed(B, "run_mkdocs", "MkDocs")
w, c = time.perf_counter(), time.process_time()
result = B.build_site(Path(sys.argv[1]), Path(sys.argv[2]), dt.date.fromisoformat(sys.argv[3]))
assert result.ok, result.errors
T["total build_site"] = [time.perf_counter() - w, time.process_time() - c]
print(json.dumps([(k, v[0], v[1]) for k, v in T.items()]))
"""


def phases(data: Path, out: Path) -> list[tuple[str, float, float]]:
    """One in-process build, timed phase by phase: (phase, wall seconds, CPU seconds)."""
    done = subprocess.run([sys.executable, "-c", PHASES, str(data), str(out), AS_OF], capture_output=True,
                          text=True, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return [(name, wall, cpu) for name, wall, cpu in json.loads(done.stdout.strip().splitlines()[-1])]


def measure(workdir: Path, projects: int, commits: int, seed: int, repeat: int, with_phases: bool) -> Size:
    repo = workdir / f"demo-{projects}"
    run_process([*portal(), "demo", "--projects", str(projects), "--commits", str(commits),
                 "--seed", str(seed), "--out", str(repo)])
    plain_root = workdir / f"plain-{projects}"
    config = plain_site(plain_root, projects)
    site, plain_out = repo / "site", plain_root / "site"
    portal_runs, plain_runs = [], []
    for _ in range(max(1, repeat)):        # alternating, so a busy machine slows both alike
        plain_runs.append(run_process([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
                                       str(config), "--site-dir", str(plain_out)]))
        portal_runs.append(run_process([*portal(), "build", "--data", str(repo / "data"), "--out", str(site),
                                        "--as-of", AS_OF, "--no-cache"]))
    pages = sum(1 for _ in site.rglob("*.html")) - 1       # MkDocs' count leaves out 404.html
    return Size(
        projects=projects, commits=commits,
        portal=min(r.seconds for r in portal_runs), plain=min(r.seconds for r in plain_runs),
        peak_mb=max(r.peak_mb for r in portal_runs), plain_peak_mb=max(r.peak_mb for r in plain_runs),
        pages=pages, page_bytes=page_bytes(site, "projects"), index_bytes=index_bytes(site),
        plain_index_bytes=index_bytes(plain_out),
        phases=phases(repo / "data", workdir / f"phases-{projects}" / "site") if with_phases else [],
    )


def report(sizes: list[Size], seed: int, repeat: int) -> tuple[str, bool]:
    small, large = sizes[0], sizes[-1]
    scale = large.projects / small.projects
    growth_limit = GROWTH_LIMITS.get(scale, 4.2 * scale / 4)    # 4.0 finds the key 4
    memory_limit = MEMORY_LIMITS_MB.get(large.projects, 600 if large.projects <= 4000 else 1536)
    growth = large.portal / small.portal
    checks = [
        (f"build {small.projects:,} projects / plain MkDocs-Material {small.projects:,} pages",
         small.ratio, RATIO_LIMIT, small.ratio <= RATIO_LIMIT),
    ]
    if len(sizes) > 1:
        checks.append((f"build cost {large.projects:,} / {small.projects:,} projects "
                       f"(plain MkDocs-Material: {large.plain / small.plain:.2f})", growth, growth_limit,
                       growth <= growth_limit))
    checks.append((f"peak memory of the {large.projects:,}-project build (MiB)", large.peak_mb,
                   memory_limit, large.peak_mb < memory_limit))
    ok = all(passed for *_, passed in checks)
    lines = [
        f"cold portal build (--no-cache) vs plain MkDocs-Material ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
        f"data: portal demo --projects N --commits K --seed {seed}; builds as fresh processes, alternating, "
        f"best of {max(1, repeat)}; --as-of {AS_OF}",
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end",
        "",
        f"{'projects':>8} {'commits':>7} {'pages':>6} {'portal s':>9} {'plain s':>8} {'ratio':>6} "
        f"{'peak MiB':>9} {'plain MiB':>9} {'KiB/page':>9} {'index KiB':>10} {'index B/project':>15}",
    ]
    for s in sizes:
        lines.append(f"{s.projects:>8,} {s.commits:>7,} {s.pages:>6,} {s.portal:>9.1f} {s.plain:>8.1f} "
                     f"{s.ratio:>6.2f} {s.peak_mb:>9,.0f} {s.plain_peak_mb:>9,.0f} {s.page_bytes / 1024:>9.1f} "
                     f"{s.index_bytes / 1024:>10,.0f} {s.index_bytes / s.projects:>15,.0f}")
    lines += ["", "(KiB/page: mean size of a project page; index B/project: search_index.json bytes per project; "
              f"the plain site's index is {small.plain_index_bytes / small.projects:,.0f} B per page)"]
    for s in sizes:
        if s.phases:
            lines += ["", f"phases of one in-process build, {s.projects:,} projects (wall s, CPU s):"]
            lines += [f"  {name:<48} {wall:>7.2f} {cpu:>7.2f}" for name, wall, cpu in s.phases]
    lines.append("")
    for name, value, limit, passed in checks:
        lines.append(f"{name}: {value:,.2f} (limit {limit:,.2f}) -> {'PASS' if passed else 'FAIL'}")
    lines.append(f"result: {'PASS' if ok else 'FAIL'}")
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,4000", help="numbers of projects, comma-separated")
    parser.add_argument("--commits", default="auto", help="commits of each demo (auto: N/40, at least 30)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--phases", action="store_true", help="also time the phases of one in-process build")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories and sites")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the report")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    workdir = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        measured = []
        for projects in sizes:
            commits = max(30, projects // 40) if args.commits == "auto" else int(args.commits)
            print(f"[{dt.datetime.now():%H:%M:%S}] {projects} projects, {commits} commits…", file=sys.stderr,
                  flush=True)
            measured.append(measure(workdir, projects, commits, args.seed, args.repeat, args.phases))
        text, ok = report(measured, args.seed, args.repeat)
        print(text)
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(text + "\n", encoding="utf-8")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
