"""``portal demo``: a synthetic data repository for demos and benchmarks.

``make_demo(out, projects, seed)`` writes ``out/`` as a git repository laid out like ours
(``data/``, ``schema/``), with projects of realistic size in every stage and about two years
of dated commits ending on the demo's today, 2026-11-26. The same seed always gives the same
files and the same commits; nothing here reads the clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from ..findings import PortalError
from ..load.dataset import MAX_PROJECT_FILES
from ..schemas import SCHEMA_FILES, schema_dir
from . import vocab
from .county import meetings, notices, registries, targets
from .history import START, Commit, Source, fast_import, plan, schedule, times
from .project import make_project
from .yamltext import render

__all__ = ["DemoResult", "default_commits", "make_demo"]


@dataclass(frozen=True)
class DemoResult:
    out: Path
    projects: int
    commits: int
    data_files: int
    data_bytes: int
    git_bytes: int

    def summary(self) -> str:
        mb = 1024 * 1024
        return (f"已生成演示数据仓库 {self.out}：{self.projects} 个项目，{self.commits} 次提交，"
                f"数据文件 {self.data_files} 个共 {self.data_bytes} 字节（{self.data_bytes / mb:.1f} MB），"
                f".git {self.git_bytes} 字节（{self.git_bytes / mb:.1f} MB）")


def default_commits(projects: int) -> int:
    """About two commits per project, and at least two years of monthly updates."""
    return max(24, 2 * projects)


def make_demo(out: Path, projects: int, seed: int = 0, commits: int | None = None) -> DemoResult:
    """Write the demo repository into ``out`` (which must be empty or not exist yet)."""
    if not 1 <= projects <= MAX_PROJECT_FILES:
        raise PortalError(f"--projects 应在 1 到 {MAX_PROJECT_FILES} 之间（现在是 {projects}）")
    if commits is not None and commits < 1:
        raise PortalError(f"--commits 至少为 1（现在是 {commits}）")
    _check_empty(out)
    made = [make_project(seed, i) for i in range(projects)]
    rng = random.Random(f"portal-demo/{seed}/county")
    county = [*registries(), targets(rng, made), meetings(rng, made), notices(rng, made)]
    clerks = _clerks(seed)
    sources = [Source(f.path, f.lines, f.events) for f in county] + [
        Source(p.path, p.lines, p.events, clerks[p.lead_unit], p.name) for p in made]
    history = random.Random(f"portal-demo/{seed}/history")
    schedule(sources, history)
    if commits is None:  # as many as asked for by default, as far as a few projects can fill
        commits = min(default_commits(projects), 1 + sum(len(s.days) for s in sources))
    registry = {i: START for i, s in enumerate(sources) if s.title is None and render(s.lines, START)}
    first = Commit(START, registry, "初始化项目数据仓库：单位、县领导、乡镇园区、审批事项目录、管理规则和年度目标",
                   "- 依据《吉木萨尔县社会投资项目服务管理办法》建立数据仓库\n"
                   "- 附 JSON Schema，编辑器可按 schema 提示字段")
    planned = plan(sources, commits, history, first)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PortalError(f"无法创建文件夹 {out}：{exc.strerror}") from exc
    fast_import(out, _statics(projects, seed), sources, planned, times(planned, history))
    data = [f for f in (out / "data").rglob("*") if f.is_file()]
    git = [f for f in (out / ".git").rglob("*") if f.is_file()]
    return DemoResult(out, projects, len(planned), len(data), sum(f.stat().st_size for f in data),
                      sum(f.stat().st_size for f in git))


def _check_empty(out: Path) -> None:
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise PortalError(f"--out {out} 已存在且不是文件夹：请指定一个空文件夹或不存在的路径")
        if any(out.iterdir()):
            raise PortalError(f"--out {out} 不是空文件夹：为免覆盖已有内容，请指定一个空文件夹或不存在的路径")


def _clerks(seed: int) -> dict[str, tuple[str, str]]:
    """Each unit's clerk, who authors the commits for that unit's projects."""
    rng = random.Random(f"portal-demo/{seed}/clerks")
    return {uid: (f"{short} {rng.choice(vocab.SURNAMES)}{rng.choice(vocab.GIVEN)}", f"{uid}@jimsar.example")
            for uid, _, short, _ in vocab.UNITS}


def _statics(projects: int, seed: int) -> dict[str, bytes]:
    readme = f"""# 吉木萨尔县社会投资项目数据仓库（演示）

> **本仓库的数据纯属虚构**，由 `portal demo --projects {projects} --seed {seed}` 生成，
> 用于演示和性能测试，不是官方信息。

* `data/projects/`：每个项目一个 YAML 文件，文件名即项目编号；
* `data/*.yaml`：单位、县领导、乡镇园区、审批事项目录、会议、督办通知单、年度目标、管理规则和日历补充；
* `schema/`：各文件的 JSON Schema，文件第一行注明所用 schema，编辑器可据此提示字段。

常用命令：

```sh
portal validate --data data
portal check --data data --as-of 2026-11-26
```
"""
    files = {"README.md": readme.encode("utf-8"), ".gitignore": b"site/\n"}
    for name in sorted(SCHEMA_FILES.values()):
        files[f"schema/{name}"] = (schema_dir() / name).read_bytes()
    return files
