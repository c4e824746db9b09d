"""The 数据下载 page of the built site: the exports of the build's data written into the site,
readable and free of internal values, and the JSON Schemas served at stable addresses."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.build import build_site
from generator.export import FORMATS, oc4ids
from generator.render.downloads import DOWNLOADS
from generator.schemas import SCHEMA_DIR
from tests.acceptance.sitecheck import read
from tests.acceptance.test_build_site import INTERNAL_VALUES
from tests.conftest import AS_OF, FIXTURES, REPO

SITE_URL = "https://touzi.example.gov.cn/"
FILES = {"json": "downloads/projects.json", "csv": "downloads/projects.csv",
         "xlsx": "downloads/projects-ledger.xlsx", "oc4ids": "downloads/oc4ids.json"}


def _build(root: Path, audience: str = "public", site_url: str | None = None) -> Path:
    shutil.copytree(FIXTURES / "base", root / "data")
    if site_url:
        config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        (root / "mkdocs.yml").write_text(yaml.safe_dump({**config, "site_url": site_url}, allow_unicode=True),
                                         encoding="utf-8")
    result = build_site(root / "data", root / "site", dt.date.fromisoformat(AS_OF), audience)  # type: ignore[arg-type]
    assert result.ok, "\n".join(result.errors)
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("public"), site_url=SITE_URL)


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("internal"), "internal")


def test_the_downloads_page_is_in_the_navigation_and_links_every_file(site):
    page = read(site, "downloads.html")
    assert page.title.startswith("数据下载")
    links = [value for tag, name, value in page.attributes() if tag == "a" and name == "href"
             and value.startswith("downloads/")]
    assert links == list(FILES.values())
    for link in links:
        assert (site / link).is_file()
    table = page.table("portal-downloads")
    assert [row[0] for row in table.rows] == ["项目数据和计算结果（JSON）", "项目清单（CSV）", "项目台账（Excel）",
                                              "OC4IDS 项目数据包"]
    assert all(row[2].endswith(("KB", "字节")) for row in table.rows)   # sizes of the files written
    assert ("a", "href", "downloads.html") in read(site, "index.html").attributes()


def test_the_json_download_is_what_portal_export_writes(site, run):
    exported = run("export", "--data", str(FIXTURES / "base"), "--format", "json", "--as-of", AS_OF)
    assert exported.code == 0
    assert (site / FILES["json"]).read_text(encoding="utf-8") == exported.out
    assert json.loads(exported.out)["as_of"] == AS_OF


def test_the_csv_download_starts_with_a_bom_for_excel(site):
    data = (site / FILES["csv"]).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("项目编号,项目名称") and lines[1].startswith("2026-base-pv,北庭镇20MW分布式光伏项目")


def test_the_excel_ledger_opens_with_openpyxl(site):
    workbook = openpyxl.load_workbook(io.BytesIO((site / FILES["xlsx"]).read_bytes()))
    assert workbook.sheetnames == ["项目台账", "审批事项", "月度报送"]
    assert workbook["项目台账"]["B2"].value == "北庭镇20MW分布式光伏项目"


def test_the_oc4ids_package_is_valid_and_uses_the_site_url(site):
    package = json.loads((site / FILES["oc4ids"]).read_text(encoding="utf-8"))
    oc4ids.schema_validator(FIXTURES / "oc4ids").validate(package)
    assert package["uri"] == SITE_URL + FILES["oc4ids"]
    assert package["publicationPolicy"] == SITE_URL + "about.html"
    assert (site / "about.html").is_file()


@pytest.mark.parametrize("build", ["site", "internal_site"])
def test_downloads_never_hold_internal_values_whatever_the_audience(build, request):
    site = request.getfixturevalue(build)
    texts = {
        "json": (site / FILES["json"]).read_text(encoding="utf-8"),
        "csv": (site / FILES["csv"]).read_text(encoding="utf-8-sig"),
        "oc4ids": (site / FILES["oc4ids"]).read_text(encoding="utf-8"),
        "xlsx": "\n".join(str(cell.value) for sheet in openpyxl.load_workbook(site / FILES["xlsx"])
                          for row in sheet.iter_rows() for cell in row),
    }
    for name, text in texts.items():
        for value in INTERNAL_VALUES:
            assert value not in text, (name, value)
    assert "下载文件只含公开信息" in read(site, "downloads.html").text


def test_the_schemas_are_served_at_stable_addresses_and_equal_the_tools_schemas(site):
    served = {p.name: p.read_bytes() for p in (site / "schema").iterdir()}
    shipped = {p.name: p.read_bytes() for p in SCHEMA_DIR.glob("*.json")}
    assert served == shipped
    assert served == {p.name: p.read_bytes() for p in (REPO / "schema").glob("*.json")}
    page = read(site, "downloads.html")
    links = [v for t, n, v in page.attributes() if t == "a" and n == "href" and v.startswith("schema/")]
    assert sorted(links) == sorted(f"schema/{name}" for name in shipped)
    assert page.table("portal-schemas").rows[0][:2] == ["project.schema.json", "社会投资项目"]


def test_the_downloads_page_explains_the_editor_line_with_the_sites_schema_address(site, internal_site):
    line = f"# yaml-language-server: $schema={SITE_URL}schema/project.schema.json"
    assert line in read(site, "downloads.html").text
    # Without site_url the page names the part the reader fills in.
    assert "# yaml-language-server: $schema=<网站地址>/schema/project.schema.json" in \
        read(internal_site, "downloads.html").text


def test_a_hand_written_file_where_a_download_goes_fails_the_build(tmp_path):
    shutil.copytree(FIXTURES / "base", tmp_path / "data")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    (tmp_path / "docs" / "downloads").mkdir()
    (tmp_path / "docs" / "downloads" / "projects.csv").write_text("旧文件", encoding="utf-8")
    result = build_site(tmp_path / "data", tmp_path / "site", dt.date.fromisoformat(AS_OF))
    assert not result.ok and "docs/downloads/projects.csv" in result.errors[0]
    assert not (tmp_path / "site").exists()


def test_every_export_format_is_offered_for_download():
    assert [d.format for d in DOWNLOADS] == list(FORMATS)
    assert {d.format: d.path for d in DOWNLOADS} == FILES
