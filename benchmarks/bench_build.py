"""Benchmark: `portal build` grows linearly with the number of projects.

Project pages stay out of the MkDocs navigation, so each page costs the same whatever the
number of projects; with every project in the nav the build would be quadratic.

    .venv/bin/python benchmarks/bench_build.py [--sizes 250,500,1000] [--seed 1] [--repeat 1]
        [--keep]

For each size a demo data repository is generated (``generator.demo.make_demo``), then the
site is built in-process (``generator.build.build_site``), best of ``--repeat``. Reported per
size: total seconds, of which rendering the Markdown pages (``render.render_pages``), and
milliseconds per project. PASS when the cost per project at the largest size is within 1.5x
of the cost at the smallest. Writes ``benchmarks/results/build.txt``; exits 0 on PASS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.build import build_site
from generator.commands import load_and_evaluate
from generator.demo import make_demo
from generator.render import render_pages

LINEAR_LIMIT = 1.5
AS_OF = dt.date(2026, 11, 26)
RESULTS = Path(__file__).resolve().parent / "results" / "build.txt"


def measure(data: Path, out: Path) -> tuple[float, float, int]:
    """(build seconds, render seconds, pages built)."""
    started = time.perf_counter()
    result = build_site(data, out, AS_OF)
    total = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(f"{data}: build failed:\n" + "\n".join(result.errors))
    evaluated = load_and_evaluate(data, AS_OF)
    assert evaluated.records is not None and evaluated.facts is not None
    started = time.perf_counter()
    render_pages(evaluated.records, evaluated.facts)
    return total, time.perf_counter() - started, result.pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="250,500,1000", help="numbers of projects, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories and sites")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    workdir = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        rows = []
        for size in sizes:
            repo = workdir / f"demo-{size}"
            make_demo(repo, size, seed=args.seed, commits=2)
            runs = [measure(repo / "data", repo / "site") for _ in range(max(1, args.repeat))]
            rows.append((size, *min(runs)))
        per_project = {size: total / size for size, total, _, _ in rows}
        growth = per_project[sizes[-1]] / per_project[sizes[0]]
        ok = growth <= LINEAR_LIMIT
        lines = [
            f"portal build (in-process build_site) ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
            f"data: generator.demo.make_demo(N, seed={args.seed}); best of {max(1, args.repeat)}; "
            f"--as-of {AS_OF}",
            f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
            "",
            f"{'projects':>8}  {'pages':>6}  {'build (s)':>9}  {'render (s)':>10}  {'ms/project':>10}",
        ]
        for size, total, rendered, pages in rows:
            lines.append(f"{size:>8}  {pages:>6}  {total:>9.2f}  {rendered:>10.2f}  {1000 * total / size:>10.1f}")
        lines += [
            "",
            f"linearity: build per project at {sizes[-1]} / at {sizes[0]} = {growth:.2f} "
            f"(limit {LINEAR_LIMIT}) -> {'PASS' if ok else 'FAIL'}",
            f"result: {'PASS' if ok else 'FAIL'}",
        ]
        report = "\n".join(lines)
        print(report)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report + "\n", encoding="utf-8")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
