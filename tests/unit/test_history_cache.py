"""The history cache: what comparing two versions found is kept between reads, keyed by the
blob pair in a file named after everything else the texts depend on. A read with the cache
gives exactly the history a read without it gives; a warm read asks git for no version; a new
commit costs only its own versions; a damaged cache is ignored with a notice, never trusted."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest

from generator.history import cache as cache_module
from generator.history import read_history
from generator.history.plumbing import BlobReader
from tests.unit.test_history import SOLAR_V6, commit_all, scripted_repo

NAMES = {"item_names": {"eia-table": "环评批复"}, "unit_names": {"shanggongju": "商务和工业信息化局"}}


def cache_files(root: Path) -> list[Path]:
    return sorted((root / ".cache" / "portal" / "history").glob("*.json.gz"))


@pytest.fixture
def requests(monkeypatch) -> list[str]:
    """The versions asked of ``git cat-file`` (each is still fetched)."""
    asked: list[str] = []
    real = BlobReader.request

    def request(self, blob):
        asked.append(blob)
        real(self, blob)

    monkeypatch.setattr(BlobReader, "request", request)
    return asked


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_a_read_with_the_cache_gives_the_history_a_read_without_it_gives(tmp_path, audience, requests):
    repo = scripted_repo(tmp_path)
    plain = read_history(repo.data, audience=audience, **NAMES)
    cold = read_history(repo.data, audience=audience, cache=True, **NAMES)
    assert len(cache_files(repo.root)) == 1
    requests.clear()
    warm = read_history(repo.data, audience=audience, cache=True, **NAMES)
    assert plain.status == "ok" and len(plain.revisions) == 7
    assert cold == plain and warm == plain
    assert requests == []   # every pair was known: git gave the log and no version


def test_a_new_commit_costs_only_its_own_versions(tmp_path, requests):
    repo = scripted_repo(tmp_path)
    read_history(repo.data, cache=True, **NAMES)
    project = repo.data / "projects" / "2026-solar.yaml"
    project.write_text(SOLAR_V6.replace("stage: production", "stage: operation"), encoding="utf-8")
    commit_all(repo.root, "项目达产", "2026-09-01T09:00:00+08:00")
    requests.clear()
    warm = read_history(repo.data, cache=True, **NAMES)
    assert len(requests) == 2                         # the new version and its parent
    assert warm == read_history(repo.data, **NAMES)
    assert warm.revisions[0].message == "项目达产"


def test_the_cache_lives_in_the_repository_and_git_ignores_it(tmp_path):
    repo = scripted_repo(tmp_path)
    read_history(repo.data, cache=True)
    status = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=repo.root, check=True,
                            capture_output=True, text=True).stdout
    assert "!! .cache/" in status and "??" not in status


@pytest.mark.parametrize("damage", [
    b"not gzip at all",
    gzip.compress(b'{"format": 1, "pairs": ')[:-3],                     # truncated
    gzip.compress(json.dumps({"format": 999, "pairs": {}}).encode()),   # another version
    gzip.compress(b"[1, 2, 3]"),
])
def test_a_damaged_cache_file_is_ignored_with_a_notice_and_rewritten(tmp_path, capsys, damage):
    repo = scripted_repo(tmp_path)
    plain = read_history(repo.data)
    read_history(repo.data, cache=True)
    [path] = cache_files(repo.root)
    path.write_bytes(damage)
    assert read_history(repo.data, cache=True) == plain
    assert "历史缓存" in capsys.readouterr().err
    assert read_history(repo.data, cache=True) == plain
    assert capsys.readouterr().err == ""     # rewritten whole: read without a notice


def test_a_malformed_entry_is_compared_again_not_trusted(tmp_path, capsys):
    repo = scripted_repo(tmp_path)
    plain = read_history(repo.data)
    read_history(repo.data, cache=True)
    [path] = cache_files(repo.root)
    stored = json.loads(gzip.decompress(path.read_bytes()))
    for key in stored["pairs"]:
        stored["pairs"][key] = [["篡改"], "x", None, 1, 2, 3]
    path.write_bytes(gzip.compress(json.dumps(stored).encode()))
    assert read_history(repo.data, cache=True) == plain
    assert "格式不对" in capsys.readouterr().err


def test_names_audience_and_code_each_have_their_own_cache(tmp_path, monkeypatch):
    repo = scripted_repo(tmp_path)
    read_history(repo.data, cache=True, **NAMES)
    renamed = {**NAMES, "item_names": {"eia-table": "环境影响评价审批"}}
    history = read_history(repo.data, cache=True, **renamed)
    assert history == read_history(repo.data, **renamed)
    assert any("环境影响评价审批" in c.text_zh for r in history.revisions for c in r.changes)
    read_history(repo.data, cache=True, audience="internal", **NAMES)
    assert len(cache_files(repo.root)) == 3
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version of the portal")
    read_history(repo.data, cache=True, **NAMES)
    assert len(cache_files(repo.root)) == cache_module.KEEP_FILES   # the oldest one pruned


def test_values_orjson_cannot_write_exactly_are_kept_exactly(tmp_path):
    """A version's raw values are any YAML values: a NaN and an integer beyond 64 bits too."""
    import math

    from generator.history.cache import Compared, PairCache
    from generator.history.model import Change

    change = Change(("total_investment",), "total_investment", "changed", "总投资", math.nan, 2**70,
                    "总投资：NaN → 很大")
    cache = PairCache(tmp_path, "context")
    cache.put("M:a:b", Compared((change,), 0, False, "项目", "unit", False))
    cache.save()
    found = PairCache(tmp_path, "context").get("M:a:b")
    assert found is not None
    [kept] = found.changes
    assert math.isnan(kept.before) and kept.after == 2**70 and kept.text_zh == change.text_zh
