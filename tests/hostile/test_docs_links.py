"""Hand-written pages (docs/ beside the data folder) that point outside the repository: a
symbolic link to a file, a folder or /proc/self/environ, docs/ itself a link, a named pipe.
The build refuses each, naming the file, and nothing it points at reaches the site."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import AS_OF, REPO
from tests.hostile.conftest import fingerprint

pytestmark = pytest.mark.hostile

MARKER = "OUTSIDE-THE-REPOSITORY-7f3a"


@pytest.fixture
def docs(arena):
    """arena/docs: the project's hand-written pages, and arena/outside/secret.md with the marker."""
    shutil.copytree(REPO / "docs", arena.root / "docs")
    (arena.root / "outside").mkdir()
    (arena.root / "outside" / "secret.md").write_text(f"# 机密\n\n{MARKER}\n", encoding="utf-8")
    return arena.root / "docs"


def _nothing_outside_published(arena) -> None:
    for path in arena.site.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(("name", "target"), [
    ("secret.md", "../outside/secret.md"),
    ("environ.md", "/proc/self/environ"),
    ("sub/deep.md", "../../outside/secret.md"),
    ("outside-folder", "../outside"),
])
def test_a_link_in_docs_is_refused_naming_the_file(arena, rejected, docs, name, target):
    link = docs / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    result = rejected()
    assert f"docs/{name}: error[docs-symlink]" in result.err
    _nothing_outside_published(arena)


def test_docs_itself_a_link_to_a_folder_outside_is_refused(arena, rejected, docs):
    shutil.rmtree(docs)
    shutil.copytree(REPO / "docs", arena.root / "outside" / "docs")
    (arena.root / "outside" / "docs" / "secret.md").write_text(MARKER, encoding="utf-8")
    docs.symlink_to(arena.root / "outside" / "docs")
    result = rejected()
    assert "docs: error[docs-symlink]" in result.err
    _nothing_outside_published(arena)


def test_a_named_pipe_in_docs_is_refused_instead_of_hanging_the_build(arena, docs, run):
    os.mkfifo(docs / "pipe.md")
    before = fingerprint(arena.site)     # not the whole arena: reading the pipe would wait forever
    result = run("build", "--data", "data", "--out", "site", "--as-of", AS_OF)
    assert result.code == 1 and "docs/pipe.md: error[docs-special]" in result.err
    assert fingerprint(arena.site) == before


def test_a_linked_mkdocs_yml_is_refused(arena, docs, run):
    (arena.root / "outside" / "mkdocs.yml").write_text(f"site_name: {MARKER}\n", encoding="utf-8")
    (arena.root / "mkdocs.yml").symlink_to(arena.root / "outside" / "mkdocs.yml")
    before = fingerprint(arena.root)
    result = run("build", "--data", "data", "--out", "site", "--as-of", AS_OF)
    assert result.code == 2 and "mkdocs.yml" in result.err and "符号链接" in result.err
    assert fingerprint(arena.root) == before


def test_plain_hand_written_pages_are_still_published(arena, docs, run):
    (docs / "extra.md").write_text("# 补充说明\n\n手写页面正文\n", encoding="utf-8")
    result = run("build", "--data", "data", "--out", "site", "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert "手写页面正文" in (arena.site / "extra.html").read_text(encoding="utf-8")
    assert "关于" in (arena.site / "about.html").read_text(encoding="utf-8")
