"""`portal demo`: a synthetic data repository that validates, has history and is reproducible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git
import pytest
import yaml

from generator.demo import default_commits, make_demo
from generator.demo.yamltext import scalar
from generator.load import Document, parse
from generator.schemas import is_credit_code, is_project_code

PROJECTS, COMMITS = 12, 30


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "repo"
    make_demo(out, PROJECTS, seed=5, commits=COMMITS)
    return out


def data_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def test_the_demo_data_validates_with_exit_0(run, demo):
    result = run("validate", "--data", str(demo / "data"))
    assert result.code == 0, result.out
    assert "全部通过" in result.out


def test_it_has_the_requested_number_of_projects_laid_out_like_ours(demo):
    assert len(list((demo / "data" / "projects").glob("*.yaml"))) == PROJECTS
    for name in ("units", "leaders", "townships", "approval-items", "rules", "meetings", "notices",
                 "targets", "calendar"):
        assert (demo / "data" / f"{name}.yaml").is_file()
    for path in (demo / "data").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), first


def test_it_has_at_least_the_requested_commits_in_date_order_ending_2026_11(demo):
    with git.Repo(demo) as repo:
        commits = list(repo.iter_commits("HEAD"))
        dirty = repo.is_dirty(untracked_files=True)
    assert len(commits) >= COMMITS
    dates = [c.committed_datetime for c in reversed(commits)]
    assert dates == sorted(dates)
    assert dates[-1].date() <= dt.date(2026, 11, 26) and dates[-1].year == 2026 and dates[-1].month == 11
    assert dates[0].date() <= dt.date(2024, 12, 31)
    assert not dirty
    assert any("月报" in c.message for c in commits)


def test_the_same_seed_gives_identical_files_and_history(demo, tmp_path):
    again = tmp_path / "again"
    make_demo(again, PROJECTS, seed=5, commits=COMMITS)
    assert data_files(again) == data_files(demo)
    with git.Repo(again) as one, git.Repo(demo) as other:
        assert one.head.commit.hexsha == other.head.commit.hexsha


def test_another_seed_gives_other_data(demo, tmp_path):
    other = tmp_path / "other"
    make_demo(other, PROJECTS, seed=6, commits=COMMITS)
    assert data_files(other) != data_files(demo)


def test_a_non_empty_out_is_refused_with_exit_2(run, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("x", encoding="utf-8")
    result = run("demo", "--projects", "3", "--out", str(tmp_path / "busy"))
    assert result.code == 2
    assert "不是空文件夹" in result.err
    assert (tmp_path / "busy" / "keep.txt").read_text(encoding="utf-8") == "x"


def test_the_command_prints_a_one_line_chinese_summary(run, tmp_path):
    result = run("demo", "--projects", "2", "--out", str(tmp_path / "small"), "--seed", "1")
    assert result.code == 0, result.err
    lines = result.out.strip().splitlines()
    with git.Repo(tmp_path / "small") as repo:
        commits = len(list(repo.iter_commits("HEAD")))
    assert len(lines) == 1 and "2 个项目" in lines[0] and f"{commits} 次提交" in lines[0]
    assert "字节" in lines[0]


def test_by_default_there_are_about_two_commits_per_project_and_at_least_24():
    assert default_commits(3) == 24
    assert default_commits(1000) == 2000


def test_asking_for_more_commits_than_the_data_can_fill_is_a_usage_error(run, tmp_path):
    result = run("demo", "--projects", "1", "--commits", "100000", "--out", str(tmp_path / "x"))
    assert result.code == 2
    assert "--commits" in result.err


def test_every_project_carries_valid_codes_and_realistic_history(demo):
    reports = 0
    for path in (demo / "data" / "projects").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert is_credit_code(data["investor"]["credit_code"])
        if "project_code" in data:
            assert is_project_code(data["project_code"])
        reports += len(data.get("monthly_reports", []))
    assert reports >= PROJECTS  # some projects report for years


@pytest.mark.parametrize("value", ["13800000000", "yes", "a: b", "#x", "1e5", "0x1F", "- item", "12:30",
                                   "2026-03-02", "2026-03", "北庭镇 #2", "3号厂房", "吉发改备〔2025〕12号", ""])
def test_scalars_read_back_as_the_same_string(value):
    doc = Document(Path("x.yaml"), "x.yaml", None)
    assert parse(f"key: {scalar(value)}\n", doc) == []
    assert doc.data == {"key": value}


@pytest.fixture(scope="module")
def larger_demo(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """Enough projects to reach every stage, both five-year plans and design capacity."""
    from tests.unit.test_sample_data import load
    out = tmp_path_factory.mktemp("demo") / "larger"
    make_demo(out, 60, seed=11, commits=120)
    return [load(p) for p in sorted((out / "data" / "projects").glob("*.yaml"))]


def test_the_synthetic_projects_are_as_plausible_as_the_sample_data(larger_demo):
    from tests.unit.test_sample_data import CHECKS
    problems = {(p["id"], c.__name__): c(p) for p in larger_demo for c in CHECKS}
    assert {k: v for k, v in problems.items() if v} == {}
    years = {p["assessment"]["date"][:4] for p in larger_demo if "date" in p.get("assessment", {})}
    assert {"2025", "2026"} <= years           # both plans are exercised
    reached = [p for p in larger_demo if "capacity_reached" in p.get("production", {})]
    assert reached and all(p["production"]["capacity_reached"] >= p["production"]["started"]
                           for p in reached)


def test_the_synthetic_leaders_hear_briefings_and_visit_sites_as_two_duties(larger_demo):
    visits = [v for p in larger_demo for v in p.get("visits", [])]
    assert {v["kind"] for v in visits} == {"briefing", "site_visit"}
    assert all(("听取" in v["note"]) == (v["kind"] == "briefing") for v in visits)
    winter_notes = [v for v in visits if "冬" in v["note"]]
    assert winter_notes and all(int(v["date"][5:7]) in (11, 12, 1, 2, 3) for v in winter_notes)
