"""The 数据下载 page: the exports and JSON Schemas the build writes into the site.

What files there are, and where, is fixed here; ``generator.build.publish`` writes them (one per
``portal export`` format, and the tool's schemas) and passes their sizes in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..schemas import SCHEMA_FILES, load_schema


@dataclass(frozen=True)
class Download:
    format: str          # the ``portal export --format`` that produces the file
    path: str            # in the site
    title: str
    kind: str            # file type as readers know it
    description: str


DOWNLOADS = (
    Download("json", "downloads/projects.json", "项目数据和计算结果（JSON）", "JSON",
             "每个项目的阶段、审批事项及其期限和状态、进度，各单位的考核得分；"
             "与 portal export --format json 的输出相同，供程序读取。"),
    Download("csv", "downloads/projects.csv", "项目清单（CSV）", "CSV（UTF-8，带 BOM）",
             "一个项目一行，Excel 可直接打开。"),
    Download("xlsx", "downloads/projects-ledger.xlsx", "项目台账（Excel）", "Excel（.xlsx）",
             "项目台账（第十四条）、审批事项和月度报送三个工作表，逾期标红、即将到期标黄。"),
    Download("oc4ids", "downloads/oc4ids.json", "OC4IDS 项目数据包", "JSON（OC4IDS 0.9）",
             "符合开放基础设施项目数据标准（Open Contracting for Infrastructure Data Standard）的数据包。"),
)


def schema_path(file_name: str) -> str:
    """Where a schema is served in the site: ``schema/project.schema.json``."""
    return f"schema/{file_name}"


@dataclass(frozen=True)
class SchemaLink:
    path: str
    file_name: str
    title: str
    description: str


@dataclass(frozen=True)
class DownloadLine:
    download: Download
    size: str


@dataclass(frozen=True)
class DownloadsPage:
    files: list[DownloadLine]
    schemas: list[SchemaLink]
    project_schema: str          # the address editors put in their yaml-language-server line
    internal: bool


def size_text(size: int | None) -> str:
    if size is None:
        return "—"
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def schema_links() -> list[SchemaLink]:
    """The tool's schemas with their Chinese titles, project first."""
    links = []
    for kind in sorted(SCHEMA_FILES, key=lambda k: (k != "project", k)):
        schema = load_schema(kind)
        name = SCHEMA_FILES[kind]
        links.append(SchemaLink(schema_path(name), name, str(schema.get("title", kind)),
                                str(schema.get("description", ""))))
    return links


# The size column of a preview (``portal serve``), whose server makes each file when it is opened.
ON_REQUEST = "打开时生成"


def downloads_page(sizes: Mapping[str, int], site_url: str | None, internal: bool,
                   on_request: bool = False) -> DownloadsPage:
    project = schema_path(SCHEMA_FILES["project"])
    return DownloadsPage(
        files=[DownloadLine(d, ON_REQUEST if on_request else size_text(sizes.get(d.path))) for d in DOWNLOADS],
        schemas=schema_links(),
        project_schema=f"{site_url.rstrip('/')}/{project}" if site_url else f"<网站地址>/{project}",
        internal=internal)
