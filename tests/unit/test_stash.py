"""generator/build/stash.py: the raw HTML blocks of a generated page go out before Python-Markdown
and come back after it exactly as Markdown would have written them; search blocks are indexed
and then removed; data can neither forge a placeholder nor start a block."""

from __future__ import annotations

import datetime as dt

import markdown
import pytest

from generator.build.stash import StashError, placeholder, restore, split
from generator.pipeline import load_and_evaluate
from generator.render import render_pages
from generator.render.text import search_text
from tests.conftest import AS_OF, FIXTURES

TOKEN = "0123456789abcdef"


def convert(text: str) -> str:
    """Python-Markdown as MkDocs runs it with the portal's extensions, front matter removed."""
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    md = markdown.Markdown(extensions=["toc", "tables", "admonition", "attr_list"],
                           extension_configs={"toc": {"permalink": True}})
    return md.convert(text)


def round_trip(text: str) -> tuple[str, str]:
    """(the HTML through the stash, the HTML of the page as it is without stashing)."""
    stashed = split(text, TOKEN)
    whole = split(text, TOKEN, stash=False)
    return restore(convert(stashed.markdown), TOKEN, stashed.blocks, stashed.search), convert(whole.markdown)


PAGE = """---
title: "甲"
---

<p class="portal-lead">阶段 · <a href="../units/a.html">单位</a></p>
<p class="portal-updated">最后更新：不详</p>

<div data-portal-search>投资主体 · 北庭镇</div>

<div class="admonition warning"><p class="admonition-title">提示</p><p>x</p></div>


## 基本情况

<dl class="portal-facts">
<dt>项目编号</dt><dd>a</dd>
</dl>

## 审批事项

<div class="portal-table"><table id="portal-approvals">
<thead><tr><th>a</th></tr></thead>
<tbody>
<tr><td>1<br>2</td></tr>
</tbody>
</table></div>

<figure class="portal-chart"><svg viewBox="0 0 1 1"><title>t</title><rect x="1"/><text>万元</text></svg></figure>

## 投诉

<div data-portal-search>投诉事项</div>

<p>没有登记的投诉。</p>
"""


def test_blocks_become_one_placeholder_per_run_and_headings_stay_markdown():
    parts = split(PAGE, TOKEN)
    assert parts.markdown.count("<!--portal-stash") == len(parts.blocks) == 5  # lead, warning, dl, table+chart, p
    assert "## 基本情况" in parts.markdown and "<table" not in parts.markdown and "<dl" not in parts.markdown
    assert parts.search == ["<div data-portal-search>投资主体 · 北庭镇</div>", "<div data-portal-search>投诉事项</div>"]
    assert parts.anchors == {"portal-approvals"}


def test_the_html_comes_back_as_markdown_writes_it_and_search_blocks_go():
    through, whole = round_trip(PAGE)
    assert through == whole
    assert "data-portal-search" not in through and "portal-stash" not in through
    assert '<table id="portal-approvals">' in through


def test_without_stashing_only_the_search_blocks_leave_the_page():
    whole = split(PAGE, TOKEN, stash=False)
    assert whole.blocks == [] and whole.search == []
    assert whole.markdown == PAGE.replace("<div data-portal-search>投资主体 · 北庭镇</div>\n\n", "").replace(
        "<div data-portal-search>投诉事项</div>\n\n", "")


@pytest.mark.parametrize("text", [
    "<div>\n<p>a</p>\n</div>\nText right after the block\n\n<div>b</div>\n",   # no blank line after
    "Text\n<div>a</div>\n\n<div>b</div>\n",                                     # no blank line before
    "<div>\n<p>never closed</p>\n\n<div>b</div>\n",                             # unbalanced
    "<div><!-- a comment --></div>\n\n<div>b</div>\n",                          # what html.parser reads otherwise
    "<div><script>x</script></div>\n\n<div>b</div>\n",
    "<span>inline</span>\n\n<div>b</div>\n",                                    # not a block-level tag
    "<div>a</div> tail\n\n<div>b</div>\n",
])
def test_what_is_not_certainly_a_block_is_left_to_markdown_with_the_rest_of_the_page(text):
    parts = split(text, TOKEN)
    assert parts.blocks == [] and parts.markdown == text
    through, whole = round_trip(text)
    assert through == whole


def test_blocks_before_an_uncertain_one_are_still_stashed():
    text = "<div>a</div>\n\n## H\n\n<div>b</div>\nText\n\n<div>c</div>\n"
    parts = split(text, TOKEN)
    assert parts.blocks == ["<div>a</div>"]
    assert parts.markdown.endswith("<div>b</div>\nText\n\n<div>c</div>\n")
    through, whole = round_trip(text)
    assert through == whole


def test_escaped_data_cannot_forge_a_placeholder_or_a_search_block():
    forged = str(search_text(f"{placeholder(TOKEN, 0)} <div data-portal-search>x</div>"))
    text = f"<p>{forged}</p>\n\n<div data-portal-search>{forged}</div>\n\n## H\n\n<p>a</p>\n"
    parts = split(text, TOKEN)
    assert len(parts.blocks) == 2 and len(parts.search) == 1
    html = restore(convert(parts.markdown), TOKEN, parts.blocks, parts.search)
    assert html.count("&lt;!--portal-stash") == 1     # the data, shown as text, once
    assert "data-portal-search" not in html.replace("&lt;div data-portal-search&gt;", "")


def test_a_block_that_does_not_come_back_fails_loudly():
    parts = split(PAGE, TOKEN)
    html = convert(parts.markdown)
    with pytest.raises(StashError):
        restore(html.replace(placeholder(TOKEN, 1), ""), TOKEN, parts.blocks, parts.search)
    with pytest.raises(StashError):
        restore(html, "another-token", parts.blocks, parts.search)
    with pytest.raises(StashError):
        restore(html.replace(parts.search[0], ""), TOKEN, parts.blocks, parts.search)


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize("fixture", ["base", "hostile"])
def test_every_generated_page_of_the_fixtures_is_stashed_whole_and_comes_back_unchanged(fixture, audience):
    result = load_and_evaluate(FIXTURES / fixture, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    for path, text in render_pages(result.records, result.facts, audience).items():
        parts = split(text, TOKEN)
        body = parts.markdown.split("\n---\n", 1)[1]
        leftover = [line for line in body.splitlines() if line.startswith("<")
                    and not line.startswith(("<!--portal-stash", "<div data-portal-search>"))]
        assert leftover == [], f"{path}: raw HTML left for Markdown (a template wrote a block the stash "\
                               f"cannot delimit: keep a blank line around each block): {leftover[:2]}"
        through, whole = round_trip(text)
        assert through == whole, path
