"""The demo's commit history: which file versions go into which commit, with what message,
written as one ``git fast-import`` stream.

Every file changes on known days (its timed lines say when). The changes of one file in
one month make a natural commit (a clerk updating the ledger); to reach the requested number
of commits, those are split into single days or merged with their neighbours in time. Commits
stay in date order, and a file's versions in each commit follow each other, so every commit
shows the data as it stood on its day.

All blobs are written first, file by file, so fast-import stores each version as a delta
against the previous version of the same file and the repository stays small.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..findings import PortalError
from .timeline import AS_OF, HISTORY_START, day_between
from .writer import Event
from .yamltext import NEVER, Line, event_days, render

OFFICE = ("领导小组办公室", "office@jimsar.example")
START = HISTORY_START.isoformat()
IMPORT: Event = (0, "导入原台账", "按原 Excel 台账录入截至 2024 年 11 月底的项目信息")
MAX_BODY_LINES = 40


@dataclass
class Source:
    """A file whose content changes over time."""

    path: str
    lines: list[Line]
    events: dict[str, list[Event]]
    author: tuple[str, str] = OFFICE
    title: str | None = None  # the project's name; county files have none
    days: list[str] = field(default_factory=list)  # days it changes on, after the first commit


@dataclass
class Commit:
    day: str
    changes: dict[int, str]  # source index -> the day its version is taken from
    subject: str
    body: str = ""
    author: tuple[str, str] = OFFICE


def schedule(sources: list[Source], rng: random.Random) -> None:
    """Fill in each source's change days; projects older than the repository arrive as imports."""
    for s in sources:
        changed = event_days(s.lines)
        if s.title is None:
            s.days = [d for d in changed if d > START]
        elif changed[0] < START:
            imported = day_between(rng, HISTORY_START + dt.timedelta(days=1), dt.date(2024, 12, 31)).isoformat()
            s.events.setdefault(imported, []).insert(0, IMPORT)
            s.days = [imported] + [d for d in changed if d > imported]
        else:
            s.days = changed


