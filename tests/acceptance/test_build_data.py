"""`portal build` of the bundled sample data (built once per session, skipped while data/ is
incomplete): every project has its page, the overdue page is sorted, nothing is external."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from generator.build import build_site
from generator.findings import has_errors
from generator.load.dataset import load_dataset
from generator.validate import validate
from tests.acceptance.sitecheck import broken_links, external_requests, read
from tests.conftest import AS_OF, REPO

DATA = REPO / "data"
SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")


def _data_links() -> set[str]:
    import yaml

    links = set()
    for path in (DATA / "projects").glob("*.yaml"):
        project = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        links |= {str(link.get("url")) for link in project.get("links", []) if isinstance(link, dict)}
    return links


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (DATA / "projects").is_dir() or has_errors(validate(load_dataset(DATA))):
        pytest.skip("data/ is not complete and valid yet")
    out = tmp_path_factory.mktemp("data-site") / "site"
    result = build_site(DATA, out, dt.date.fromisoformat(AS_OF))
    assert result.ok, "\n".join(result.errors)
    return out


def test_every_sample_project_has_its_page(site):
    for path in (DATA / "projects").glob("*.yaml"):
        assert (site / "projects" / f"{path.stem}.html").is_file(), path.stem


def test_the_overdue_page_is_sorted_by_working_days_overdue(site):
    table = read(site, "overdue.html").tables[0]
    days = [int(row[7]) for row in table.rows]
    assert days and days == sorted(days, reverse=True)


def test_the_sample_site_asks_no_other_host_and_has_no_broken_link(site):
    assert external_requests(site, _data_links()) == []
    assert broken_links(site) == []


def test_chinese_search_finds_the_county_and_photovoltaic_projects(site):
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    projects = {d["location"].split("#")[0] for d in docs
                if d["location"].startswith("projects/") and "光伏" in SEPARATOR.split(d["title"] + " " + d["text"])}
    assert len(projects) >= 2
    assert any("吉木萨尔" in SEPARATOR.split(d["text"]) for d in docs)
