"""Accessibility (GB/T 37668-2019, WCAG 2.1 AA): axe-core, injected into each page by the test
(never by the site), finds no serious or critical violation on the pages a leader and a
citizen use, at 1280 and 390 px; the list's filters and the search are reachable by keyboard.

axe-core comes from the npm registry (``scripts/test`` installs it into
tests/browser/node_modules); without it the test skips on a developer's machine and fails in CI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import unavailable

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ("index.html", "projects/index.html", "projects/2024-agri-tomato-300kt.html", "scores.html",
         "overdue.html", "method.html", "dispatch.html")


def axe_violations(page: Any) -> list[str]:
    if not AXE.is_file():
        unavailable(f"axe-core ({AXE}; scripts/test installs it with npm)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
        const result = await axe.run(document, {resultTypes: ["violations"], runOnly: {type: "tag", values: tags}});
        return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
    }""")
    return list(found)


@pytest.mark.parametrize("width", (1280, 390))
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(page, base_url, watch, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}{path}")
    assert axe_violations(page) == []
    assert watch.problems() == []


def test_the_filters_and_the_search_are_reachable_by_keyboard(page, base_url, watch):
    page.goto(f"{base_url}projects/index.html")
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.getAttribute('data-filter') || "
                                  "(document.activeElement.classList.contains('md-search__input') ? 'search' : '')"))
    assert {"q", "stage", "lead_unit", "industry", "township", "key_project", "colour"} <= reached
    page.keyboard.press("/")       # Material's shortcut to the search box
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    assert watch.problems() == []
