"""The data folder: which files make up a data repository, loaded strictly.

``DIR/projects/*.yaml`` holds one project per file; the other data files sit beside
it with fixed names. A project's ``id`` must equal its file name, so the file
name is the stable key every other file refers to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding, PortalError
from .document import Document, display_path
from .files import load_file, symlink_finding
from .parsed import Parsed

# kind -> (file name, required?)
DATA_FILES: dict[str, tuple[str, bool]] = {
    "units": ("units.yaml", True),
    "leaders": ("leaders.yaml", True),
    "townships": ("townships.yaml", True),
    "approval-items": ("approval-items.yaml", True),
    "rules": ("rules.yaml", True),
    "meetings": ("meetings.yaml", False),
    "notices": ("notices.yaml", False),
    "targets": ("targets.yaml", False),
    "calendar": ("calendar.yaml", False),
}
MAX_PROJECT_FILES = 20000


@dataclass
class DataSet:
    """Every loaded document of a data folder, plus the findings of loading it."""

    root: Path
    projects: list[Document] = field(default_factory=list)
    files: dict[str, Document] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    file_count: int = 0

    def items(self, kind: str, key: str) -> list[Any]:
        """The list under ``key`` of a singleton file, or [] when absent or malformed."""
        doc = self.files.get(kind)
        value = doc.data.get(key) if doc is not None else None
        return value if isinstance(value, list) else []

    def documents(self) -> list[tuple[str, Document]]:
        return [(k, d) for k, d in self.files.items()] + [("project", d) for d in self.projects]

    def drop_sources(self) -> None:
        """Positions serve error messages only, and a build that got past validation reports
        none: let go of any positions kept and of the files' text they would be read from
        again (35 MB at 4,000 projects)."""
        for _, document in self.documents():
            document.drop_source()


def project_paths(root: Path) -> tuple[list[Path], list[Finding]]:
    folder = root / "projects"
    findings: list[Finding] = []
    if folder.is_symlink():
        return [], [symlink_finding(folder)]
    if not folder.is_dir():
        return [], [Finding(display_path(folder), 1, 1, "missing-file",
                            "缺少项目文件夹 projects/：每个项目一个 YAML 文件放在这里")]
    paths = []
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if path.name.startswith(".") and suffix in (".yaml", ".yml"):
            findings.append(Finding(display_path(path), 1, 1, "file-name",
                                    "项目文件名不能以“.”开头（这样的文件会被隐藏）：请重命名"))
            continue
        if path.name.startswith(".") or path.name.lower().startswith("readme"):
            continue
        if path.is_symlink():  # never followed: it could point anywhere on the machine
            findings.append(symlink_finding(path))
        elif path.suffix == ".yaml":
            paths.append(path)
        elif suffix in (".yml", ".yaml"):
            findings.append(Finding(display_path(path), 1, 1, "file-name",
                                    "项目文件的扩展名必须是 .yaml（小写）：请重命名"))
        elif path.is_dir():
            findings.append(Finding(display_path(path), 1, 1, "file-name",
                                    "projects/ 下不能有子文件夹：项目文件直接放在 projects/ 中"))
    if len(paths) > MAX_PROJECT_FILES:
        raise PortalError(f"项目文件超过 {MAX_PROJECT_FILES} 个，请检查 --data 是否指错了文件夹")
    return paths, findings


def _misnamed(root: Path) -> dict[str, Finding]:
    """Data files named like one of ``DATA_FILES`` but in another case or with ``.yml``
    (``units.YML``, ``Rules.yaml``): never read, so named in a finding rather than ignored.
    Keyed by the name the file should have."""
    wanted = {Path(name).stem: name for name, _ in DATA_FILES.values()}
    found: dict[str, Finding] = {}
    for path in sorted(root.iterdir()):
        name = wanted.get(path.stem.lower())
        if name and path.suffix.lower() in (".yaml", ".yml") and path.name != name:
            found[name] = Finding(display_path(path), 1, 1, "file-name",
                                  f"数据文件必须命名为 {name}（全部小写，扩展名 .yaml）："
                                  f"{path.name} 不会被读取，请重命名")
    return found


def load_dataset(root: Path, parsed: Parsed | None = None, *, projects: bool = True) -> DataSet:
    """Load every data file under ``root`` strictly; never raises for bad data. ``parsed``:
    clean parses kept from earlier loads (``load.parsed``); ``projects=False``: the tables only
    (units, leaders, rules ...), not the project files."""
    if not root.is_dir():
        raise PortalError(f"数据文件夹不存在：{root}（用 --data 指定含 projects/ 的文件夹）")
    data = DataSet(root=root)
    misnamed = _misnamed(root)
    data.findings.extend(misnamed.values())
    for kind, (name, required) in DATA_FILES.items():
        path = root / name
        if not path.exists() and not path.is_symlink():
            if required and name not in misnamed:
                data.findings.append(Finding(display_path(path), 1, 1, "missing-file",
                                             f"缺少数据文件 {name}"))
            continue
        data.file_count += 1
        doc, findings = load_file(path, parsed)
        data.findings.extend(findings)
        if doc is not None:
            data.files[kind] = doc
    paths, findings = project_paths(root) if projects else ([], [])
    data.findings.extend(findings)
    for path in paths:
        data.file_count += 1
        doc, findings = load_file(path, parsed)
        data.findings.extend(findings)
        if doc is not None:
            data.projects.append(doc)
    return data
