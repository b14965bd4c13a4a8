"""Small charts of the published pages, drawn on the server as inline SVG.

Pure functions: data and already-worded texts in, an SVG string out (every text escaped by
`format_html`). No script, font or image is fetched; the charts scale to their column
(`width: 100%`, capped at their natural width) and are read by assistive technologies as one
image named by its `<title>` (`role="img"`); each page also gives the same figures as a table.

Colours have enough contrast on white: the bars (#0b5a4a) 7.6:1, the texts (#1b1f24) 16:1, the
empty part of a bar (#e3e7eb) is decoration only."""

import re

from django.utils.html import format_html, format_html_join

BAR = "#0b5a4a"
TRACK = "#e3e7eb"
INK = "#1b1f24"
MUTED = "#4a5360"
GRID = "#c9d0d8"
FONT = 'font-family="system-ui, sans-serif"'
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _safe_id(value):
    if not _ID.fullmatch(value):
        raise ValueError(f"unsafe chart id: {value!r}")
    return value


def _svg(chart_id, width, height, title, description, body):
    chart_id = _safe_id(chart_id)
    return format_html(
        # No style attribute (the Content-Security-Policy refuses inline styles): site.css's
        # `svg.chart` rule shrinks it to the column, keeping its proportions.
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="{}" '
        'height="{}" aria-labelledby="{}-title {}-desc" id="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        round(width * 1.25),  # texts of 13 units read at about 16 px on wide screens
        round(height * 1.25),
        chart_id,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


def level_history_svg(chart_id, points, top_level, title, description=""):
    """The label's level per edition, one bar per year.

    `points`: [(year, level, level text)] by year (the level text is written above its bar,
    e.g. "3"); `top_level`: the referential's highest level (the height of the scale)."""
    top_level = max([top_level, 1, *(level for _year, level, _text in points)])
    step, left, top, plot_height = 64, 36, 16, 150
    width = max(left + step * len(points) + 8, 200)
    height = top + plot_height + 30
    unit = plot_height / top_level
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}" {}>{}</text>',
        (
            (left, width - 4, y, y, GRID, left - 8, y + 4, MUTED, FONT, level)
            for level in range(0, top_level + 1)
            for y in [round(top + plot_height - level * unit, 1)]
        ),
    )
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="40" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="13" font-weight="700" fill="{}" {}>{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="{}" {}>{}</text>',
        (
            (
                x,
                round(top + plot_height - level * unit, 1),
                round(level * unit, 1),
                BAR,
                x + 20,
                round(top + plot_height - level * unit - 4, 1),
                INK,
                FONT,
                text,
                x + 20,
                top + plot_height + 20,
                INK,
                FONT,
                year,
            )
            for index, (year, level, text) in enumerate(points)
            for x in [left + 12 + index * step]
        ),
    )
    return _svg(chart_id, width, height, title, description, format_html("{}{}", grid, bars))


def _lines(label, width=44):
    """A label cut in at most two lines of about `width` characters (SVG text does not wrap)."""
    words, lines = label.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width and len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def axis_bars_svg(chart_id, bars, title, description=""):
    """One horizontal bar per axis, from 0 to 100 %.

    `bars`: [(axis label, percent as a number, percent as written, e.g. "62,5 %")]."""
    width, track = 320, 240
    rows, y = [], 4
    for label, value, text in bars:
        lines = _lines(label)
        filled = round(track * min(max(float(value), 0), 100) / 100, 1)
        labels = format_html_join(
            "",
            '<text x="0" y="{}" font-size="13" fill="{}" {}>{}</text>',
            ((y + 13 + 16 * index, INK, FONT, line) for index, line in enumerate(lines)),
        )
        bar_y = y + 16 * len(lines) + 4
        rows.append(
            format_html(
                '{}<rect x="0" y="{}" width="{}" height="16" fill="{}"/>'
                '<rect x="0" y="{}" width="{}" height="16" fill="{}"/>'
                '<text x="{}" y="{}" font-size="13" font-weight="700" fill="{}" {}>{}</text>',
                labels,
                bar_y,
                track,
                TRACK,
                bar_y,
                filled,
                BAR,
                track + 6,
                bar_y + 13,
                INK,
                FONT,
                text,
            )
        )
        y = bar_y + 16 + 12
    return _svg(chart_id, width, max(y, 20), title, description, format_html_join("", "{}", ((row,) for row in rows)))
