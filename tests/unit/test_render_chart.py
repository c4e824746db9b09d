"""The progress chart: inline SVG, described for screen readers, data escaped."""

from __future__ import annotations

from generator.render.chart import progress_chart

SERIES = (("2026-03", 100.0, 100.0, 2.0), ("2026-04", 300.0, 400.0, 10.0), ("2026-05", 0.0, 400.0, 12.0))


def test_the_chart_has_one_bar_per_month_and_two_lines():
    svg = str(progress_chart("项目", SERIES, 8000))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('<rect class="portal-bar"') == 3
    assert svg.count("<polyline") == 2


def test_the_chart_has_a_title_a_description_and_an_aria_label():
    svg = str(progress_chart("光伏项目", SERIES, 8000))
    assert "<title>光伏项目：月度投资和形象进度</title>" in svg
    assert 'aria-label="光伏项目：月度投资和形象进度"' in svg
    assert "<desc>2026-03 至 2026-05 共 3 个月的月报" in svg


def test_the_project_name_cannot_break_out_of_the_svg():
    svg = str(progress_chart('"><script>alert(1)</script>', SERIES, 8000))
    assert "<script" not in svg
    assert '"><' not in svg.split("<title>")[0].split("aria-label=")[1][:60]


def test_without_a_total_investment_only_physical_progress_is_drawn():
    assert str(progress_chart("项目", SERIES, 0)).count("<polyline") == 1


def test_no_reports_means_no_chart():
    assert str(progress_chart("项目", (), 8000)) == ""


def test_the_chart_asks_no_other_host_for_anything():
    assert "http" not in str(progress_chart("项目", SERIES, 8000))
