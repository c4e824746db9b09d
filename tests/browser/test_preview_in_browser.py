"""``portal serve`` in a real browser: the page open while the clerk saves the data file shows
the change by itself, then the errors of a broken save, then the fixed page again."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.commands.serve import PreviewServer
from tests.conftest import AS_OF

pytestmark = pytest.mark.browser

NAME = "北庭镇20MW分布式光伏项目"


def save(path: Path, text: str) -> None:
    """Save as an editor does, at once: the watcher never sees a half-written file."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.fixture
def preview(data_dir: Path) -> Iterator[PreviewServer]:
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=0.2, stream=io.StringIO())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_the_open_page_reloads_itself_after_each_save(preview: PreviewServer, data_dir: Path, page: Any) -> None:
    project = data_dir / "projects" / "2026-base-pv.yaml"
    text = project.read_text(encoding="utf-8")
    page.goto(preview.url + "projects/2026-base-pv.html")
    heading = page.locator("article h1")
    assert heading.inner_text() == NAME
    try:
        save(project, text.replace(NAME, "北庭镇30MW分布式光伏项目"))
        heading.filter(has_text="北庭镇30MW分布式光伏项目").wait_for(timeout=60_000)

        save(project, text.replace("stage: landing", "stage: flying"))
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=60_000)
        assert "网站未能重新生成" in alert.inner_text() and "flying" in alert.inner_text()
        assert heading.inner_text() == "北庭镇30MW分布式光伏项目"       # the last good page below

        save(project, text)
        heading.filter(has_text=NAME).wait_for(timeout=60_000)
        assert page.get_by_role("alert").count() == 0
    finally:
        page.goto("about:blank")    # before the server stops: no request left waiting for it
