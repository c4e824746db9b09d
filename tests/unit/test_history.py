"""History from git: one pass over a scripted repository, field diffs in Chinese, and the
cases where history is missing (no git, no commits, shallow clone, uncommitted file)."""

from __future__ import annotations

import datetime as dt
import gc
import os
import subprocess
import weakref
from dataclasses import dataclass
from pathlib import Path

import git
import pytest

from generator.history import read_history, revisions
from generator.history.pieces import Pieces
from generator.history.plumbing import when as _when

SHANGHAI_OFFSET = dt.timedelta(hours=8)

SOLAR_V1 = """\
# 一个示例项目
id: 2026-solar
name: 北庭镇20MW分布式光伏项目
stage: landing
lead_unit: shanggongju
industry: new_energy
location:
  township: beiting-town
total_investment: 8000
content: 建设20MW分布式光伏电站
investor:
  name: 新疆示例新能源有限公司
  contact:
    person: 王五
    phone: "13800000000"
approvals:
  - item: filing
    submitted: 2026-01-05
    completed: 2026-01-07
  - item: eia-table
    submitted: 2026-02-02
monthly_reports:
  - month: 2026-01
    invested: 100
    cumulative: 100
    progress_percent: 2
    reported: 2026-01-30
"""

MILL = """\
id: 2026-mill
name: 三台镇面粉加工项目
stage: signing
lead_unit: nongye
industry: agri_processing
location:
  township: santai-town
total_investment: 3000
investor:
  name: 新疆示例面粉有限公司
"""

LONG_CONTENT = "建设20MW分布式光伏电站及配套储能设施，" * 5

SOLAR_V2 = SOLAR_V1.replace("    submitted: 2026-02-02\n",
                            "    submitted: 2026-02-02\n    completed: 2026-03-20\n")
SOLAR_V3 = SOLAR_V2 + """\
  - month: 2026-03
    invested: 400
    cumulative: 500
    progress_percent: 10
    reported: 2026-03-31
"""
SOLAR_V4 = SOLAR_V3.replace("stage: landing", "stage: production").replace(
    "content: 建设20MW分布式光伏电站\n", f"content: {LONG_CONTENT}\n") + """\
problems:
  - id: p1
    title: 并网线路迟迟未接通
    level: general
    owner_unit: gongdian
    raised: 2026-05-08
    status: open
"""
SOLAR_V6 = SOLAR_V4.replace("    status: open\n", "    resolved: 2026-06-28\n    status: resolved\n").replace(
    '"13800000000"', '"13900000000"')


@dataclass
class Scripted:
    root: Path           # the repository
    data: Path           # root / "data"
    commits: list[str]   # hashes, oldest first


def commit_all(root: Path, message: str, date: str, author: str = "李明") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "clerk@example.gov.cn",
           "GIT_COMMITTER_NAME": "领导小组办公室", "GIT_COMMITTER_EMAIL": "office@example.gov.cn",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "--no-gpg-sign", "-m", message], cwd=root, check=True, env=env)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, env=env,
                          capture_output=True, text=True).stdout.strip()


