"""`portal build` end to end on the base fixture: pages, content, search, offline, audience,
strictness, and a failed build that leaves the last good site alone."""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
import shutil
import weakref
from pathlib import Path
from typing import Any

import pytest

import generator.build.config as config_module
import generator.build.plugins as plugins_module
import generator.build.site as build_module
from generator.build import build_site
from generator.build.memory import YOUNG_COLLECTION
from tests.acceptance.sitecheck import broken_links, external_requests, read
from tests.conftest import AS_OF, FIXTURES

INTERNAL_VALUES = ("13800000000", "测试联系人", "内部备注示例", "内部联络员甲")
SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")


def _build(root: Path, audience: str = "public") -> Path:
    data = root / "data"
    shutil.copytree(FIXTURES / "base", data)
    result = build_site(data, root / "site", dt.date.fromisoformat(AS_OF), audience)  # type: ignore[arg-type]
    assert result.ok, "\n".join(result.errors)
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("public"))


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("internal"), "internal")


def _files(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8", errors="replace")
            for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".css")}


@pytest.mark.parametrize("path", [
    "index.html", "projects/index.html", "projects/2026-base-pv.html", "overdue.html",
    "missing-reports.html", "units/index.html", "units/shanggongju.html", "leaders/index.html",
    "leaders/leader-li.html", "approval-items.html", "complain.html", "about.html", "how-to-edit.html",
    "search/search_index.json", "assets/portal/portal.js", "assets/portal/portal.css",
])
def test_the_built_site_has_the_page(site, path):
    assert (site / path).is_file()


def test_the_project_page_says_what_the_data_says(site):
    page = read(site, "projects/2026-base-pv.html")
    assert page.title.startswith("北庭镇20MW分布式光伏项目")
    approvals = page.table("portal-approvals")
    assert approvals.head[:7] == ["审批事项", "办理部门", "时限", "申报日期", "办理期限", "办结日期", "状态"]
    eia = next(r for r in approvals.rows if r[0] == "建设项目环境影响报告表审批")
    assert eia[1:8] == ["生态环境局", "15 个工作日", "2026-04-01", "2026-04-23", "—", "已逾期", "148"]
    assert "吉木萨尔县商务和工业信息化局" in page.text and "李明" in page.text


def test_the_project_page_charts_its_monthly_investment_in_text_with_a_table(site):
    html = (site / "projects/2026-base-pv.html").read_text(encoding="utf-8")
    name = "北庭镇20MW分布式光伏项目：每月完成投资"
    assert re.search(f'<figure class="portal-bars" aria-label="{name}"', html)
    figure = html.split('class="portal-bars"', 1)[1].split("</figure>", 1)[0]
    assert '<span class="portal-bar-label">2026-03</span>' in figure and "100 万元 · 形象进度 2%" in figure
    assert "<summary>以表格查看</summary>" in figure and "<td>2026-03</td><td>100 万元 · 形象进度 2%</td>" in figure


def test_the_project_list_is_a_full_table_with_filter_attributes(site):
    page = read(site, "projects/index.html")
    table = page.table("portal-projects")
    # The key columns, in the order a leader reads them; the rest is on the project page.
    assert table.head == ["项目名称", "招引单位", "阶段", "状态", "逾期工作日", "最后更新", "计划总投资", "形象进度"]
    assert len(table.rows) == 1 and len(table.rows[0]) == len(table.head)
    row = dict(next(attrs for tag, attrs in page.tags if tag == "tr" and ("data-stage", "landing") in attrs))
    # Filter attributes named (and valued) like downloads/projects.json's fields: the URL contract.
    assert {k: v for k, v in row.items() if k != "data-q"} == {
        "data-stage": "landing", "data-lead_unit": "shanggongju", "data-industry": "new_energy",
        "data-township": "beiting-town", "data-key_project": "false", "data-colour": "red"}
    # The filter form is hidden until the script shows it: without JavaScript nothing is lost.
    form = next(attrs for tag, attrs in page.tags if tag == "form" and ("class", "portal-filters") in attrs)
    assert ("hidden", None) in form


