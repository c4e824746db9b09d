"""Read the revision history of every project from git, in one pass.

``read_history`` never raises for an environment problem: a folder outside git, a
repository without commits, a shallow CI clone or a failing git all come back as a
``History`` whose ``status`` and Chinese ``message`` say what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .cache import open_cache
from .diff import Audience
from .model import History, HistoryStatus, Names, Revision
from .piecediff import Differ
from .plumbing import LogEntry, log_arguments, log_tokens, parse_log, when
from .revisions import build

CI_HINT = "（在 CI 中检出仓库时设置 fetch-depth: 0 可取得完整历史）"


def read_history(
    data_dir: Path,
    *,
    item_names: Mapping[str, str] | None = None,
    unit_names: Mapping[str, str] | None = None,
    leader_names: Mapping[str, str] | None = None,
    township_names: Mapping[str, str] | None = None,
    audience: Audience = "public",
    limit: int | None = None,
    first_parent: bool = False,
    cache: bool = False,
) -> History:
    """The history of ``data_dir/projects/*.yaml`` from the repository that holds it.

    ``item_names`` maps approval item ids to names (the catalogue); the other
    ``*_names`` do the same for units, leaders and townships. ``audience="public"``
    leaves out changes to fields the schema marks ``x-internal``. ``limit`` reads only
    the newest ``limit`` commits of the repository. ``first_parent`` shows one revision
    per merge on the main line instead of the commits of each merged branch. ``cache`` keeps
    what comparing found in the repository's ``.cache/portal/`` for the next read
    (``history.cache``): the same history, without comparing known versions again.
    """
    try:
        import git
    except ImportError:  # GitPython refuses to import when no git program is found
        return History("no_git", "修订历史不可用：构建环境中没有 git 程序。")
    try:
        repo = git.Repo(data_dir, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return History("no_git", "修订历史不可用：数据文件夹不在 git 仓库中。")
    try:
        with repo:
            return _read(git, repo, data_dir, Names(item_names or {}, unit_names or {},
                                               leader_names or {}, township_names or {}),
                         audience, limit, first_parent, cache)
    except (git.GitError, OSError, ValueError, UnicodeError) as exc:
        detail = str(getattr(exc, "stderr", "") or exc).strip().splitlines()
        reason = detail[-1].strip() if detail else type(exc).__name__
        return History("error", f"修订历史不可用：读取 git 历史失败（{reason[:200]}）。")


def _read(git: Any, repo: Any, data_dir: Path, names: Names, audience: Audience, limit: int | None,
          first_parent: bool, cache: bool) -> History:
    if repo.bare or repo.working_tree_dir is None:
        return History("no_git", "修订历史不可用：数据文件夹不在 git 仓库的工作区中。")
    top = Path(repo.working_tree_dir).resolve()
    try:
        relative = data_dir.resolve().relative_to(top).as_posix()
    except ValueError:
        return History("no_git", "修订历史不可用：数据文件夹不在 git 仓库的工作区中。")
    prefix = "projects/" if relative == "." else f"{relative}/projects/"
    # One process answers both questions: is the clone shallow, is there a commit at all.
    status, out, err = repo.git.rev_parse("--is-shallow-repository", "--verify", "-q", "HEAD",
                                          with_extended_output=True, with_exceptions=False)
    lines = out.split()
    if not lines:  # rev-parse itself failed, e.g. git refuses a repository it does not trust
        raise git.GitCommandError(["git", "rev-parse"], status, err)
    if len(lines) < 2:
        return History("no_commits", "修订历史不可用：git 仓库中还没有任何提交。")
    boundary: frozenset[str] = frozenset()
    if lines[0] == "true":
        shallow_file = Path(repo.common_dir) / "shallow"
        boundary = frozenset(shallow_file.read_text(encoding="ascii").split())

    def is_project_file(path: str) -> bool:
        return path.startswith(prefix) and path.endswith(".yaml") and "/" not in path[len(prefix):]

    arguments = log_arguments(limit=limit, first_parent=first_parent)

    pairs = open_cache(top, names, audience) if cache else None
    revisions, entries = build(
        repo.git, Differ(names, audience), boundary,
        lambda on_file: parse_log(log_tokens(repo.git, arguments), is_project_file, on_file), pairs)
    if pairs is not None:
        pairs.save()
    return _assemble(revisions, entries, boundary, limit)


def _assemble(revisions: list[Revision], entries: list[LogEntry], boundary: frozenset[str],
              limit: int | None) -> History:
    by_project: dict[str, list[Revision]] = {}
    for revision in revisions:
        by_project.setdefault(revision.project_id, []).append(revision)
    last_updated = {pid: max(r.date for r in revs) for pid, revs in by_project.items()}
    truncated = limit is not None and len(entries) >= limit
    status: HistoryStatus = "ok"
    message = ""
    earliest = [e for e in entries if e.commit in boundary]
    first = min(earliest, key=lambda e: when(e.committed)) if earliest else None
    if boundary:
        since = f" {when(first.committed):%Y-%m-%d} 的提交 {first.commit[:7]} " if first else ""
        status = "shallow"
        message = f"修订历史不完整：仓库是浅克隆（shallow clone），只能看到{since}以后的修订{CI_HINT}。"
    elif truncated:
        message = f"只读取了最近 {limit} 次提交，更早的修订未列出。"
    return History(
        status=status, message=message, revisions=tuple(revisions),
        by_project={pid: tuple(revs) for pid, revs in by_project.items()},
        last_updated=last_updated,
        earliest_commit=first.commit if first else None,
        earliest_date=when(first.committed) if first else None,
        truncated=truncated, commits_read=len(entries))
