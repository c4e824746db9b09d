"""编辑此数据: the link from a page to its data file in the forge's web editor, for GitHub,
Gitea and GitLab, and the file's path when no forge is configured."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render.edit_links import EditLinks, edit_links

FILE = "projects/2026-base-pv.yaml"


@pytest.mark.parametrize(("repo_url", "edit_uri", "expected"), [
    ("https://github.com/county/touzi", "edit/main/",
     "https://github.com/county/touzi/edit/main/data/projects/2026-base-pv.yaml"),
    ("https://git.example.gov.cn/fgw/touzi/", "_edit/main",
     "https://git.example.gov.cn/fgw/touzi/_edit/main/data/projects/2026-base-pv.yaml"),
    ("https://gitlab.example.gov.cn/touzi", "/-/edit/main/",
     "https://gitlab.example.gov.cn/touzi/-/edit/main/data/projects/2026-base-pv.yaml"),
])
def test_each_forge_gets_its_web_editor_link(tmp_path: Path, repo_url, edit_uri, expected):
    links = edit_links({"repo_url": repo_url, "edit_uri": edit_uri}, tmp_path / "data", tmp_path)
    assert links.url(FILE) == expected
    assert links.path(FILE) == "data/projects/2026-base-pv.yaml"


@pytest.mark.parametrize("config", [
    {}, {"repo_url": "https://github.com/county/touzi"}, {"edit_uri": "edit/main/"},
    {"repo_url": "javascript:alert(1)", "edit_uri": "edit/main/"},
    {"repo_url": "https://github.com/county/touzi", "edit_uri": "https://elsewhere.example/"},
])
def test_without_a_usable_forge_the_page_shows_the_path(tmp_path: Path, config):
    links = edit_links(config, tmp_path / "data", tmp_path)
    assert links.url(FILE) is None and links.path(FILE) == "data/projects/2026-base-pv.yaml"


def test_the_path_is_the_data_folders_place_in_the_repository(tmp_path: Path):
    nested = edit_links({"repo_url": "https://github.com/c/r", "edit_uri": "edit/main/"},
                        tmp_path / "county" / "data", tmp_path)
    assert nested.url("units.yaml") == "https://github.com/c/r/edit/main/county/data/units.yaml"
    assert EditLinks("https://x.example/edit/main/", "").url("数 据.yaml") == \
        "https://x.example/edit/main/%E6%95%B0%20%E6%8D%AE.yaml"