def scripted_repo(tmp_path: Path) -> Scripted:
    """Seven commits: create, complete an approval, file a report, change stage and raise a
    problem, add a second project, resolve the problem, delete the second project."""
    root = tmp_path / "repo"
    projects = root / "data" / "projects"
    projects.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    steps: list[tuple[dict[str, str | None], str, str]] = [
        ({"2026-solar.yaml": SOLAR_V1, "../approval-items.yaml": "items: []\n"},
         "新建项目：北庭镇光伏", "2026-01-15T10:00:00+08:00"),
        ({"2026-solar.yaml": SOLAR_V2}, "环评批复已办结", "2026-03-20T16:30:00+08:00"),
        # 17:30 UTC on 31 March is already 1 April in Shanghai
        ({"2026-solar.yaml": SOLAR_V3}, "报送 2026年3月 月报", "2026-03-31T17:30:00+00:00"),
        ({"2026-solar.yaml": SOLAR_V4}, "项目投产；登记并网问题", "2026-05-10T09:00:00+08:00"),
        ({"2026-mill.yaml": MILL}, "新建项目：面粉加工", "2026-06-01T09:00:00+08:00"),
        ({"2026-solar.yaml": SOLAR_V6}, "并网问题已解决 <script>alert(1)</script> & \x01",
         "2026-07-01T09:00:00+08:00"),
        ({"2026-mill.yaml": None}, "项目终止，删除面粉加工项目文件", "2026-08-03T11:00:00+08:00"),
    ]
    commits = []
    for files, message, date in steps:
        for name, text in files.items():
            path = projects / name
            if text is None:
                path.unlink()
            else:
                path.write_text(text, encoding="utf-8")
        commits.append(commit_all(root, message, date))
    return Scripted(root, root / "data", commits)


@pytest.fixture
def repo(tmp_path: Path) -> Scripted:
    return scripted_repo(tmp_path)


def texts(revision) -> list[str]:
    return [c.text_zh for c in revision.changes]


def test_every_project_revision_is_read_with_date_author_message_and_changes(repo):
    history = read_history(repo.data, item_names={"eia-table": "环评批复"})
    assert history.status == "ok" and history.message == ""
    assert [r.commit for r in history.revisions] == [
        repo.commits[6], repo.commits[5], repo.commits[4], repo.commits[3], repo.commits[2],
        repo.commits[1], repo.commits[0]]
    solar = history.by_project["2026-solar"]
    assert [r.summary for r in solar] == ["并网问题已解决 <script>alert(1)</script> & \x01",
                                          "项目投产；登记并网问题", "报送 2026年3月 月报",
                                          "环评批复已办结", "新建项目：北庭镇光伏"]
    assert all(r.author == "李明" for r in history.revisions)
    assert solar[-1].added and solar[-1].changes == () and solar[-1].changes_zh == ["新建项目文件"]
    assert texts(solar[3]) == ["审批事项 环评批复：办结日期 空 → 2026-03-20"]
    assert texts(solar[2]) == ["月报 2026-03：新增"]
    assert texts(solar[1])[0] == "当前阶段：项目落地 → 项目投产"
    assert solar[1].project_name == "北庭镇20MW分布式光伏项目" and solar[1].lead_unit == "shanggongju"


def test_dates_are_in_shanghai_time_and_last_updated_is_the_latest_commit(repo):
    history = read_history(repo.data)
    report = history.by_project["2026-solar"][2]
    assert report.date.utcoffset() == SHANGHAI_OFFSET
    assert (report.date.year, report.date.month, report.date.day, report.date.hour) == (2026, 4, 1, 1)
    assert history.last_updated["2026-solar"] == dt.datetime.fromisoformat("2026-07-01T09:00:00+08:00")
    assert history.last_updated["2026-mill"] == dt.datetime.fromisoformat("2026-08-03T11:00:00+08:00")
    page = history.for_project("2026-solar")
    assert page.status == "ok" and page.last_updated == history.last_updated["2026-solar"]


def test_a_field_diff_names_list_items_by_their_natural_key_and_truncates_long_text(repo):
    changes = read_history(repo.data).by_project["2026-solar"][1].changes
    by_path = {c.key_path: c for c in changes}
    assert set(by_path) == {"stage", "content", "problems[p1]"}
    content = by_path["content"]
    assert content.label_zh == "建设内容及规模" and content.kind == "changed"
    assert content.text_zh.startswith("建设内容及规模：建设20MW分布式光伏电站 → 建设20MW")
    assert content.text_zh.endswith("…") and len(content.text_zh) < 100
    assert content.after == LONG_CONTENT  # the raw value is kept whole
    problem = by_path["problems[p1]"]
    assert problem.kind == "added" and problem.path == ("problems", "p1")
    assert problem.text_zh == "问题 p1：新增“并网线路迟迟未接通”"


