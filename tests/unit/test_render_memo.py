"""render/memo.py: a unit, leader or project page is rendered again only when what it is
given changed; a page whose inputs are the same is yielded as UNCHANGED."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import shutil

import pytest

from generator.buildcache import value_digest
from generator.history import History, Revision
from generator.pipeline import load_and_evaluate
from generator.render import iter_pages
from generator.render.memo import UNCHANGED, RenderMemo
from generator.render.views import unit_path
from tests.conftest import AS_OF, REPO

ENTITY = ("projects/", "units/", "leaders/")


def _entity(path: str) -> bool:
    return path.startswith(ENTITY) and not path.endswith("index.md")


@pytest.fixture(scope="module")
def sample():
    result = load_and_evaluate(REPO / "data", dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    return result.records, result.facts


def test_equal_values_have_one_digest_however_they_share_objects():
    shared = "北庭镇" * 5
    one = {"a": [shared, shared], "b": (1, 2.5, None, dt.date(2026, 1, 1))}
    two = {"a": ["北庭镇" * 5, "".join(["北庭镇"] * 5)], "b": (1, 2.5, None, dt.date(2026, 1, 1))}
    assert one == two and pickle.dumps(one) != pickle.dumps(two)   # the plain pickles differ
    assert value_digest(one) == value_digest(two)
    assert value_digest(copy.deepcopy(one)) == value_digest(one)
    assert value_digest({**one, "b": (1, 2.5, None, dt.date(2026, 1, 2))}) != value_digest(one)
    assert value_digest(lambda: 1) is None          # not plain data: never a key


def test_nothing_changed_means_no_entity_page_is_rendered_again(sample):
    records, facts = sample
    first = RenderMemo()
    pages = dict(iter_pages(records, facts, "public", memo=first))
    assert all(text != UNCHANGED for text in pages.values())
    assert set(first.keys) == {path for path in pages if _entity(path)}

    second = RenderMemo(first.keys)
    again = dict(iter_pages(records, facts, "public", memo=second))
    assert [p for p, text in again.items() if _entity(p) and text != UNCHANGED] == []
    # Summary pages are always rendered, the same as before.
    assert {p: t for p, t in again.items() if not _entity(p)} == {p: t for p, t in pages.items() if not _entity(p)}


def test_a_changed_project_and_the_pages_that_show_it_are_rendered_again(sample, tmp_path):
    records, facts = sample
    first = RenderMemo()
    before = dict(iter_pages(records, facts, "public", memo=first))
    shutil.copytree(REPO / "data", tmp_path / "data")
    pid = sorted(records.projects)[0]
    path = tmp_path / "data" / "projects" / f"{pid}.yaml"
    name = records.projects[pid]["name"]
    path.write_text(path.read_text(encoding="utf-8").replace(f"name: {name}", f"name: {name}（更名）", 1),
                    encoding="utf-8")
    changed = load_and_evaluate(tmp_path / "data", dt.date.fromisoformat(AS_OF))
    assert changed.records is not None and changed.facts is not None
    memo = RenderMemo(first.keys)
    after = dict(iter_pages(changed.records, changed.facts, "public", memo=memo))
    again = {p for p, text in after.items() if _entity(p) and text != UNCHANGED}
    assert f"projects/{pid}.md" in again
    assert "（更名）" in after[f"projects/{pid}.md"]
    assert unit_path(records.projects[pid]["lead_unit"]) in again   # its unit lists it by name
    assert len(again) < len([p for p in before if _entity(p)]) / 2


# A name each kind of record gives the project pages (the second unit: it has no short name,
# so its full name is what the pages show), and a later day, which changes overdue counts.
CHANGES = {
    "unit": ("units.yaml", "吉木萨尔县招商局"),
    "leader": ("leaders.yaml", "李振华"),
    "township": ("townships.yaml", "三台镇"),
    "item": ("approval-items.yaml", "固定资产投资项目节能审查"),
    "project": ("projects/2024-agri-tomato-300kt.yaml", "吉木萨尔县年处理30万吨番茄酱加工项目"),
    "day": (None, None),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_what_the_memo_keeps_is_what_a_fresh_render_makes(sample, tmp_path, change):
    """Whatever changed, the pages the memo keeps from the last build and those it renders
    again are, together, the pages rendered from scratch."""
    records, facts = sample
    first = RenderMemo()
    before = dict(iter_pages(records, facts, "public", memo=first))
    shutil.copytree(REPO / "data", tmp_path / "data")
    day = dt.date.fromisoformat(AS_OF)
    file, name = CHANGES[change]
    if file is None:
        day += dt.timedelta(days=40)
    else:
        path = tmp_path / "data" / file
        text = path.read_text(encoding="utf-8")
        assert f"name: {name}\n" in text
        path.write_text(text.replace(f"name: {name}\n", f"name: {name}（改）\n", 1), encoding="utf-8")
    changed = load_and_evaluate(tmp_path / "data", day)
    assert changed.records is not None and changed.facts is not None
    after = dict(iter_pages(changed.records, changed.facts, "public", memo=RenderMemo(first.keys)))
    fresh = dict(iter_pages(changed.records, changed.facts, "public"))
    assert {p: before[p] if text == UNCHANGED else text for p, text in after.items()} == fresh
    # The change shows on project pages (so the memo had something to get wrong).
    assert any(fresh[p] != before[p] for p in fresh if p.startswith("projects/2"))


def _history(pid: str, authors: list[str]) -> History:
    when = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    revisions = tuple(Revision(commit=f"{i + 1:040d}", date=when - dt.timedelta(days=i), authored=when,
                               author=author, message=f"第 {i + 1} 次修改", project_id=pid,
                               path=f"data/projects/{pid}.yaml") for i, author in enumerate(authors))
    return History("ok", "", revisions, {pid: revisions}, {pid: revisions[0].date})


@pytest.mark.parametrize("later", ["author", "commit"])
def test_a_project_page_is_rendered_again_when_its_history_shows_otherwise(sample, later):
    """The page is keyed by the commits its 修订记录 lists and who each is shown as: a unit's
    git_identities (internal, not among the names in the key) decide the public author, and
    a new commit adds a line."""
    records, facts = sample
    pid = sorted(records.projects)[0]
    path = f"projects/{pid}.md"
    first = RenderMemo()
    dict(iter_pages(records, facts, "public", history=_history(pid, ["数据维护人员"] * 2), memo=first))
    same = dict(iter_pages(records, facts, "public", history=_history(pid, ["数据维护人员"] * 2),
                           memo=RenderMemo(first.keys)))
    assert same[path] == UNCHANGED
    shown = ["吉木萨尔县发展和改革委员会", "数据维护人员"] if later == "author" else ["数据维护人员"] * 3
    changed = _history(pid, shown)
    after = dict(iter_pages(records, facts, "public", history=changed, memo=RenderMemo(first.keys)))
    assert after[path] != UNCHANGED
    assert after[path] == dict(iter_pages(records, facts, "public", history=changed))[path]
    assert (shown[0] if later == "author" else "第 3 次修改") in after[path]
    # Other projects, whose history did not change, are kept.
    assert all(after[p] == UNCHANGED for p in after if p.startswith("projects/2") and p != path)


def test_a_unit_page_is_rendered_again_when_another_units_score_moves_its_rank(sample, tmp_path):
    """A unit page shows its rank among the units scored like it: when another unit's project
    reports more investment and that unit overtakes it, its page changes although none of the
    projects it answers for did. The memo keys unit pages by their scores and ranks too."""
    records, facts = sample
    first = RenderMemo()
    before = dict(iter_pages(records, facts, "public", memo=first))
    shutil.copytree(REPO / "data", tmp_path / "data")
    path = tmp_path / "data" / "projects" / "2026-santai-dehydrated-veg.yaml"     # led by santai-gov
    text = path.read_text(encoding="utf-8")
    assert "invested: 48\n    cumulative: 48\n" in text
    path.write_text(text.replace("invested: 48\n    cumulative: 48\n", "invested: 2000\n    cumulative: 2000\n", 1),
                    encoding="utf-8")
    changed = load_and_evaluate(tmp_path / "data", dt.date.fromisoformat(AS_OF))
    assert changed.records is not None and changed.facts is not None
    after = dict(iter_pages(changed.records, changed.facts, "public", memo=RenderMemo(first.keys)))
    fresh = dict(iter_pages(changed.records, changed.facts, "public"))
    assert {p: before[p] if text == UNCHANGED else text for p, text in after.items()} == fresh
    overtaken = unit_path("wenlvju")     # scored 82.7 before, below santai-gov's new score
    assert changed.records.projects["2026-santai-dehydrated-veg"]["name"] not in fresh[overtaken]
    assert fresh[overtaken] != before[overtaken] and after[overtaken] != UNCHANGED


def test_a_unit_page_is_rendered_again_when_a_project_its_score_cites_is_renamed(tmp_path):
    """A unit's score cites the notices it was sent, with their project, which need not be one
    the unit answers for otherwise: renaming that project changes the unit page."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    notices = tmp_path / "data" / "notices.yaml"
    text = notices.read_text(encoding="utf-8")
    sent = "    unit: yingjiju\n    project: 2025-wcw-coal-tar-500kt\n"
    assert sent in text
    notices.write_text(text.replace(sent, "    unit: yingjiju\n    project: 2024-agri-tomato-300kt\n", 1),
                       encoding="utf-8")
    day = dt.date.fromisoformat(AS_OF)
    first = load_and_evaluate(tmp_path / "data", day)
    assert first.records is not None and first.facts is not None
    memo = RenderMemo()
    before = dict(iter_pages(first.records, first.facts, "public", memo=memo))
    page, name = unit_path("yingjiju"), first.records.projects["2024-agri-tomato-300kt"]["name"]
    assert name in before[page]
    project = tmp_path / "data" / "projects" / "2024-agri-tomato-300kt.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace(f"name: {name}\n", f"name: {name}（改）\n", 1),
                       encoding="utf-8")
    changed = load_and_evaluate(tmp_path / "data", day)
    assert changed.records is not None and changed.facts is not None
    after = dict(iter_pages(changed.records, changed.facts, "public", memo=RenderMemo(memo.keys)))
    assert after[page] != UNCHANGED and f"{name}（改）" in after[page]
    assert after[page] == dict(iter_pages(changed.records, changed.facts, "public"))[page]
