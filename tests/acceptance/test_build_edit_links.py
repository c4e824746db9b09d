"""A data repository whose mkdocs.yml names its forge gets "编辑此数据" on the project page and
the pages fed by the other data files; the theme gets neither repo_url nor edit_uri (no edit
button on generated pages, no request to the forge's API)."""

from __future__ import annotations

import datetime as dt
import shutil

import yaml

from generator.build import build_site
from tests.acceptance.sitecheck import read
from tests.conftest import AS_OF, FIXTURES, REPO

FORGE = "https://git.example.gov.cn/fgw/touzi"


def test_pages_link_to_their_data_files_in_the_forges_editor(tmp_path):
    shutil.copytree(FIXTURES / "base", tmp_path / "data")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(repo_url=FORGE, edit_uri="_edit/main/")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = build_site(tmp_path / "data", tmp_path / "site", dt.date.fromisoformat(AS_OF))
    assert result.ok, result.errors
    expected = {"projects/2026-base-pv.html": "data/projects/2026-base-pv.yaml", "units/index.html": "data/units.yaml",
                "leaders/index.html": "data/leaders.yaml", "approval-items.html": "data/approval-items.yaml",
                "method.html": "data/rules.yaml"}
    for page, file in expected.items():
        links = [dict(a)["href"] for tag, a in read(tmp_path / "site", page).tags if tag == "a"]
        assert f"{FORGE}/_edit/main/{file}" in links, page
    html = (tmp_path / "site" / "projects/2026-base-pv.html").read_text(encoding="utf-8")
    assert "编辑此数据" in html
    assert "md-content__button" not in html and "md-source" not in html   # the theme's own: absent
