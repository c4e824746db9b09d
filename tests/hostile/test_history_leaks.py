"""A data repository whose earlier commits put personal data where the schema does not
publish it - an unknown key holding a phone number, complaints written as plain strings,
a list item of the wrong type, an unknown key whose very name is personal - builds a
public site (``portal build --audience public``) in which none of those texts appears
anywhere: pages, feeds, downloads, search index. The internal site shows them.

And one bad old commit never breaks the history: a 3 MB version and a version with 1,000
nested mappings are noted in their revisions, and the later revisions show as usual."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from generator.commands.cli import main
from tests.acceptance.sitecheck import read
from tests.conftest import FIXTURES
from tests.unit.test_history import commit_all

pytestmark = pytest.mark.hostile

AS_OF = "2026-12-03"
PROJECT = "projects/2026-base-pv.html"
# The texts of the bad commits, each once; none may reach the public site.
UNKNOWN_TOP = "13711112222"          # (a) an unknown top-level key holding a phone number
UNKNOWN_NESTED = "王五13622223333"   # (a) an unknown key inside the investor
COMPLAINT = "赵六投诉13533334444"    # (b) a complaint as a plain string
COMPLAINANT = "孙七"                 # a complainant at its own (internal) place
WRONG_ITEM = "钱八13444445555"       # (c) a monthly report that is a string
KEY_NAME = "周九手机"                # an unknown key whose name is personal data
KEY_VALUE = "13355556666"
MARKERS = (UNKNOWN_TOP, UNKNOWN_NESTED, COMPLAINT, COMPLAINANT, WRONG_ITEM, KEY_NAME, KEY_VALUE)


def _git_repo(root: Path) -> tuple[Path, str]:
    shutil.copytree(FIXTURES / "base", root / "data")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    commit_all(root, "新建项目", "2026-03-01T10:00:00+08:00")
    project = root / "data" / "projects" / "2026-base-pv.yaml"
    return project, project.read_text(encoding="utf-8")


def _commit(root: Path, project: Path, text: str, message: str, date: str) -> None:
    project.write_text(text, encoding="utf-8")
    commit_all(root, message, date)


def _leaky_repo(root: Path) -> Path:
    project, good = _git_repo(root)
    bad = good.replace("internal_notes:", f'private_phone: "{UNKNOWN_TOP}"\ninternal_notes:')
    bad = bad.replace("  credit_code:", f"  backup: {UNKNOWN_NESTED}\n  credit_code:")
    _commit(root, project, bad, "补充联系方式", "2026-04-01T10:00:00+08:00")
    bad += ("complaints:\n"
            f"  - {COMPLAINT}\n"
            f"  - {{date: 2026-04-02, summary: 乱收费, status: open, complainant: {COMPLAINANT}}}\n")
    _commit(root, project, bad, "登记投诉", "2026-04-03T10:00:00+08:00")
    bad = bad.replace("    reported: 2026-03-31\n", f"    reported: 2026-03-31\n  - {WRONG_ITEM}\n")
    bad = f'{KEY_NAME}: "{KEY_VALUE}"\n' + bad
    _commit(root, project, bad, "补充月报", "2026-04-05T10:00:00+08:00")
    # Later good commits: the bad texts are removed again, and a normal change follows.
    _commit(root, project, good, "改正格式", "2026-04-10T10:00:00+08:00")
    fixed = good.replace("    submitted: 2026-04-01\n", "    submitted: 2026-04-01\n    completed: 2026-04-20\n")
    _commit(root, project, fixed, "环评批复已办结", "2026-04-25T10:00:00+08:00")
    return root / "data"


def _build(data: Path, out: Path, audience: str) -> Path:
    code = main(["build", "--data", str(data), "--out", str(out), "--audience", audience, "--as-of", AS_OF])
    assert code == 0
    return out


def site_text(site: Path) -> str:
    """Every text the site publishes: each file, with Excel and gzip members unpacked and
    JSON read back (``\\u`` escapes would hide Chinese text from a plain search)."""
    parts = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                parts += [book.read(name).decode("utf-8", "replace") for name in book.namelist()]
            continue
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8", "replace")
        parts.append(text)
        if path.suffix == ".json":
            parts.append(json.dumps(json.loads(text), ensure_ascii=False))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def leaky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _leaky_repo(tmp_path_factory.mktemp("leaky") / "repo")


@pytest.fixture(scope="module")
def public_site(leaky: Path) -> Path:
    return _build(leaky, leaky.parent.parent / "public", "public")


@pytest.fixture(scope="module")
def internal_site(leaky: Path) -> Path:
    return _build(leaky, leaky.parent.parent / "internal", "internal")


def test_the_public_site_shows_no_text_from_misplaced_values_in_old_commits(public_site, internal_site):
    text = site_text(public_site)
    assert "search_index.json" in "".join(p.name for p in public_site.rglob("*.json"))
    assert list(public_site.rglob("*.xlsx")) and list(public_site.rglob("*.xml"))
    for marker in MARKERS:
        assert marker not in text, marker
    # The internal site shows them (the complainant sits in a list shown whole there, cut
    # at 40 characters before it).
    internal = site_text(internal_site)
    for marker in set(MARKERS) - {COMPLAINANT}:
        assert marker in internal, marker


def test_the_public_history_says_where_content_was_withheld(public_site):
    rows = read(public_site, PROJECT).table("portal-revisions").rows
    assert len(rows) == 6
    assert "（内容不符合格式，未公开）" in "".join(row[3] for row in rows)
    assert "审批事项 建设项目环境影响报告表审批：办结日期 空 → 2026-04-20" in rows[0][3]
    for page in ("feed.xml", "changes.html", "feeds/shanggongju.xml"):
        assert "（内容不符合格式，未公开）" in (public_site / page).read_text(encoding="utf-8"), page


def _heavy_repo(root: Path) -> Path:
    project, good = _git_repo(root)
    big = good + "".join(f"# 填充注释 {n:07d} " + "x" * 80 + "\n" for n in range(33_000))
    assert len(big.encode()) > 3 * 1024 * 1024
    _commit(root, project, big, "误提交的大文件", "2026-04-01T10:00:00+08:00")
    deep = good + "internal_notes_2:\n" + "".join(" " * (n + 1) + f"k{n}:\n" for n in range(1000))
    _commit(root, project, deep, "嵌套过深", "2026-04-02T10:00:00+08:00")
    fixed = good.replace("    submitted: 2026-04-01\n", "    submitted: 2026-04-01\n    completed: 2026-04-20\n")
    _commit(root, project, fixed, "环评批复已办结", "2026-04-25T10:00:00+08:00")
    _commit(root, project, fixed.replace("stage: landing", "stage: production"), "项目投产",
            "2026-05-10T10:00:00+08:00")
    return root / "data"


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_a_huge_or_deeply_nested_old_version_is_noted_and_later_revisions_show(tmp_path, audience):
    data = _heavy_repo(tmp_path / "repo")
    started = time.monotonic()
    site = _build(data, tmp_path / "site", audience)
    assert time.monotonic() - started < 60
    rows = read(site, PROJECT).table("portal-revisions").rows
    assert [row[2] for row in rows] == ["项目投产", "环评批复已办结", "嵌套过深", "误提交的大文件", "新建项目"]
    assert rows[0][3] == "当前阶段：项目落地 → 项目投产"
    assert "审批事项 建设项目环境影响报告表审批：办结日期 空 → 2026-04-20" in rows[1][3]
    assert rows[2][3] == "此版本的文件格式有误，无法逐项比较"
    assert rows[3][3] == "文件过大，未解析"
