"""Benchmark: validating project files costs at most 3x parsing them with PyYAML's CSafeLoader.

"Validating 1,000 typical project files takes no more than 3 times as long as parsing the same
files with PyYAML's CSafeLoader alone, measured in one run; cost grows linearly with the number
of files. Report both figures."

    .venv/bin/python benchmarks/bench_validate.py [--sizes 250,500,1000,2000] [--seed 1]
        [--repeat 3] [--profile] [--keep]

For each size a demo data repository is generated (``generator.demo.make_demo``, few commits:
only the files matter here). Then, in the same run and alternating, best of ``--repeat``:

* parse: read each project file's bytes, decode UTF-8, ``yaml.load(text, Loader=CSafeLoader)``;
* validate: the whole ``portal validate`` pipeline in-process, ``load_dataset`` + ``validate``
  over the data folder (the project files plus the 9 county files, which are small).

Both read the files from disk the same way, so reading costs the same on both sides.
PASS when the ratio at 1,000 files (or the size nearest to it) is at most 3.0 and the
validate cost per file at the largest size is within 1.3x of the cost at the smallest.
``--profile`` adds a cProfile of one validate run at that size. Writes
``benchmarks/results/validate.txt``; exits 0 on PASS, 1 on FAIL.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import platform
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

from generator.demo import make_demo
from generator.findings import has_errors
from generator.load.dataset import load_dataset
from generator.validate import validate

RATIO_LIMIT = 3.0
LINEAR_LIMIT = 1.3
RESULTS = Path(__file__).resolve().parent / "results" / "validate.txt"


def parse_seconds(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def validate_seconds(data: Path) -> float:
    start = time.perf_counter()
    findings = validate(load_dataset(data))
    seconds = time.perf_counter() - start
    if has_errors(findings):  # the benchmark is about valid, typical files
        raise SystemExit(f"{data}: the demo data does not validate: {findings[0].text()}")
    return seconds


def profile(data: Path, top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    validate(load_dataset(data))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="250,500,1000,2000", help="numbers of project files, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile one validate run at ~1,000 files")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})

    workdir = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    try:
        rows = []
        for size in sizes:
            repo = workdir / f"demo-{size}"
            started = time.perf_counter()
            result = make_demo(repo, size, seed=args.seed, commits=24)
            generated = time.perf_counter() - started
            data = repo / "data"
            paths = sorted((data / "projects").glob("*.yaml"))
            parse_times, validate_times = [], []
            for _ in range(max(1, args.repeat)):
                parse_times.append(parse_seconds(paths))
                validate_times.append(validate_seconds(data))
            rows.append((size, result.data_bytes, generated, min(parse_times), min(validate_times),
                         parse_times, validate_times))
        target = min(rows, key=lambda r: abs(r[0] - 1000))
        ratio = target[4] / target[3]
        per_file = {r[0]: r[4] / r[0] for r in rows}
        growth = per_file[sizes[-1]] / per_file[sizes[0]]
        ratio_ok, linear_ok = ratio <= RATIO_LIMIT, growth <= LINEAR_LIMIT
        lines = [
            "validate (load_dataset + validate) vs yaml.load(CSafeLoader) "
            f"({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
            f"data: generator.demo.make_demo(N, seed={args.seed}, commits=24); best of {max(1, args.repeat)} "
            "alternating runs; both read every file from disk",
            f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"PyYAML {yaml.__version__} (libyaml {'yes' if yaml.__with_libyaml__ else 'no'})",
            "",
            f"{'files':>6}  {'MB':>6}  {'parse (s)':>9}  {'validate (s)':>12}  {'ratio':>6}  "
            f"{'parse ms/file':>13}  {'validate ms/file':>16}",
        ]
        for size, size_bytes, _, parse_best, validate_best, _, _ in rows:
            lines.append(f"{size:>6}  {size_bytes / 1e6:>6.1f}  {parse_best:>9.3f}  {validate_best:>12.3f}  "
                         f"{validate_best / parse_best:>6.2f}  {1000 * parse_best / size:>13.3f}  "
                         f"{1000 * validate_best / size:>16.3f}")
        lines += [
            "",
            f"ratio at {target[0]} files: {ratio:.2f} (limit {RATIO_LIMIT}) -> {'PASS' if ratio_ok else 'FAIL'}",
            f"linearity: validate per file at {sizes[-1]} / at {sizes[0]} = {growth:.2f} (limit {LINEAR_LIMIT})"
            f" -> {'PASS' if linear_ok else 'FAIL'}",
            "runs (s): " + "; ".join(f"{r[0]}: parse {' '.join(f'{t:.3f}' for t in r[5])}, validate "
                                    f"{' '.join(f'{t:.3f}' for t in r[6])}" for r in rows),
            "generation (s): " + ", ".join(f"{r[0]}: {r[2]:.1f}" for r in rows),
            f"result: {'PASS' if ratio_ok and linear_ok else 'FAIL'}",
        ]
        if args.profile:
            lines += ["", f"cProfile of one validate run at {target[0]} files:", profile(
                workdir / f"demo-{target[0]}" / "data")]
        report = "\n".join(lines)
        print(report)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report + "\n", encoding="utf-8")
        return 0 if ratio_ok and linear_ok else 1
    finally:
        if args.keep:
            print(f"repositories kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