def plan(sources: list[Source], commits: int, rng: random.Random, first: Commit) -> list[Commit]:
    """``commits`` commits: ``first`` (the county's registries), then the sources' changes."""
    available = sum(len(s.days) for s in sources)
    budget = commits - 1
    if budget > available:
        raise PortalError(f"--commits {commits} 太多：这些项目的数据最多只能分成 {available + 1} 次提交，"
                          "请减少提交次数或增加项目数")
    if budget <= 0:
        first.changes.update({i: NEVER for i in range(len(sources))})
        return [first]
    units = [(days[-1], i, days) for i, s in enumerate(sources) for days in _by_month(s.days)]
    extra = budget - len(units)
    if extra > 0:  # split months into single days, in a random but reproducible order
        order = list(range(len(units)))
        rng.shuffle(order)
        split = []
        for k in order:
            end, i, days = units[k]
            take = min(extra, len(days) - 1)
            extra -= take
            split += [(d, i, [d]) for d in days[:take]] + [(end, i, days[take:])]
        units = split
    units.sort(key=lambda u: (u[0], u[1]))
    chunks = [units[k * len(units) // budget:(k + 1) * len(units) // budget] for k in range(budget)]
    return [first] + [_commit(sources, chunk) for chunk in chunks]


def _by_month(days: list[str]) -> Iterator[list[str]]:
    group: list[str] = []
    for d in days:
        if group and d[:7] != group[0][:7]:
            yield group
            group = []
        group.append(d)
    if group:
        yield group


def _commit(sources: list[Source], chunk: list[tuple[str, int, list[str]]]) -> Commit:
    changes: dict[int, str] = {}
    covered: dict[int, list[str]] = {}
    for end, i, days in chunk:
        changes[i] = max(changes.get(i, end), end)
        covered.setdefault(i, []).extend(days)
    subjects, details = [], []
    for i, days in covered.items():
        s = sources[i]
        events = [e for d in days for e in s.events.get(d, [])] or [(9, "更新数据", "更新数据")]
        top = min(events, key=lambda e: e[0])
        subjects.append((top[1], f"{top[1]}：{s.title}" if s.title else top[2], s))
        details += [e[2] for e in events] if len(covered) == 1 else [subjects[-1][1]]
    day = max(changes.values())
    if len(subjects) == 1:
        subject, author = subjects[0][1], subjects[0][2].author
    else:
        named = [s for s in subjects if s[2].title] or subjects
        shorts = Counter(s[0] for s in named)
        lead = named[0][2].title or named[0][1]
        short = shorts.most_common(1)[0][0] if len(shorts) == 1 else f"{day[:7]} 数据更新"
        noun = "个项目" if len(named) == len(subjects) else "个文件"
        subject, author = f"{short}：{lead}等 {len(subjects)} {noun}", OFFICE
    if len(details) > MAX_BODY_LINES:
        details = [*details[:MAX_BODY_LINES], f"……共 {len(details)} 项"]
    return Commit(day, changes, subject, "\n".join(f"- {d}" for d in details), author)


def _stamp(day: str, second: int) -> str:
    epoch = (dt.date.fromisoformat(day) - dt.date(1970, 1, 1)).days * 86400 + second - 8 * 3600
    return f"{epoch} +0800"


def times(commits: list[Commit], rng: random.Random) -> list[str]:
    """A time of day for each commit: office hours, in order within each day."""
    per_day = Counter(c.day for c in commits)
    seen: Counter[str] = Counter()
    out = []
    for c in commits:
        n, k = per_day[c.day], seen[c.day]
        seen[c.day] += 1
        out.append(_stamp(c.day, 9 * 3600 + int((k + rng.random()) * 10 * 3600 / n)))
    return out


def fast_import(out: Path, statics: dict[str, bytes], sources: list[Source], commits: list[Commit],
                stamps: list[str]) -> None:
    """Make ``out`` a git repository holding ``commits``, with the last one checked out."""
    try:
        subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True, capture_output=True)
        proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=out, stdin=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise PortalError(f"无法创建 git 仓库 {out}：{exc}（需要安装 git）") from exc
    with proc:
        assert proc.stdin is not None and proc.stderr is not None
        try:
            _stream(proc.stdin, statics, sources, commits, stamps)
            proc.stdin.close()
        except BrokenPipeError:  # fast-import stopped early; its message says why
            pass
        error = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise PortalError(f"git fast-import 失败：{error.strip()}")
    done = subprocess.run(["git", "reset", "-q", "--hard"], cwd=out, capture_output=True)
    if done.returncode != 0:
        raise PortalError(f"git reset 失败：{done.stderr.decode('utf-8', 'replace').strip()}")


def _stream(pipe: IO[bytes], statics: dict[str, bytes], sources: list[Source], commits: list[Commit],
            stamps: list[str]) -> None:
    marks: dict[tuple[int, str], int] = {}  # 0: the file does not exist in that version
    static_marks: dict[str, int] = {}
    buffer = bytearray()
    numbers = itertools.count(1)

    def blob(payload: bytes) -> int:
        mark = next(numbers)
        buffer.extend(b"blob\nmark :%d\ndata %d\n" % (mark, len(payload)))
        buffer.extend(payload)
        buffer.extend(b"\n")
        if len(buffer) > 1 << 20:
            pipe.write(buffer)
            buffer.clear()
        return mark

    for path, payload in statics.items():
        static_marks[path] = blob(payload)
    wanted: dict[int, set[str]] = {}
    for c in commits:
        for i, cutoff in c.changes.items():
            wanted.setdefault(i, set()).add(cutoff)
    for i, cutoffs in sorted(wanted.items()):
        previous, previous_mark = "", 0
        for cutoff in sorted(cutoffs):
            text = render(sources[i].lines, min(cutoff, AS_OF.isoformat()))
            if text != previous:
                previous, previous_mark = text, blob(text.encode("utf-8"))
            marks[(i, cutoff)] = previous_mark
    committer = f"{OFFICE[0]} <{OFFICE[1]}>".encode()
    for n, (c, stamp) in enumerate(zip(commits, stamps, strict=True)):
        message = (c.subject + ("\n\n" + c.body if c.body else "") + "\n").encode("utf-8")
        buffer.extend(b"commit refs/heads/main\n")
        buffer.extend(f"author {c.author[0]} <{c.author[1]}> {stamp}\n".encode())
        buffer.extend(b"committer " + committer + f" {stamp}\n".encode())
        buffer.extend(b"data %d\n" % len(message) + message)
        if n == 0:
            for path, mark in static_marks.items():
                buffer.extend(f"M 100644 :{mark} {path}\n".encode())
        for i, cutoff in sorted(c.changes.items()):
            if mark := marks.get((i, cutoff), 0):
                buffer.extend(f"M 100644 :{mark} {sources[i].path}\n".encode())
        buffer.extend(b"\n")
        if len(buffer) > 1 << 20:
            pipe.write(buffer)
            buffer.clear()
    buffer.extend(b"done\n")
    pipe.write(buffer)
