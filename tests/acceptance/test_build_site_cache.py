"""``portal build`` keeps MkDocs' work folder in ``.cache/portal/site/`` and rebuilds only the
pages whose text changed (generator/build/sitecache.py). What a county office checks: the site
after a change is the one a build from scratch makes, byte for byte (search index included);
a removed project's page is gone; files that did not change keep their time, so a deploy
uploads only what changed; a changed configuration, or a damaged cache, costs a full build and
says so, never a wrong page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import buildcache
from generator.build import sitecache
from generator.build import words as words_module
from tests.conftest import REPO

AS_OF = "2026-12-03"
REMOVABLE = "2024-agri-tomato-300kt"     # no meeting, notice or target refers to it


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("data", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


# A build's process, which says at its end whether jieba loaded its dictionary.
MAIN = ("import sys, jieba; from generator.commands.cli import main; code = main(); "
        "print('jieba loaded' if jieba.dt.initialized else 'jieba idle'); sys.exit(code)")


def build(repo: Path, out: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """One build in its own process, as CI and a clerk run it (jieba keeps state in-process)."""
    command = [sys.executable, "-c", MAIN, "build", "--data", str(repo / "data"), "--out", str(repo / out),
               "--as-of", AS_OF, *extra]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return done


def rebuilt(done: subprocess.CompletedProcess[str]) -> int | None:
    found = re.search(r"其中 (\d+) 个有改动而重新生成", done.stdout)
    return int(found.group(1)) if found else None


def same_as_from_scratch(repo: Path) -> None:
    shutil.rmtree(repo / "cold", ignore_errors=True)
    build(repo, "cold", "--no-cache")
    site, cold = tree(repo / "site"), tree(repo / "cold")
    assert site.keys() == cold.keys()
    assert [path for path in site if site[path] != cold[path]] == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_one_changed_project_rebuilds_few_pages_and_the_site_is_the_one_built_from_scratch(repo):
    first = build(repo, "site")
    assert rebuilt(first) is None                     # nothing to reuse: every page built
    project = sorted((repo / "data" / "projects").glob("*.yaml"))[1]
    other = next(p for p in sorted((repo / "site" / "projects").glob("*.html"))
                 if p.stem not in (project.stem, "index"))
    before = {p: p.stat().st_mtime_ns for p in (repo / "site").rglob("*") if p.is_file()}
    name = next(line for line in project.read_text(encoding="utf-8").splitlines() if line.startswith("name: "))
    edit(project, name, name + "（更名）")

    second = build(repo, "site")
    pages = int(re.search(r"网站已生成：(\d+) 个网页", second.stdout).group(1))
    assert rebuilt(second) is not None and 1 <= rebuilt(second) < pages / 3
    changed_page = repo / "site" / "projects" / f"{project.stem}.html"
    assert "（更名）" in changed_page.read_text(encoding="utf-8")
    assert changed_page.stat().st_mtime_ns > before[changed_page]
    assert other.stat().st_mtime_ns == before[other]   # untouched: a deploy skips it
    index = json.loads((repo / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("（更名）" in doc["title"].replace("\u200b", "") for doc in index["docs"])  # jieba splits
    assert len({doc["location"].split("#")[0] for doc in index["docs"]}) > pages / 2
    same_as_from_scratch(repo)


def test_a_removed_project_leaves_no_page_behind(repo):
    build(repo, "site")
    (repo / "data" / "projects" / f"{REMOVABLE}.yaml").unlink()
    build(repo, "site")
    assert not (repo / "site" / "projects" / f"{REMOVABLE}.html").exists()
    work = repo / ".cache" / "portal" / "site" / "public"
    assert not (work / "docs" / "projects" / f"{REMOVABLE}.md").exists()
    assert not (work / "site" / "projects" / f"{REMOVABLE}.html").exists()
    same_as_from_scratch(repo)


@pytest.mark.parametrize(("file", "old", "new"), [
    ("data/units.yaml", "name: 吉木萨尔县发展和改革委员会", "name: 吉木萨尔县发展改革委"),
    ("data/calendar.yaml", "years: []",
     "years:\n  - year: 2027\n    source: 国务院办公厅关于2027年部分节假日安排的通知（测试）\n"
     "    holidays: [2027-01-04]\n    workdays: []"),
    ("data/rules.yaml", "    title: 吉木萨尔县社会投资项目服务管理办法\n",
     "    title: 吉木萨尔县社会投资项目服务管理办法（修订）\n"),
    ("docs/how-to-edit.md", "# ", "# 新版："),
], ids=["unit-name", "calendar", "rules", "hand-written-page"])
def test_what_a_page_shows_from_other_files_is_rebuilt(repo, file, old, new):
    build(repo, "site")
    path = repo / file
    text = path.read_text(encoding="utf-8")
    if old not in text:
        pytest.fail(f"{file} no longer holds {old!r}: update the test")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    build(repo, "site")
    same_as_from_scratch(repo)


def test_a_changed_site_configuration_builds_every_page_and_says_why(repo):
    build(repo, "site")
    edit(repo / "mkdocs.yml", "site_name: ", "site_name: 新")
    done = build(repo, "site")
    assert rebuilt(done) is None
    assert "网站配置已改变" in done.stderr
    same_as_from_scratch(repo)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "foreign"])
def test_a_damaged_cache_is_ignored_with_a_notice(repo, damage):
    build(repo, "site")
    state = repo / ".cache" / "portal" / "site" / "public" / "state.json"
    if damage == "truncated":
        state.write_bytes(state.read_bytes()[:40])
    elif damage == "garbage":
        state.write_bytes(b"\x00\xff not json")
    else:
        state.write_text(json.dumps({"format": 999}), encoding="utf-8")
    project = sorted((repo / "data" / "projects").glob("*.yaml"))[0]
    edit(project, "name: ", "name: 新")
    done = build(repo, "site")
    assert rebuilt(done) is None
    if damage != "foreign":
        assert "网站缓存" in done.stderr and "state.json 无法读取" in done.stderr   # names its file
    same_as_from_scratch(repo)


def test_an_output_page_removed_from_the_cache_is_built_again(repo):
    build(repo, "site")
    work = repo / ".cache" / "portal" / "site" / "public" / "site"
    victim = sorted((work / "projects").glob("*.html"))[0]
    victim.unlink()
    build(repo, "site")
    same_as_from_scratch(repo)


def test_the_key_changes_with_the_generator_code_schemas_tools_and_the_configuration(tmp_path, monkeypatch):
    package = tmp_path / "generator"
    (package / "templates").mkdir(parents=True)
    template = package / "templates" / "project.md.j2"
    template.write_text("# {{ name }}\n", encoding="utf-8")
    monkeypatch.setattr(buildcache, "PACKAGE", package)
    buildcache.code_fingerprint.cache_clear()     # once per process: a running tool's own code
    config = {"site_name": "县", "nav": [{"首页": "index.md"}], "docs_dir": "/a", "site_dir": "/b"}
    key = sitecache.cache_key(config)
    assert sitecache.cache_key({**config, "docs_dir": "/elsewhere", "site_dir": "/other"}) == key
    assert sitecache.cache_key({**config, "site_name": "乡"}) != key
    template.write_text("# {{ name }}！\n", encoding="utf-8")
    buildcache.code_fingerprint.cache_clear()
    assert sitecache.cache_key(config) != key
    key = sitecache.cache_key(config)
    schemas = tmp_path / "schema"            # the schemas decide what a public page may show
    schemas.mkdir()
    (schemas / "project.schema.json").write_text('{"type": "object"}', encoding="utf-8")
    monkeypatch.setattr(buildcache, "SCHEMAS", schemas)
    buildcache.code_fingerprint.cache_clear()
    key = sitecache.cache_key(config)
    (schemas / "project.schema.json").write_text('{"type": "object", "x-internal": true}', encoding="utf-8")
    buildcache.code_fingerprint.cache_clear()
    assert sitecache.cache_key(config) != key
    key = sitecache.cache_key(config)
    # A newer chinese-calendar may know more holidays: other working days, other facts.
    real = buildcache.metadata.version
    monkeypatch.setattr(buildcache.metadata, "version",
                        lambda name: "99.0" if name == "chinese-calendar" else real(name))
    buildcache.code_fingerprint.cache_clear()
    assert sitecache.cache_key(config) != key
    buildcache.code_fingerprint.cache_clear()     # the real code's again, for the other tests
    monkeypatch.undo()


def test_navigation_without_titles_is_never_built_dirty():
    assert sitecache.titled([{"首页": "index.md"}, {"项目": [{"列表": "projects/index.md"}]}])
    assert not sitecache.titled([{"首页": "index.md"}, "about.md"])
    assert not sitecache.titled(None)


def test_a_second_build_of_the_same_folder_at_once_does_not_use_the_cache(repo):
    build(repo, "site")
    root, config = sitecache.WorkFolder.folder_of(repo, "public"), {"nav": [{"首页": "index.md"}]}
    folder = sitecache.WorkFolder.open(root, config)
    assert folder is not None
    try:
        assert sitecache.WorkFolder.open(root, config) is None
        done = build(repo, "other")
        assert rebuilt(done) is None
    finally:
        folder.close()


def test_damaged_parses_in_the_cache_are_ignored_and_the_site_is_the_same(repo):
    build(repo, "site")
    parsed = repo / ".cache" / "portal" / "parsed.jsonl"
    lines = parsed.read_bytes().split(b"\n")
    assert len(lines) > 20                          # every data file's parse is kept
    parsed.write_bytes(b"\n".join(lines[:7]))       # cut off mid-way, as by a full disk
    done = build(repo, "site")
    assert "解析缓存" in done.stderr and "已忽略" in done.stderr
    same_as_from_scratch(repo)
    assert len(parsed.read_bytes().split(b"\n")) == len(lines)   # rewritten whole


def test_a_rebuild_cuts_only_new_search_words_and_the_site_is_the_same(repo):
    """jieba's dictionary (half a second) is loaded only when a rebuilt page's search text holds
    a run of Chinese characters no earlier build cut (``build/words.py``)."""
    assert "jieba loaded" in build(repo, "site").stdout
    project = sorted((repo / "data" / "projects").glob("*.yaml"))[1]
    edit(project, "total_investment: ", "total_investment: 1")     # a figure, no new words
    done = build(repo, "site")
    assert rebuilt(done) and "jieba idle" in done.stdout
    same_as_from_scratch(repo)
    name = next(line for line in project.read_text(encoding="utf-8").splitlines() if line.startswith("name: "))
    edit(project, name, name + "（更名）")
    assert "jieba loaded" in build(repo, "site").stdout
    words = json.loads((repo / ".cache" / "portal" / "site" / "public" / "words.json").read_bytes())
    assert words["更名"] == ["更名"]
    same_as_from_scratch(repo)


@pytest.mark.parametrize("damage", ["garbage", "wrong-cut"])
def test_damaged_search_words_in_the_cache_are_not_used(repo, damage):
    build(repo, "site")
    kept = repo / ".cache" / "portal" / "site" / "public" / "words.json"
    words = json.loads(kept.read_bytes())
    if damage == "garbage":
        kept.write_bytes(b"\x00\xff not json")
    else:                       # cuts that do not join up to their run
        kept.write_text(json.dumps({run: ["错"] for run in words}, ensure_ascii=False), encoding="utf-8")
    project = sorted((repo / "data" / "projects").glob("*.yaml"))[1]
    edit(project, "total_investment: ", "total_investment: 1")
    done = build(repo, "site")
    assert rebuilt(done) and "jieba loaded" in done.stdout
    if damage == "garbage":
        assert "分词缓存" in done.stderr and "words.json 无法读取" in done.stderr
    same_as_from_scratch(repo)


def test_a_configuration_with_its_own_jieba_dictionary_keeps_no_cuts():
    assert words_module.keepable({"plugins": [{"search": {"separator": " "}}, "tags"]})
    assert not words_module.keepable({"plugins": [{"search": {"jieba_dict_user": "words.txt"}}]})
    assert not words_module.keepable({"plugins": [{"material/search": {"jieba_dict": "dict.txt"}}]})
