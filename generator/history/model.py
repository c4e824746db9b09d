"""The audit trail's data: changes, revisions and the history of a data folder.

Plain frozen dataclasses, so pages, the feed and the digest read the same values.
Dates are timezone-aware datetimes in Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..sharing import share_fields

ChangeKind = Literal["added", "removed", "changed"]
# ok: the whole history was read; shallow: only back to the clone's boundary;
# no_git: the data folder is not in a git repository (or git is missing);
# no_commits: a repository without a single commit yet; error: git failed.
HistoryStatus = Literal["ok", "shallow", "no_git", "no_commits", "error"]
# The per-project status adds "uncommitted": the project has no commit yet.
ProjectStatus = Literal["ok", "shallow", "no_git", "no_commits", "error", "uncommitted"]


@dataclass(frozen=True)
class Change:
    """One field (or list item) that differs between two versions of a project file.

    ``path`` names the field in English with list items identified by their natural
    key, e.g. ``("approvals", "eia-table", "completed")``; ``key_path`` is the same as
    text, ``approvals[eia-table].completed``. ``label_zh`` uses the schema's Chinese
    titles (``审批事项 环评批复：办结日期``), ``text_zh`` is the readable sentence
    (``审批事项 环评批复：办结日期 空 → 2026-03-20``). ``before``/``after`` are the raw
    values (``None`` when absent); for an added or removed list item they are the item.
    """

    path: tuple[str, ...]
    key_path: str
    kind: ChangeKind
    label_zh: str
    before: Any
    after: Any
    text_zh: str

    def __post_init__(self) -> None:
        share_fields(self, "path", "key_path", "label_zh", "text_zh")   # repeated everywhere

    @property
    def section(self) -> str:
        """The top-level field, e.g. ``approvals``."""
        return self.path[0] if self.path else ""


@dataclass(frozen=True)
class Revision:
    """One commit's change to one project file."""

    commit: str                    # full hash
    date: dt.datetime              # committer date, Asia/Shanghai: when it entered the data
    authored: dt.datetime          # author date, Asia/Shanghai
    author: str                    # author name (mailmap applied); e-mail is never kept
    message: str                   # the full commit message: the pull request's reason
    project_id: str                # file name without .yaml
    path: str                      # file path in the repository
    changes: tuple[Change, ...] = ()
    added: bool = False            # the file was created by this commit
    deleted: bool = False          # the file was deleted by this commit
    unreadable: bool = False       # this version cannot be parsed, so no field diff
    hidden_changes: int = 0        # changes to internal fields left out (public audience)
    project_name: str | None = None   # name in this version (the old one if deleted)
    lead_unit: str | None = None      # lead unit in this version (the old one if deleted)
    too_large: bool = False        # unreadable because the version is over the size limit

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def summary(self) -> str:
        """First line of the commit message."""
        return self.message.strip().split("\n", 1)[0].strip()

    @property
    def _unreadable_zh(self) -> str:
        return "文件过大，未解析" if self.too_large else "此版本的文件格式有误，无法逐项比较"

    @property
    def changes_zh(self) -> list[str]:
        """Readable lines for the page; never empty."""
        if self.added:
            lines = ["新建项目文件"]
        elif self.deleted:
            lines = ["删除项目文件"]
        elif self.unreadable:
            lines = [self._unreadable_zh]
        else:
            lines = [c.text_zh for c in self.changes]
        if self.added and self.unreadable:
            lines.append(self._unreadable_zh)
        if self.hidden_changes:
            lines.append(f"另有 {self.hidden_changes} 处内部信息修改（不公开）")
        if not lines:
            lines = ["仅修改了格式或注释，数据未变"]
        return lines


@dataclass(frozen=True)
class ProjectHistory:
    """What a project page shows: its revisions, newest first, and when it last changed."""

    project_id: str
    status: ProjectStatus
    message: str                   # Chinese note for the page; "" when nothing is missing
    revisions: tuple[Revision, ...]
    last_updated: dt.datetime | None


@dataclass(frozen=True)
class History:
    """Every project's revisions from one pass over the git log."""

    status: HistoryStatus
    message: str                   # Chinese note for the pages; "" when status is ok
    revisions: tuple[Revision, ...] = ()             # newest first
    by_project: Mapping[str, tuple[Revision, ...]] = field(default_factory=dict)
    last_updated: Mapping[str, dt.datetime] = field(default_factory=dict)
    earliest_commit: str | None = None               # shallow: the boundary commit
    earliest_date: dt.datetime | None = None
    truncated: bool = False                          # ``limit`` cut the history short
    commits_read: int = 0
    # What was made of this history once (``digest.monthly_digest``): a history made from it
    # (``dataclasses.replace``) starts with none.
    made: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def available(self) -> bool:
        return self.status in ("ok", "shallow")

    def for_project(self, project_id: str) -> ProjectHistory:
        """The history of one project, with a status that says what is missing."""
        revisions = self.by_project.get(project_id, ())
        last = self.last_updated.get(project_id)
        if not self.available:
            return ProjectHistory(project_id, self.status, self.message, (), None)
        if self.status == "shallow":
            since = _since(self.earliest_date, self.earliest_commit)
            note = (f"修订历史不完整：只能看到{since}以后的修订"
                    + ("" if revisions else "，此后本项目没有改动") + "。")
            return ProjectHistory(project_id, "shallow", note, revisions, last)
        if not revisions:
            if self.truncated:
                return ProjectHistory(project_id, "ok", "最近的提交中没有本项目的改动。", (), None)
            return ProjectHistory(project_id, "uncommitted",
                                  "本项目文件还没有提交记录（新建后尚未合并），暂无修订历史。", (), None)
        return ProjectHistory(project_id, "ok", "", revisions, last)


def _since(date: dt.datetime | None, commit: str | None) -> str:
    if date is None or commit is None:
        return ""
    return f" {date:%Y-%m-%d} 提交 {commit[:7]} "


@dataclass(frozen=True)
class Names:
    """Display names for ids that refer to other data files (all optional)."""

    approval_items: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)
    leaders: Mapping[str, str] = field(default_factory=dict)
    townships: Mapping[str, str] = field(default_factory=dict)

    def lookup(self, kind: str, value: str) -> str:
        table: Mapping[str, str] = getattr(self, kind, {})
        return table.get(value, value)