def test_without_a_catalogue_an_approval_is_named_by_its_item_id(repo):
    revision = read_history(repo.data).by_project["2026-solar"][3]
    assert texts(revision) == ["审批事项 eia-table：办结日期 空 → 2026-03-20"]
    assert revision.changes[0].path == ("approvals", "eia-table", "completed")


def test_internal_fields_are_left_out_of_the_public_history(repo):
    public = read_history(repo.data).by_project["2026-solar"][0]
    assert texts(public) == ["问题 p1：解决日期 空 → 2026-06-28", "问题 p1：处理状态 待处理 → 已解决"]
    assert public.hidden_changes == 1
    assert public.changes_zh[-1] == "另有 1 处内部信息修改（不公开）"
    assert not any("1380" in t or "1390" in t for r in read_history(repo.data).revisions
                   for t in r.changes_zh)
    internal = read_history(repo.data, audience="internal").by_project["2026-solar"][0]
    assert "投资主体：企业联系人（内部）：联系电话 13800000000 → 13900000000" in texts(internal)
    assert internal.hidden_changes == 0


def test_a_deleted_project_keeps_its_history_and_its_name(repo):
    mill = read_history(repo.data).by_project["2026-mill"]
    assert [(r.added, r.deleted) for r in mill] == [(False, True), (True, False)]
    assert mill[0].project_name == "三台镇面粉加工项目" and mill[0].lead_unit == "nongye"
    assert mill[0].changes_zh == ["删除项目文件"]


def test_files_outside_projects_are_not_project_history(repo):
    history = read_history(repo.data)
    assert set(history.by_project) == {"2026-solar", "2026-mill"}


def test_a_new_file_without_commits_says_so(repo):
    (repo.data / "projects" / "2026-new.yaml").write_text(MILL.replace("2026-mill", "2026-new"))
    page = read_history(repo.data).for_project("2026-new")
    assert page.status == "uncommitted" and page.revisions == () and page.last_updated is None
    assert "还没有提交记录" in page.message


def test_a_folder_outside_git_has_no_history_and_a_chinese_reason(tmp_path):
    data = tmp_path / "plain" / "data"
    (data / "projects").mkdir(parents=True)
    (data / "projects" / "2026-mill.yaml").write_text(MILL)
    history = read_history(data)
    assert history.status == "no_git" and "不在 git 仓库中" in history.message
    assert history.revisions == () and not history.available
    page = history.for_project("2026-mill")
    assert page.status == "no_git" and page.message == history.message


def test_a_missing_data_folder_is_not_an_exception(tmp_path):
    assert read_history(tmp_path / "nowhere").status == "no_git"


def test_a_repository_without_commits_says_so(tmp_path):
    root = tmp_path / "fresh"
    (root / "data" / "projects").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    history = read_history(root / "data")
    assert history.status == "no_commits" and "还没有任何提交" in history.message


def shallow_clone(repo: Scripted, tmp_path: Path, depth: int) -> Path:
    clone = tmp_path / f"clone{depth}"
    subprocess.run(["git", "clone", "-q", "--depth", str(depth), repo.root.as_uri(), str(clone)],
                   check=True)
    return clone


def test_a_shallow_clone_reads_what_it_has_and_names_the_earliest_commit(repo, tmp_path):
    clone = shallow_clone(repo, tmp_path, 2)
    history = read_history(clone / "data")
    assert history.status == "shallow" and history.available
    assert history.earliest_commit == repo.commits[5]
    assert history.earliest_date == dt.datetime.fromisoformat("2026-07-01T09:00:00+08:00")
    assert "浅克隆" in history.message and repo.commits[5][:7] in history.message
    assert "2026-07-01" in history.message
    # The boundary commit looks as if it created every file: it is not a revision.
    assert [(r.project_id, r.deleted) for r in history.revisions] == [("2026-mill", True)]
    page = history.for_project("2026-solar")
    assert page.status == "shallow" and page.revisions == ()
    assert "不完整" in page.message and "此后本项目没有改动" in page.message


