"""What a pull request changed: project files changed since a git ref (GitPython).

Used by ``portal check --base REF`` so that CI judges only the entries a change touches.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .edge import printable
from .findings import PortalError


@dataclass(frozen=True)
class Changes:
    changed: frozenset[Path]           # absolute paths changed (or added) since the base
    base_text: dict[Path, str]         # each changed file's text at the base, if it existed


def is_shallow(repo: Any) -> bool:
    """The repository is a shallow clone (``git clone --depth N``, CI's usual checkout)."""
    return Path(repo.git_dir, "shallow").is_file()


def shallow_message(base: str, *, fork_point: bool = False) -> str:
    missing = (f"“{printable(base)}”与当前提交的共同祖先" if fork_point
               else f"引用“{printable(base)}”")
    return (f"当前仓库是浅克隆（shallow clone），历史不完整，找不到{missing}：请先运行 "
            "git fetch --unshallow（或 git fetch --deepen），GitHub Actions 中请在 actions/checkout "
            "中设置 fetch-depth: 0")


def changes_since(data_dir: Path, base: str) -> Changes:
    try:
        import git
    except ImportError as exc:  # pragma: no cover - gitpython is a dependency
        raise PortalError("未安装 GitPython，无法使用 --base") from exc
    try:
        repo = git.Repo(data_dir, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise PortalError(f"{data_dir} 不在 git 仓库中，不能使用 --base") from exc
    shallow = is_shallow(repo)
    try:
        commit = repo.commit(base)
        _ = commit.tree             # its objects are here (a shallow clone may name a parent it lacks)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError) as exc:
        if shallow:
            raise PortalError(shallow_message(base)) from exc
        raise PortalError(f"找不到 git 引用“{printable(base)}”（在 CI 中请先 fetch 目标分支）") from exc
    top = Path(repo.working_tree_dir or data_dir).resolve()
    try:
        bases = repo.merge_base(commit, repo.head.commit) if repo.head.is_valid() else []
    except git.GitCommandError:
        bases = []
    if not bases and shallow:
        # The fork point lies beyond the shallow history: diffing against the base itself
        # would judge every file the base branch changed since, silently.
        raise PortalError(shallow_message(base, fork_point=True))
    point = bases[0] if bases else commit
    names = set(repo.git.diff("--name-only", "--no-renames", point.hexsha, "--").splitlines())
    names.update(repo.untracked_files)
    changed = frozenset((top / name).resolve() for name in names if name)
    base_text: dict[Path, str] = {}
    for path in changed:
        rel = path.relative_to(top).as_posix()
        try:
            blob = point.tree / rel
        except KeyError:
            continue  # added since the base
        base_text[path] = blob.data_stream.read().decode("utf-8", errors="replace")
    return Changes(changed=changed, base_text=base_text)
