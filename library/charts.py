"""Small server-rendered SVG charts (no JavaScript, no CDN)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def stacked_bars(
    categories: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]], *, title: str, height: int = 220
) -> SafeString:
    """Vertical stacked bars, one per category; `series` is (label, colour, values). Scales to its box."""
    width, left, bottom, top = 640, 36, 40, 44
    totals = [sum(s[2][i] for s in series) for i in range(len(categories))] or [0]
    peak = max(totals) or 1
    plot_h = height - bottom - top
    step = (width - left - 10) / max(len(categories), 1)
    bar = step * 0.6
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" class="chart" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" font-size="11" text-anchor="end">{peak:g}</text>',
        f'<text x="{left - 6}" y="{height - bottom}" font-size="11" text-anchor="end">0</text>',
    ]
    for i, category in enumerate(categories):
        x = left + i * step + (step - bar) / 2
        y = height - bottom
        for label, colour, values in series:
            h = plot_h * values[i] / peak
            if h > 0:
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{colour}"><title>{escape(label)}: {values[i]:g}</title></rect>'
                )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
            f'text-anchor="middle">{escape(category)}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle">{totals[i]:g}</text>'
        )
    x = left
    for label, colour, _values in series:
        parts.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/><text x="{x + 16}" y="16" '
            f'font-size="12">{escape(label)}</text>'
        )
        x += 24 + 7 * len(label)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def stacked_rows(
    categories: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]], *, title: str, width: int = 360
) -> SafeString:
    """The same data as `stacked_bars` as horizontal stacked bars, one row per category, drawn
    narrow enough for a phone's width that its text stays readable; the total at each row's end."""
    left, right, row, top = 62, 34, 26, 30
    totals = [sum(s[2][i] for s in series) for i in range(len(categories))] or [0]
    peak = max(totals) or 1
    plot_w = width - left - right
    # The legend, wrapped onto as many lines as it needs.
    legend, x, y = [], 0, 14
    for label, colour, _values in series:
        item = 22 + 7 * len(label)
        if x and x + item > width:
            x, y = 0, y + 18
        legend.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{y}" font-size="12">{escape(label)}</text>'
        )
        x += item
    top = y + 16
    height = top + row * len(categories) + 6
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" class="chart-rows" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        *legend,
    ]
    for i, category in enumerate(categories):
        y = top + i * row
        parts.append(f'<text x="{left - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(category)}</text>')
        x = left
        for label, colour, values in series:
            w = plot_w * values[i] / peak
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                    f'fill="{colour}"><title>{escape(label)}: {values[i]:g}</title></rect>'
                )
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}" font-size="12">{totals[i]:g}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
