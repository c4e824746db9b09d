"""The fast build changes nothing but the search index: the generated pages' HTML blocks kept
away from Python-Markdown and the search plugin (generator/build/stash.py), the navigation rendered
once per folder for pages outside it. Built fast and the plain MkDocs way, every file but the
search index is byte for byte the same, on the base fixture, the hand-made hostile fixture and
the schema-generated hostile project (internal edition: every field shown)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.build import build_site
from tests.conftest import AS_OF, FIXTURES
from tests.hostile.generate import BASE_DATA, PROJECT_ID, dump, hostile_project

SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")
# Not compared: the search index (what the stash changes) and the sitemaps (the build date,
# and gzip's timestamp).
NOT_COMPARED = {"search/search_index.json", "search/search_index.js", "sitemap.xml", "sitemap.xml.gz"}


def _data(root: Path, name: str) -> Path:
    data = root / "data"
    if name == "generated":
        shutil.copytree(BASE_DATA, data)
        document, _ = hostile_project()
        (data / "projects" / f"{PROJECT_ID}.yaml").write_text(dump(document), encoding="utf-8")
    else:
        shutil.copytree(FIXTURES / name, data)
    return data


@pytest.fixture(scope="module", params=[("base", "public"), ("hostile", "internal"), ("generated", "internal")],
                ids=["base-public", "hostile-internal", "generated-hostile-internal"])
def sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    name, audience = request.param
    built = []
    for stash in (True, False):
        root = tmp_path_factory.mktemp(f"{name}-{'stash' if stash else 'whole'}")
        data = _data(root, name)
        result = build_site(data, root / "site", dt.date.fromisoformat(AS_OF), audience, fast=stash)
        assert result.ok, "\n".join(result.errors)
        built.append(root / "site")
    return built[0], built[1]


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_every_page_is_byte_for_byte_the_page_mkdocs_writes_without_the_stash(sites):
    stashed, whole = (_files(site) for site in sites)
    assert stashed.keys() == whole.keys()
    compared = [path for path in stashed if path not in NOT_COMPARED]
    assert len([p for p in compared if p.endswith(".html")]) > 20
    for path in compared:
        assert stashed[path] == whole[path], path


def test_no_placeholder_or_search_block_is_left_in_any_page(sites):
    for path, content in _files(sites[0]).items():
        if path.endswith(".html"):
            text = content.decode("utf-8")
            assert "portal-stash" not in text and "data-portal-search" not in text, path


def test_the_search_index_holds_headings_and_search_text_but_no_table(sites):
    stashed, whole = (json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
                      for site in sites)
    assert len(json.dumps(stashed)) < len(json.dumps(whole))
    projects = [d for d in stashed if re.match(r"projects/(?!index\.html)", d["location"])]
    for doc in projects:
        assert "<table" not in doc["text"] and "portal-stash" not in doc["text"], doc["location"]
    assert {"审批事项", "问题清单"} <= {SEPARATOR.sub("", d["title"]) for d in projects}


def test_the_project_summary_is_searchable(sites):
    docs = json.loads((sites[0] / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = [d for d in docs if re.fullmatch(r"projects/(?!index\.html)[^#/]+\.html", d["location"])]
    assert pages
    # The attracting unit's full name (吉木萨尔县…) is in the summary, not in the page title.
    assert any("吉木萨尔" in SEPARATOR.split(d["text"]) for d in pages)
