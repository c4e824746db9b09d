"""The monthly progress chart of a project, drawn at build time as inline SVG.

Bars: investment completed each month (万元, left axis). Lines: cumulative investment as a
share of the planned total and physical progress (形象进度), both in % on the right axis.
Plain SVG with fixed colours reads the same in print and without JavaScript; ``<title>``,
``<desc>`` and ``aria-label`` describe it for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from .text import amount, plain_title

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 52, 36, 44
BAR, CUMULATIVE, PHYSICAL, GRID, INK = "#4a78b5", "#2e8b57", "#d9822b", "#d0d0d0", "#333333"

Series = Sequence[tuple[str, float, float, float]]  # (month, invested, cumulative, physical %)


def _nice_max(value: float) -> float:
    """A round upper bound for the axis: 1, 2, 2.5, 5 or 10 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover


def _polyline(points: list[tuple[float, float]], colour: str, dash: str = "") -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in points)
    return (f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>'
            + dots)


def progress_chart(title: str, series: Series, total: float) -> Markup:
    """SVG for one project's monthly reports; an empty Markup when there are none."""
    if not series:
        return Markup("")
    months = [m for m, *_ in series]
    top_value = _nice_max(max(inv for _, inv, _, _ in series))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(series)
    bar_w = max(1.0, min(36.0, slot * 0.6))

    def x_mid(i: int) -> float:
        return LEFT + slot * (i + 0.5)

    def y_amount(v: float) -> float:
        return TOP + plot_h * (1 - v / top_value)

    def y_percent(v: float) -> float:
        return TOP + plot_h * (1 - min(max(v, 0.0), 100.0) / 100)

    last = series[-1]
    summary = (f"{months[0]} 至 {months[-1]} 共 {len(series)} 个月的月报；最近一月 {last[0]} 完成投资 "
               f"{amount(last[1])} 万元，累计 {amount(last[2])} 万元，形象进度 {amount(last[3], 1)}%。")
    label = f"{plain_title(title)}：月度投资和形象进度"
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" class="portal-chart-svg" font-size="12" '
        f'font-family="sans-serif">',
        f"<title>{escape(label)}</title><desc>{escape(summary)}</desc>",
    ]
    for k in range(5):  # grid and both axes' ticks
        y = TOP + plot_h * k / 4
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">'
                     f"{amount(top_value * (4 - k) / 4)}</text>")
        parts.append(f'<text x="{LEFT + plot_w + 6}" y="{y + 4:.1f}" fill="{INK}">{25 * (4 - k)}%</text>')
    parts.append(f'<text x="{LEFT - 6}" y="{TOP - 14}" text-anchor="end" fill="{INK}">万元</text>')
    every = max(1, math.ceil(len(series) / 12))
    for i, (month, invested, _, _) in enumerate(series):
        y = y_amount(invested)
        parts.append(f'<rect class="portal-bar" x="{x_mid(i) - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                     f'height="{TOP + plot_h - y:.1f}" fill="{BAR}"><title>{month} 完成投资 '
                     f"{amount(invested)} 万元</title></rect>")
        if i % every == 0 or i == len(series) - 1:
            parts.append(f'<text x="{x_mid(i):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
                         f'fill="{INK}">{month}</text>')
    if total > 0:
        parts.append(_polyline([(x_mid(i), y_percent(c / total * 100))
                                for i, (_, _, c, _) in enumerate(series)], CUMULATIVE, "6 3"))
    parts.append(_polyline([(x_mid(i), y_percent(p)) for i, (_, _, _, p) in enumerate(series)],
                           PHYSICAL))
    legend = [(BAR, "当月完成投资（万元）"), (PHYSICAL, "形象进度（%）")]
    if total > 0:
        legend.insert(1, (CUMULATIVE, "累计完成占总投资（%）"))
    x = LEFT
    for colour, text in legend:
        parts.append(f'<rect x="{x}" y="{HEIGHT - 16}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="{HEIGHT - 6}" fill="{INK}">{text}</text>')
        x += 24 + 13 * len(text)
    parts.append("</svg>")
    return Markup("".join(parts))
