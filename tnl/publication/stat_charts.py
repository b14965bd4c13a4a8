"""Charts of the statistics page, drawn on the server as SVG strings.

Pure functions: numbers and words in, an `<svg>` out; no database, no external resource, no
script. Every chart has `role="img"`, a `<title>` and a `<desc>`, and is sized by its `viewBox`
with `width="100%"`, so it shrinks to a 360 px screen. Every bar carries its value in words
(colour is never the only carrier), and the page puts a data table after each chart.

Colours reach WCAG AA: 3:1 at least against the white page for the bars, 4.5:1 at least for the
white text written inside them (checked by the tests)."""

from django.utils.html import escape

WIDTH = 420  # small enough for the text to stay readable on a 360 px screen
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, DejaVu Sans, sans-serif"'
INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#c9d0d8"
# Dark enough for white text (4.5:1) and against white (3:1), far enough apart to tell segments.
SERIES = ["#8a3b00", "#6a3d9a", "#1f5fa8", "#0b5a4a", "#1b1f24", "#9b1c4b", "#4a5360"]


def series_colour(index):
    return SERIES[index % len(SERIES)]


def _number(value):
    return f"{value:d}" if isinstance(value, int) else str(value)


def svg(ident, width, height, title, description, body):
    """The chart's frame: a scalable, labelled image."""
    ident = escape(ident)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" {FONT}>'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def text(x, y, words, size=15, anchor="start", fill=INK, weight=None):
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{bold}>'
        f"{escape(words)}</text>"
    )


def wrap(words, size, width=WIDTH):
    """Lines of `words` that fit in `width` at `size` (an estimate: no font metrics here)."""
    most = max(int(width / (size * 0.6)), 8)
    lines, line = [], ""
    for word in str(words).split():
        if line and len(line) + 1 + len(word) > most:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines or [""]


def heading(y, words, size=16):
    """A label written above bars, on as many lines as it needs. Returns (markup, height)."""
    lines = wrap(words, size)
    spans = "".join(
        f'<tspan x="0" dy="{0 if index == 0 else size + 4}">{escape(line)}</tspan>' for index, line in enumerate(lines)
    )
    markup = f'<text x="0" y="{y + size + 1:g}" font-size="{size}" fill="{INK}" font-weight="700">{spans}</text>'
    return markup, len(lines) * (size + 4) + 6


def rect(x, y, width, height, fill, stroke=None):
    line = f' stroke="{stroke}"' if stroke else ""
    return f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" fill="{fill}"{line}/>'


def legend(items, y):
    """One line per series: a swatch and its label. Returns (markup, height)."""
    parts = []
    top = y
    for label, colour in items:
        lines = wrap(label, 15, WIDTH - 24)
        parts.append(rect(0, top + 2, 16, 16, colour))
        for index, line in enumerate(lines):
            parts.append(text(24, top + 15 + index * 19, line))
        top += 19 * len(lines) + 5
    return "".join(parts), top - y


LABEL_WIDTH = 48  # the row labels (years) on the left
VALUE_ROOM = 44  # the total written after the longest bar
BAR = 22


def stacked_bars(ident, title, description, series, rows):
    """Horizontal stacked bars: `series` [(label, colour)], `rows` [(row label, [value per
    series])]. Each segment wide enough shows its value; the row's total follows the bar."""
    top_legend, legend_height = legend(series, 0)
    totals = [sum(values) for _label, values in rows]
    biggest = max(totals, default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    parts = [top_legend]
    y = legend_height + 12
    for (label, values), total in zip(rows, totals, strict=True):
        parts.append(text(0, y + 16, label, weight="600"))
        x = LABEL_WIDTH
        for index, value in enumerate(values):
            if not value:
                continue
            width = room * value / biggest
            parts.append(rect(x, y, width, BAR, series[index][1]))
            if width >= 9 * len(_number(value)) + 6:
                parts.append(text(x + width / 2, y + 16, _number(value), anchor="middle", fill="#ffffff"))
            x += width + 1  # a white gap between segments
        parts.append(text(x + 6, y + 16, _number(total), weight="700"))
        y += BAR + 12
    return svg(ident, WIDTH, max(y, 40), title, description, "".join(parts))


def grouped_bars(ident, title, description, groups):
    """Horizontal bars in groups: `groups` [(group label, [(bar label, value)])]. A group's label
    is written above its bars; each bar has its label on the left and its value after it. Bars of
    the same label (a year) have the same colour across groups."""
    labels = []
    for _group, bars in groups:
        for label, _value in bars:
            if label not in labels:
                labels.append(label)
    biggest = max((value for _group, bars in groups for _label, value in bars), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    parts = []
    y = 0
    for group, bars in groups:
        markup, height = heading(y, group)
        parts.append(markup)
        y += height
        for label, value in bars:
            parts.append(text(0, y + 16, label))
            width = room * value / biggest
            if value:
                parts.append(rect(LABEL_WIDTH, y, width, BAR, series_colour(labels.index(label))))
            parts.append(text(LABEL_WIDTH + width + 6, y + 16, _number(value), weight="700"))
            y += BAR + 6
        y += 10
    return svg(ident, WIDTH, max(y, 40), title, description, "".join(parts))