def test_project_pages_stay_out_of_the_navigation(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index('<div class="md-content"')]
    assert "项目清单" in nav and "编辑指南" in nav
    assert "2026-base-pv" not in nav


def test_every_page_has_a_title_and_no_link_is_broken(site):
    for path in site.rglob("*.html"):
        page = read(site, str(path.relative_to(site)))
        assert page.title.strip() and not page.title.startswith(" - "), path
    assert broken_links(site) == []


def test_no_page_stylesheet_or_script_asks_another_host_for_anything(site):
    assert external_requests(site, set()) == []


def test_the_theme_makes_no_request_that_its_configuration_could_trigger(site):
    html = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    assert 'class="mermaid"' not in html          # would load mermaid from unpkg.com
    assert "md-source" not in html                # a repo_url would query the GitHub API
    assert "window.ResizeObserver=function" in html  # no polyfill from unpkg.com in old browsers


def test_the_search_index_holds_jieba_segmented_words_of_the_project(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"]
    entries = [d for d in index["docs"] if d["location"].startswith("projects/2026-base-pv.html")]
    title_words = SEPARATOR.split(entries[0]["title"])
    assert {"北庭", "分布式", "光伏", "项目"} <= set(title_words)
    words = {w for d in entries for w in SEPARATOR.split(d["title"] + " " + d["text"])}
    assert {"光伏", "吉木萨尔"} <= words  # 吉木萨尔县 is split so that 吉木萨尔 finds it


def test_the_public_site_contains_no_internal_value(site):
    for path, text in _files(site).items():
        for value in INTERNAL_VALUES:
            assert value not in text, f"{value} in {path}"
        if path.endswith(".html"):
            assert 'class="portal-banner-internal"' not in text and "noindex" not in text


def test_the_internal_site_contains_internal_values_and_says_so_on_every_page(internal_site):
    files = _files(internal_site)
    everything = "\n".join(files.values())
    for value in INTERNAL_VALUES:
        assert value in everything
    for path, text in files.items():
        if path.endswith(".html"):
            assert "内部版，含不公开信息，请勿外传" in text, path
            assert '<meta name="robots" content="noindex, nofollow">' in text, path


def test_the_cli_builds_and_ends_with_a_one_line_chinese_summary(run, data_dir, monkeypatch):
    monkeypatch.setattr(build_module, "PROGRESS_EVERY", 5)
    monkeypatch.setattr(plugins_module, "PROGRESS_EVERY", 5)
    result = run("build", "--data", str(data_dir), "--out", "out", "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert re.fullmatch(r"网站已生成：\d+ 个网页，红色项目 1 个，黄色项目 0 个，用时 [\d.]+ 秒（out）\n", result.out)
    assert "已生成 5/" in result.err and "已写出 5 个页面" in result.err


def test_a_failed_build_exits_1_and_leaves_the_last_good_site_untouched(run, data_dir, tmp_path):
    assert run("build", "--data", str(data_dir), "--out", "site", "--as-of", AS_OF).code == 0
    index = tmp_path / "site" / "index.html"
    before = index.read_bytes()
    project = data_dir / "projects" / "2026-base-pv.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("stage: landing", "stage: flying"),
                       encoding="utf-8")
    result = run("build", "--data", str(data_dir), "--out", "site", "--as-of", AS_OF)
    assert result.code == 1
    assert "2026-base-pv.yaml:" in result.err and "error[schema-enum]" in result.err
    assert "原有网站保持不变" in result.err
    assert index.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_a_mkdocs_warning_fails_the_build_like_strict_mode_and_keeps_the_old_site(run, data_dir, tmp_path):
    assert run("build", "--data", str(data_dir), "--out", "site", "--as-of", AS_OF).code == 0
    before = (tmp_path / "site" / "about.html").read_bytes()
    docs = tmp_path / "docs"   # hand-written pages beside the data folder replace the tool's
    docs.mkdir()
    (docs / "about.md").write_text("# 关于\n\n[失效链接](nowhere.md)\n", encoding="utf-8")
    (docs / "how-to-edit.md").write_text("# 编辑指南\n", encoding="utf-8")
    result = run("build", "--data", str(data_dir), "--out", "site", "--as-of", AS_OF)
    assert result.code == 1
    assert "nowhere.md" in result.err
    assert (tmp_path / "site" / "about.html").read_bytes() == before


def test_a_hand_written_page_may_not_shadow_a_generated_one(run, data_dir, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(Path(config_module.PROJECT_ROOT) / "docs", docs)
    (docs / "overdue.md").write_text("# 手写\n", encoding="utf-8")
    result = run("build", "--data", str(data_dir), "--out", "site", "--as-of", AS_OF)
    assert result.code == 1 and "docs/overdue.md" in result.err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("out", ["data", ".", "notasite"])
def test_the_build_refuses_to_replace_a_folder_that_is_not_a_site(run, data_dir, tmp_path, out):
    (tmp_path / "notasite").mkdir()
    (tmp_path / "notasite" / "keep.txt").write_text("x", encoding="utf-8")
    result = run("build", "--data", str(data_dir), "--out", out, "--as-of", AS_OF)
    assert result.code == 2
    assert (tmp_path / "notasite" / "keep.txt").exists() and (data_dir / "rules.yaml").exists()


def test_an_unknown_audience_is_a_usage_error(run, data_dir):
    assert run("build", "--data", str(data_dir), "--audience", "secret").code == 2


def test_a_build_collects_young_garbage_less_often_and_leaves_the_collector_as_it_was(tmp_path, monkeypatch):
    """The build's own collector setting (``build.memory.collect_less``) holds while it runs,
    also when it fails, and never outlives it (a preview or a test runs in the same process)."""
    before = gc.get_threshold()
    seen: list[int] = []
    evaluate = build_module.load_and_evaluate

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold()[0])
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_and_evaluate", spy)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    assert build_site(data, tmp_path / "site", dt.date.fromisoformat(AS_OF)).ok
    (data / "units.yaml").write_text("units: [", encoding="utf-8")
    assert not build_site(data, tmp_path / "site", dt.date.fromisoformat(AS_OF)).ok
    assert seen == [YOUNG_COLLECTION] * 2 and before[0] < YOUNG_COLLECTION
    assert gc.get_threshold() == before


def test_mkdocs_runs_after_the_build_let_go_of_its_records_and_facts(tmp_path, monkeypatch):
    """The memory of the records and facts is MkDocs' once the pages are written (the summary
    line still counts the red and yellow projects, and the 数据下载 page keeps its date)."""
    held: list[weakref.ref[Any]] = []
    alive_in_mkdocs: list[bool] = []
    evaluate, run_mkdocs = build_module.load_and_evaluate, build_module.run_mkdocs

    def keep_watch(*args: Any, **kwargs: Any) -> Any:
        result = evaluate(*args, **kwargs)
        held.extend(weakref.ref(x) for x in (result.data.projects[0], result.records, result.facts,
                                             result.facts.projects[0]))
        return result

    def mkdocs(*args: Any, **kwargs: Any) -> Any:
        alive_in_mkdocs.extend(ref() is not None for ref in held)
        return run_mkdocs(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_and_evaluate", keep_watch)
    monkeypatch.setattr(build_module, "run_mkdocs", mkdocs)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    # Without the collector's runs, which come at random moments: freed means not referenced,
    # not merely unreachable (a template's context, freed only by a collection, once held
    # every unit's facts).
    gc.disable()
    try:
        result = build_site(data, tmp_path / "site", dt.date.fromisoformat(AS_OF))
    finally:
        gc.enable()
    assert result.ok and alive_in_mkdocs == [False] * 4
    assert result.red + result.yellow > 0
    assert AS_OF in read(tmp_path / "site", "downloads.html").text
