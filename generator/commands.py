"""What each command does, independent of argument parsing (testable in-process)."""

from __future__ import annotations

import sys
from pathlib import Path

from .dataset import load_dataset
from .findings import has_errors, render
from .validate import validate


def run_validate(data_dir: Path, fmt: str = "text") -> int:
    data = load_dataset(data_dir)
    findings = validate(data)
    out = render(findings, fmt, data.file_count)
    print(out, file=sys.stdout)
    return 1 if has_errors(findings) else 0
