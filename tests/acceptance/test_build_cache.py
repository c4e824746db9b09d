"""``portal build`` keeps its history cache in the data repository and builds the same site,
byte for byte, with a cold cache, a warm one and ``--no-cache``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, REPO
from tests.unit.test_history import commit_all

AS_OF = "2026-12-03"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_with_a_cold_cache_a_warm_one_and_none(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", root / "data")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    commit_all(root, "新建项目", "2026-03-01T10:00:00+08:00")
    project = root / "data" / "projects" / "2026-base-pv.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("    submitted: 2026-04-01\n",
                                    "    submitted: 2026-04-01\n    completed: 2026-04-20\n"), encoding="utf-8")
    commit_all(root, "环评批复已办结", "2026-04-25T10:00:00+08:00")

    def build(out: str, *extra: str) -> dict[str, bytes]:
        # Each build in its own process, as CI runs them: the search plugin's Chinese word
        # splitter (jieba) keeps state between builds in one process.
        command = [sys.executable, "-c", "import sys; from generator.commands.cli import main; sys.exit(main())",
                   "build", "--data", str(root / "data"), "--out", str(tmp_path / out), "--as-of", AS_OF, *extra]
        subprocess.run(command, check=True, capture_output=True, cwd=REPO)
        return tree(tmp_path / out)

    plain = build("plain", "--no-cache")
    assert not (root / ".cache").exists()
    cold = build("cold")
    assert list((root / ".cache" / "portal" / "history").glob("*.json.gz"))
    warm = build("warm")
    assert "环评批复已办结" in plain["projects/2026-base-pv.html"].decode()
    assert cold.keys() == plain.keys() == warm.keys()
    assert [k for k in plain if cold[k] != plain[k] or warm[k] != plain[k]] == []
