"""Hostile inputs: an arena with a valid data folder and a site already built from it, and a
fingerprint of every file under the arena to prove a rejected build changed nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import build_site
from tests.conftest import AS_OF, FIXTURES, Result


def fingerprint(root: Path) -> dict[str, str]:
    """Every file and folder under root with its content hash (folders: "dir")."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = f"link:{path.readlink()}"
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="session")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base fixture built once; each arena gets a copy."""
    root = tmp_path_factory.mktemp("good")
    shutil.copytree(FIXTURES / "base", root / "data")
    result = build_site(root / "data", root / "site", dt.date.fromisoformat(AS_OF))
    assert result.ok, "\n".join(result.errors)
    return root / "site"


@dataclass
class Arena:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def projects(self) -> Path:
        return self.data / "projects"


@pytest.fixture
def arena(tmp_path: Path, good_site: Path) -> Arena:
    """tmp_path/data (valid, changed by the test) and tmp_path/site (built from it)."""
    shutil.copytree(FIXTURES / "base", tmp_path / "data")
    shutil.copytree(good_site, tmp_path / "site")
    return Arena(tmp_path)


@pytest.fixture
def rejected(run: Callable[..., Result], arena: Arena) -> Callable[..., Result]:
    """Build the arena's (now hostile) data over its site and assert that the build was
    refused with a readable message and that not one file under the arena changed:
    the previous site is byte-identical and nothing was written beside it."""

    def _rejected(*, code: int = 1) -> Result:
        before = fingerprint(arena.root)
        result = run("build", "--data", "data", "--out", "site", "--as-of", AS_OF)
        assert result.code == code, result.out + result.err
        assert "Traceback" not in result.out + result.err
        if code == 1:
            assert "原有网站保持不变" in result.err
        assert fingerprint(arena.root) == before
        return result

    return _rejected