def test_a_depth_one_clone_as_ci_makes_it_has_no_revisions_but_says_why(repo, tmp_path):
    history = read_history(shallow_clone(repo, tmp_path, 1) / "data")
    assert history.status == "shallow" and history.revisions == ()
    assert history.earliest_commit == repo.commits[6]
    assert "fetch-depth: 0" in history.message


def test_a_git_failure_becomes_a_status_not_an_exception(repo, monkeypatch):
    def broken(self, command, *args, **kwargs):
        raise git.GitCommandError(command, 128, b"fatal: detected dubious ownership")

    monkeypatch.setattr(git.cmd.Git, "execute", broken)
    history = read_history(repo.data)
    assert history.status == "error" and "dubious ownership" in history.message


def test_a_limit_reads_only_the_newest_commits(repo):
    history = read_history(repo.data, limit=2)
    assert [r.commit for r in history.revisions] == [repo.commits[6], repo.commits[5]]
    assert history.truncated and "最近 2 次提交" in history.message
    assert history.for_project("2026-solar").status == "ok"


def test_an_unreadable_version_is_marked_and_the_next_one_diffs_against_the_last_good(repo):
    projects = repo.data / "projects"
    good = (projects / "2026-solar.yaml").read_text(encoding="utf-8")
    (projects / "2026-solar.yaml").write_text(good + "stage: [\n", encoding="utf-8")
    broken = commit_all(repo.root, "误提交", "2026-09-01T09:00:00+08:00")
    (projects / "2026-solar.yaml").write_text(good.replace("total_investment: 8000",
                                                           "total_investment: 9000"))
    fixed = commit_all(repo.root, "修正格式并调整投资", "2026-09-02T09:00:00+08:00")
    solar = read_history(repo.data).by_project["2026-solar"]
    assert solar[1].commit == broken and solar[1].unreadable
    assert solar[1].changes_zh == ["此版本的文件格式有误，无法逐项比较"]
    assert solar[0].commit == fixed and texts(solar[0]) == ["计划总投资（万元）：8000 → 9000"]


def test_a_data_folder_may_be_the_repository_root(tmp_path):
    root = tmp_path / "data"
    (root / "projects").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "projects" / "2026-mill.yaml").write_text(MILL)
    sha = commit_all(root, "新建", "2026-06-01T09:00:00+08:00")
    history = read_history(root)
    assert [r.commit for r in history.by_project["2026-mill"]] == [sha]


def test_merge_commits_add_no_revisions_of_their_own_unless_first_parent_is_asked(repo):
    root = repo.root
    subprocess.run(["git", "checkout", "-q", "-b", "pr"], cwd=root, check=True)
    solar = repo.data / "projects" / "2026-solar.yaml"
    solar.write_text(SOLAR_V6.replace("total_investment: 8000", "total_investment: 8500"))
    branch = commit_all(root, "调整总投资", "2026-09-01T09:00:00+08:00", author="王芳")
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-09-02T09:00:00+08:00",
           "GIT_COMMITTER_DATE": "2026-09-02T09:00:00+08:00", "GIT_AUTHOR_NAME": "办公室",
           "GIT_AUTHOR_EMAIL": "o@example.gov.cn", "GIT_COMMITTER_NAME": "办公室",
           "GIT_COMMITTER_EMAIL": "o@example.gov.cn"}
    subprocess.run(["git", "merge", "-q", "--no-ff", "--no-gpg-sign", "-m", "合并 #12：调整总投资", "pr"],
                   cwd=root, check=True, env=env)
    every = read_history(repo.data).by_project["2026-solar"]
    assert every[0].commit == branch and every[0].author == "王芳"
    assert texts(every[0]) == ["计划总投资（万元）：8000 → 8500"]
    merged = read_history(repo.data, first_parent=True).by_project["2026-solar"]
    assert merged[0].summary == "合并 #12：调整总投资" and merged[0].author == "办公室"
    assert texts(merged[0]) == ["计划总投资（万元）：8000 → 8500"]
    assert len(merged) == len(every)


