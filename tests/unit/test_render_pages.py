"""Rendering: the pages of the base fixture, compared with golden files, and what they say.

Regenerate the golden files after an intended change with
``PORTAL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_render_pages.py``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from generator.pipeline import load_and_evaluate
from generator.render import NAV, render_pages
from generator.render.accountability import INTERNAL_ONLY
from tests.conftest import AS_OF, FIXTURES, REPO

GOLDEN = FIXTURES / "golden"
GOLDEN_PAGES = ("index.md", "projects/index.md", "projects/2026-base-pv.md", "overdue.md",
                "units/shanggongju.md", "leaders/leader-li.md")


@pytest.fixture(scope="module")
def evaluated():
    result = load_and_evaluate(FIXTURES / "base", dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    return result.records, result.facts


@pytest.fixture(scope="module")
def pages(evaluated):
    return render_pages(*evaluated, "public", sample_data=True)


@pytest.mark.parametrize("path", GOLDEN_PAGES)
def test_the_rendered_page_matches_its_golden_file(pages, path):
    golden = GOLDEN / path
    if os.environ.get("PORTAL_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[path], encoding="utf-8")
    assert golden.exists(), f"missing golden file {golden}: run with PORTAL_UPDATE_GOLDEN=1"
    assert pages[path] == golden.read_text(encoding="utf-8")


def test_rendering_is_deterministic(evaluated, pages):
    assert render_pages(*evaluated, "public", sample_data=True) == pages


def test_there_is_a_page_per_project_unit_and_leader_and_every_summary_page(evaluated, pages):
    records, _ = evaluated
    expected = {path for _, path in NAV} - INTERNAL_ONLY     # the drafts: internal edition only
    expected |= {f"projects/{pid}.md" for pid in records.projects}
    expected |= {f"units/{uid}.md" for uid in records.units}
    expected |= {f"leaders/{lid}.md" for lid in records.leaders}
    assert set(pages) == expected


def test_every_page_starts_with_a_title_in_front_matter(pages):
    for path, text in pages.items():
        assert re.match(r'---\ntitle: "[^"\n]+"\n(hide:\n  - toc\n)?---\n', text), path


def test_every_summary_page_is_in_the_mkdocs_navigation_in_order():
    import yaml

    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    files = [next(iter(entry.values())) for entry in nav]
    assert [path for _, path in NAV] == files[:len(NAV)]
    titles = [next(iter(entry)) for entry in nav]
    assert [title for title, _ in NAV] == titles[:len(NAV)]


def test_the_project_page_shows_names_not_ids(pages):
    page = pages["projects/2026-base-pv.md"]
    assert "吉木萨尔县商务和工业信息化局" in page and "李明" in page and "北庭镇" in page
    assert ">shanggongju<" not in page and ">leader-li<" not in page


def test_the_project_page_shows_each_approval_with_deadline_status_and_overdue_days(pages):
    page = pages["projects/2026-base-pv.md"]
    rows = re.findall(r"<tr><td>(建设项目环境影响报告表审批|企业投资项目备案)</td>(.*?)</tr>", page)
    cells = {name: re.findall(r"<td[^>]*>(.*?)</td>", rest) for name, rest in rows}
    eia = cells["建设项目环境影响报告表审批"]
    assert eia[2:5] == ["2026-04-01", "2026-04-23", "—"]
    assert "portal-red" in eia[5] and "已逾期" in eia[5]
    assert eia[6] == "148"
    assert "按时办结" in cells["企业投资项目备案"][5]


def test_the_project_page_has_all_seven_stages_in_order_with_the_current_one_marked(pages):
    page = pages["projects/2026-base-pv.md"]
    stages = re.findall(r'portal-stage-(\w+)"><div class="portal-stage-head"><strong>(\w+)</strong>', page)
    assert [name for _, name in stages] == ["项目收集", "项目研判", "优惠政策", "项目签约", "项目会审",
                                            "项目落地", "项目投产"]
    assert [state for state, _ in stages] == ["done"] * 5 + ["current", "future"]


def test_the_home_page_says_the_sample_data_is_fictional_and_shows_warnings(pages):
    home = pages["index.md"]
    assert "示例数据纯属虚构" in home
    assert "有效期届满" in home  # the rules expire within the warning window of AS_OF


def test_the_sample_data_note_can_be_turned_off(evaluated):
    assert "示例数据纯属虚构" not in render_pages(*evaluated, "public")["index.md"]


def test_the_overdue_page_lists_overdue_approvals_by_working_days(pages):
    page = pages["overdue.md"]
    first_table = page.split("## 逾期办结")[0]
    assert "建设项目环境影响报告表审批" in first_table
    assert "企业投资项目备案" not in first_table


def test_the_public_pages_carry_no_internal_value(pages):
    text = "\n".join(pages.values())
    for value in ("13800000000", "测试联系人", "内部备注示例", "内部联络员甲", "（内部）"):
        assert value not in text


def test_the_internal_pages_show_internal_values(evaluated):
    text = "\n".join(render_pages(*evaluated, "internal").values())
    for value in ("13800000000", "测试联系人", "内部备注示例", "内部联络员甲"):
        assert value in text


def test_the_complaint_page_names_the_four_arbitrary_practices_of_article_13(pages):
    page = pages["complain.md"]
    for word in ("乱检查", "乱收费", "乱摊派", "乱罚款", "第十三条"):
        assert word in page


def test_a_project_with_the_id_index_does_not_overwrite_the_project_list(evaluated):
    from dataclasses import replace

    records, facts = evaluated
    project = dict(records.projects["2026-base-pv"], id="index")
    facts = replace(facts, projects=(replace(facts.projects[0], id="index"),))
    pages = render_pages(replace(records, projects={"index": project}), facts)
    assert "projects/_index.md" in pages
    assert pages["projects/index.md"].startswith('---\ntitle: "项目清单"')


def test_overdue_approvals_of_all_projects_are_sorted_by_working_days_overdue(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    text = (data / "projects" / "2026-base-pv.yaml").read_text(encoding="utf-8")
    (data / "projects" / "2026-base-later.yaml").write_text(
        text.replace("id: 2026-base-pv", "id: 2026-base-later")
            .replace("北庭镇20MW分布式光伏项目", "北庭镇储能项目")
            .replace("submitted: 2026-04-01", "submitted: 2026-09-01"), encoding="utf-8")
    result = load_and_evaluate(data, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    page = render_pages(result.records, result.facts)["overdue.md"].split("## 逾期办结")[0]
    days = [int(d) for d in re.findall(r'<td class="portal-num">(\d+)</td>', page)]
    assert len(days) == 2 and days == sorted(days, reverse=True)
    assert page.index("北庭镇20MW分布式光伏项目") < page.index("北庭镇储能项目")
