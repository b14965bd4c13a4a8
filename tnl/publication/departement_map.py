"""A schematic map of the laureates by département: one square per département on a fixed grid
(a tile-grid cartogram), drawn on the server as SVG. No map tiles, no outlines to download or
licence: each square sits roughly where its département is, and carries its code and its number
of labelled bodies in words; the page gives the same numbers in a table.

`departement_map(results, language, ident)` gives the SVG and the table's rows for a list of
published results (one edition's, usually)."""

from django.utils import translation
from django.utils.translation import gettext, ngettext

from .stat_charts import FONT, INK, MUTED, escape, rect, text

# (column, row) of each metropolitan département, north-west at (0, 0).
_ROWS = [
    (0, {6: "62", 7: "59"}),
    (1, {5: "76", 6: "80", 7: "02", 8: "08"}),
    (2, {2: "50", 3: "14", 4: "27", 5: "95", 6: "60", 7: "51", 8: "55", 9: "57", 10: "67"}),
    (3, {0: "29", 1: "22", 2: "35", 3: "61", 4: "78", 5: "92", 6: "75", 7: "93", 8: "54", 9: "88", 10: "68"}),
    (4, {1: "56", 2: "53", 3: "72", 4: "28", 5: "91", 6: "94", 7: "77", 8: "10", 9: "52", 10: "70", 11: "90"}),
    (5, {1: "44", 2: "49", 3: "37", 4: "41", 5: "45", 6: "58", 7: "89", 8: "21", 9: "39", 10: "25"}),
    (6, {1: "85", 2: "79", 3: "86", 4: "36", 5: "18", 6: "03", 7: "71", 8: "69", 9: "01", 10: "74"}),
    (7, {2: "17", 3: "16", 4: "87", 5: "23", 6: "63", 7: "42", 8: "38", 9: "73"}),
    (8, {2: "33", 3: "24", 4: "19", 5: "15", 6: "43", 7: "07", 8: "26", 9: "05"}),
    (9, {2: "40", 3: "47", 4: "46", 5: "12", 6: "48", 7: "30", 8: "84", 9: "04", 10: "06"}),
    (10, {2: "64", 3: "32", 4: "82", 5: "81", 6: "34", 7: "13", 8: "83", 11: "2B"}),
    (11, {3: "65", 4: "31", 5: "11", 11: "2A"}),
    (12, {4: "09", 5: "66"}),
]
OVERSEAS = ["971", "972", "973", "974", "976"]
OVERSEAS_ROW = 14
GRID = {code: (column, row) for row, columns in _ROWS for column, code in columns.items()}
GRID.update({code: (index, OVERSEAS_ROW) for index, code in enumerate(OVERSEAS)})

CELL = 44
SIZE = 41
# Number classes: (lowest count, fill, text colour). Text contrast is at least 4.5:1 on each fill.
CLASSES = [
    (0, "#f3f5f7", MUTED),
    (1, "#b9ded0", INK),
    (2, "#5fa893", INK),
    (4, "#0b7a60", "#ffffff"),
    (10, "#06382e", "#ffffff"),
]


def _class_of(count):
    chosen = CLASSES[0]
    for item in CLASSES:
        if count >= item[0]:
            chosen = item
    return chosen


def departement_rows(results):
    """[(code, name, number of labelled bodies, highest level)] of the départements with at least
    one labelled body, by code. Bodies without a département (regions, other bodies) are left out."""
    rows = {}
    for result in results:
        code = result.departement_code
        if not code:
            continue
        name, count, highest = rows.get(code, (result.departement_name, 0, 0))
        rows[code] = (name or result.departement_name, count + 1, max(highest, result.level))
    return [(code, *rows[code]) for code in sorted(rows)]


def _legend_items():
    items = []
    for index, (low, fill, _ink) in enumerate(CLASSES):
        high = CLASSES[index + 1][0] - 1 if index + 1 < len(CLASSES) else None
        if high is None:
            words = gettext("%(low)s or more") % {"low": low}
        elif high == low:
            words = str(low)
        else:
            words = gettext("%(low)s to %(high)s") % {"low": low, "high": high}
        items.append((words, fill))
    return items


def departement_map_svg(results, language, ident="departement-map"):
    """The schematic map as an SVG string, in `language`."""
    counts = {code: count for code, _name, count, _level in departement_rows(results)}
    names = {code: name for code, name, _count, _level in departement_rows(results)}
    with translation.override(language):
        parts = []
        for code, (column, row) in GRID.items():
            count = counts.get(code, 0)
            _low, fill, ink = _class_of(count)
            x, y = column * CELL, row * CELL
            tip = ngettext(
                "%(code)s %(name)s: %(count)s labelled body", "%(code)s %(name)s: %(count)s labelled bodies", count
            )
            tip = tip % {"code": code, "name": names.get(code, ""), "count": count}
            parts.append(f"<g><title>{escape(tip.replace('  ', ' '))}</title>")
            parts.append(rect(x, y, SIZE, SIZE, fill, stroke=MUTED))
            parts.append(text(x + SIZE / 2, y + 17, code, size=15, anchor="middle", fill=ink))
            if count:
                parts.append(text(x + SIZE / 2, y + 35, str(count), size=16, anchor="middle", fill=ink, weight="700"))
            parts.append("</g>")
        parts.append(text(0, OVERSEAS_ROW * CELL - 8, gettext("Overseas"), size=16, fill=INK, weight="600"))
        # The legend, on the right of the overseas row and below.
        legend_x = 7 * CELL
        parts.append(text(legend_x, 12 * CELL + 14, gettext("Labelled bodies"), size=16, weight="600"))
        for index, (words, fill) in enumerate(_legend_items()):
            top = 12 * CELL + 24 + index * 22
            parts.append(rect(legend_x, top, 16, 16, fill, stroke=MUTED))
            parts.append(text(legend_x + 24, top + 14, words, size=16))
        title = gettext("Schematic map of the labelled bodies by département")
        total = sum(counts.values())
        description = ngettext(
            "One square per département, placed roughly where it lies, with its code and its number of "
            "labelled bodies; %(count)s labelled body in %(departements)s départements.",
            "One square per département, placed roughly where it lies, with its code and its number of "
            "labelled bodies; %(count)s labelled bodies in %(departements)s départements.",
            total,
        ) % {"count": total, "departements": len(counts)}
    width = 12 * CELL
    height = (OVERSEAS_ROW + 1) * CELL
    ident = escape(ident)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-map" viewBox="-1 -1 {width + 2} {height + 2}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" {FONT}>'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
        f"{''.join(parts)}</svg>"
    )


def departement_map(results, language, ident="departement-map"):
    """{"svg": …, "rows": departement_rows(…)} for the template `_departement_map.html`."""
    return {"svg": departement_map_svg(results, language, ident), "rows": departement_rows(results), "ident": ident}