class GitCalls:
    """Counts git processes started through GitPython (every call of Git.execute)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.commands: list[list[str]] = []
        original = git.cmd.Git.execute

        def counted(inner, command, *args, **kwargs):
            self.commands.append(list(command))
            return original(inner, command, *args, **kwargs)

        monkeypatch.setattr(git.cmd.Git, "execute", counted)


def subcommand(command: list[str]) -> str:
    """git's subcommand in a command line, after git's own options (``-c name=value``)."""
    at = 1
    while command[at] == "-c":
        at += 2
    return command[at]


def many_projects_repo(root: Path, files: int, commits: int) -> Path:
    projects = root / "data" / "projects"
    projects.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for c in range(commits):
        for f in range(files):
            (projects / f"p-{f:03d}.yaml").write_text(
                MILL.replace("2026-mill", f"p-{f:03d}").replace("3000", str(3000 + c)))
        commit_all(root, f"第 {c} 次", f"2026-0{c + 1}-01T09:00:00+08:00")
    return root / "data"


def test_the_number_of_git_processes_does_not_grow_with_files_or_commits(tmp_path, monkeypatch):
    small = many_projects_repo(tmp_path / "small", files=1, commits=2)
    large = many_projects_repo(tmp_path / "large", files=40, commits=5)
    calls = GitCalls(monkeypatch)
    read_history(small)
    small_calls = len(calls.commands)
    calls.commands.clear()
    history = read_history(large)
    assert len(history.revisions) == 200 and len(history.by_project) == 40
    assert len(calls.commands) == small_calls <= 3
    assert [subcommand(c) for c in calls.commands] == ["rev-parse", "log", "cat-file"]


def test_git_processes_are_counted_at_the_operating_system_level_too(tmp_path, monkeypatch):
    data = many_projects_repo(tmp_path / "r", files=25, commits=3)
    started: list[list[str]] = []
    original = subprocess.Popen.__init__

    def counting(self, args, *rest, **kwargs):
        started.append(list(args) if not isinstance(args, str) else [args])
        original(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", counting)
    assert len(read_history(data).revisions) == 75
    assert [subcommand(a) for a in started] == ["rev-parse", "log", "cat-file"]
    # git's own cache of unpacked objects is kept small: 8 MiB, not its 96 MiB default
    assert started[2][1:3] == ["-c", "core.deltaBaseCacheLimit=8m"]


def test_when_reads_git_iso_dates_into_shanghai_time():
    assert _when("2026-03-31T17:30:00Z").isoformat() == "2026-04-01T01:30:00+08:00"
    assert _when("2026-03-31T17:30:00-05:00").isoformat() == "2026-04-01T06:30:00+08:00"


def test_a_version_missing_from_the_object_store_is_listed_without_a_diff(repo):
    blob = subprocess.run(["git", "hash-object", "--stdin"], input=SOLAR_V2.encode(), cwd=repo.root,
                          check=True, capture_output=True).stdout.decode().strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    history = read_history(repo.data)
    assert history.status == "ok"
    solar = {r.commit: r for r in history.by_project["2026-solar"]}
    assert solar[repo.commits[1]].unreadable and solar[repo.commits[2]].unreadable
    assert texts(solar[repo.commits[3]])[0] == "当前阶段：项目落地 → 项目投产"


def test_a_log_that_fails_half_way_becomes_a_status_and_leaves_no_process_behind(repo, monkeypatch):
    import generator.history.log as log_module

    real = log_module.log_tokens

    def failing(git_, arguments):
        for n, token in enumerate(real(git_, arguments)):
            if n == 40:
                raise git.GitCommandError(["git", "log"], 128, b"fatal: bad object")
            yield token

    monkeypatch.setattr(log_module, "log_tokens", failing)
    history = read_history(repo.data)
    assert history.status == "error" and "bad object" in history.message


@pytest.mark.parametrize("window", [1, 2])
def test_versions_asked_of_git_a_few_at_a_time_give_the_same_history(repo, monkeypatch, window):
    expected = read_history(repo.data)
    monkeypatch.setattr("generator.history.revisions.WINDOW", window)
    assert read_history(repo.data) == expected


def test_a_missing_version_does_not_hold_up_the_versions_queued_behind_it(repo, monkeypatch):
    blob = subprocess.run(["git", "hash-object", "--stdin"], input=SOLAR_V2.encode(), cwd=repo.root,
                          check=True, capture_output=True).stdout.decode().strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    monkeypatch.setattr("generator.history.revisions.WINDOW", 1)
    solar = {r.commit: r for r in read_history(repo.data).by_project["2026-solar"]}
    assert solar[repo.commits[1]].unreadable and solar[repo.commits[2]].unreadable
    assert texts(solar[repo.commits[3]])[0] == "当前阶段：项目落地 → 项目投产"


def test_revisions_of_one_commit_share_its_message(repo):
    history = read_history(repo.data)
    first = [r for r in history.revisions if r.commit == repo.commits[0]]
    assert all(r.message is first[0].message for r in first)


def test_the_same_change_in_many_projects_is_held_once(tmp_path):
    """Thousands of projects repeat the same few labels and sentences: the history keeps one
    copy of each, and one path per file, however many revisions name it."""
    history = read_history(many_projects_repo(tmp_path, files=3, commits=3))
    changed = [r for r in history.revisions if r.changes]
    assert len(changed) == 6 and len({r.changes[0].text_zh for r in changed}) == 2   # 3000->3001, 3001->3002
    firsts = [r.changes[0] for r in changed]
    for name in ("label_zh", "key_path", "path"):
        assert len({id(getattr(c, name)) for c in firsts}) == 1, name
    assert len({id(c.text_zh) for c in firsts}) == 2
    for project in ("p-000", "p-001"):
        theirs = history.by_project[project]
        assert len({id(r.path) for r in theirs}) == len({id(r.project_id) for r in theirs}) == 1


def test_what_comparing_held_is_freed_once_the_history_is_read(tmp_path, monkeypatch):
    """The versions and pieces held for comparing go as soon as the history is read, not at
    the next run of the cyclic garbage collector: a build freezes what is in memory after the
    history is read, garbage included, until it ends."""
    held: list[weakref.ref[Pieces]] = []

    def pieces() -> Pieces:
        made = Pieces()
        held.append(weakref.ref(made))
        return made

    monkeypatch.setattr(revisions, "Pieces", pieces)
    data = many_projects_repo(tmp_path, files=3, commits=3)
    gc.disable()
    try:
        assert len(read_history(data).revisions) == 9
        assert held and all(ref() is None for ref in held)
    finally:
        gc.enable()


def test_a_quoted_piece_is_proven_once_however_many_files_hold_others():
    """An unchanged piece holding a quote is parsed once to prove that its text closes; with
    thousands of project files there are more such pieces than any fixed number kept, and
    each must still be proven only once in a history read (it was re-proved at 4,000 files)."""
    pieces = Pieces()
    quoted = [f'contact: "电话 0994-{n:07d}"\n'.encode() for n in range(6000)]
    for piece in quoted:
        pieces.check(piece, "contact")
    parsed = pieces.parses
    for piece in quoted:
        pieces.check(piece, "contact")
    assert parsed == 6000 and pieces.parses == parsed
