"""Written explanations reach the project page: delay reasons, notes and corrections."""

from __future__ import annotations

import datetime as dt
import shutil

from generator.pipeline import load_and_evaluate
from generator.render import render_pages
from tests.conftest import AS_OF, FIXTURES

EXTRA = """
delays:
  - kind: monthly_report
    ref: 2026-04
    reason: 四月停工待电，未发生投资
"""


def test_delay_reasons_notes_and_corrections_are_shown_on_the_project_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    path = data / "projects" / "2026-base-pv.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    reported: 2026-03-31\n",
                        "    reported: 2026-03-31\n    correction_note: 统计局核定后更正累计投资\n")
    text = text.replace("  - item: eia-table\n    submitted: 2026-04-01\n",
                        "  - item: eia-table\n    submitted: 2026-04-01\n"
                        "    delay_reason: 企业补充监测数据\n    note: 已现场核查\n")
    path.write_text(text + EXTRA, encoding="utf-8")
    result = load_and_evaluate(data, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None, result.findings
    page = render_pages(result.records, result.facts)["projects/2026-base-pv.md"]
    assert "更正：统计局核定后更正累计投资" in page
    assert "四月停工待电，未发生投资" in page
    assert "企业补充监测数据" in page and "备注：已现场核查" in page
