"""History: the audit trail of the data, read from git (修订历史).

Every project file's revisions come from ONE pass over ``git log --raw -z`` plus one
``git cat-file --batch`` process for the file contents, however many files there are
(three git processes in all, with ``rev-parse``). Versions are compared field by
field with the schema's Chinese titles as labels; what differs is parsed with the
strict loader (``generator.load.parse``).

Modules: ``plumbing`` (the git processes), ``snapshot`` (file versions cut into
pieces, pieces parsed and memoised), ``diff`` (field-level changes in Chinese),
``revisions`` (log entries to revisions, while git is still walking), ``log``
(``read_history`` and its statuses), ``model`` (the dataclasses), ``feed`` (Atom),
``digest`` (monthly digest).

API for the renderer::

    from generator.history import read_history, atom_feed, monthly_digest

    history = read_history(data_dir, item_names={"eia-table": "环评批复"},
                           unit_names=..., leader_names=..., township_names=...,
                           audience="public")      # never raises
    history.status        # "ok" | "shallow" | "no_git" | "no_commits" | "error"
    history.message       # Chinese note to show when something is missing, else ""
    history.revisions     # tuple[Revision, ...], newest first (the home page's latest changes)
    history.by_project    # {project_id: tuple[Revision, ...]} newest first
    history.last_updated  # {project_id: datetime}, Asia/Shanghai

    page = history.for_project("2026-solar-100mw")   # ProjectHistory
    page.status, page.message      # adds "uncommitted": a new file without a commit yet
    page.last_updated              # datetime | None
    for rev in page.revisions:     # Revision
        rev.date, rev.author, rev.summary, rev.message, rev.short
        rev.changes_zh             # ["审批事项 环评批复：办结日期 空 → 2026-03-20", ...]
        rev.changes                # tuple[Change]: path, key_path, kind, label_zh,
                                   #   before, after, text_zh

    xml = atom_feed(history, "https://example.gov.cn/", "项目动态",
                    feed_path="feed.xml")                      # bytes, site-wide
    xml = atom_feed(history, site_url, "商工局项目动态", unit="shanggongju",
                    project_units={pid: unit}, feed_path="units/shanggongju/feed.xml",
                    page_path="units/shanggongju/")
    months = monthly_digest(history)   # list[DigestMonth], newest first: new_projects,
                                       # stage_changes, approvals_completed, reports_filed,
                                       # problems_raised, problems_resolved, removed_projects

Feed entries link to ``{site_url}projects/{id}/`` (``project_url``) unless ``atom_feed``
is given ``project_page`` (the portal's site, built without directory URLs, passes
``projects/{id}.html``: ``generator.build.publish``). With the
default ``audience="public"`` both versions of every changed value are projected with
``generator.public`` before they are compared: changes to fields the schema marks
``x-internal`` are left out (a revision counts them in ``hidden_changes``, with changes to
content that is not published), and an unknown key or a misplaced value shows only as
“（内容不符合格式，未公开）”; pass ``"internal"`` for the internal site. A version over
``limits.MAX_FILE_BYTES`` is noted “文件过大，未解析”, one nested deeper than
``limits.MAX_DEPTH`` as unreadable. Merges: by default every commit is a revision (a merge commit adds
none of its own); ``first_parent=True`` shows one revision per merge into the main
line instead, for repositories that merge pull requests with merge commits.
"""

from ..fields import project_fields
from .digest import DigestItem, DigestMonth, monthly_digest
from .feed import atom_feed, entry_id, project_url, unit_revisions
from .log import read_history
from .model import Change, History, HistoryStatus, Names, ProjectHistory, ProjectStatus, Revision

__all__ = [
    "Change",
    "DigestItem",
    "DigestMonth",
    "History",
    "HistoryStatus",
    "Names",
    "ProjectHistory",
    "ProjectStatus",
    "Revision",
    "atom_feed",
    "entry_id",
    "monthly_digest",
    "project_fields",
    "project_url",
    "read_history",
    "unit_revisions",
]
