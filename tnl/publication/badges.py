"""Badges: the image of each published result (SVG and PNG), with its credential baked in, and
the signed credential itself; the image of each year's levels (the achievement's image).

A badge reads: the label's name, the level (number and words) and the year, in French (the
site's language; the image is the same in every language). It uses no external font (a generic
font stack in the SVG; Pillow's own scalable font, or DejaVu when the system has it, in the PNG).
Baking follows Open Badges 3.0 (§5.3): the VC-JWT in an `<openbadges:credential verify="…">`
element of the SVG and in an uncompressed iTXt chunk "openbadgecredential" of the PNG."""

import io
import json
import struct
import unicodedata
import zlib
from functools import cache, lru_cache
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from . import credentials, keys, paths

WIDTH, HEIGHT = 360, 120
PNG_SCALE = 2
PNG_SIZE = (WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE)
PANEL = 112  # the coloured panel with the level number
TEXT_X, TEXT_RIGHT = 128, WIDTH - 12
FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
INK, MUTED, LINE, WHITE = "#1b1f24", "#4a5360", "#c9d0d8", "#ffffff"
# One colour per level, each with white text above 4.5:1.
COLOURS = {1: "#0e6655", 2: "#0b5a4a", 3: "#1d4f91", 4: "#5b2c83", 5: "#8a3b00"}
WEIGHT, MIDDLE = ' font-weight="700"', ' text-anchor="middle"'
CHAR_WIDTH = 0.62  # a generous average advance (em) of sans-serif fonts, bold included


def colour(level):
    return COLOURS.get(level, INK)


def _fits(text, size, width):
    return len(text) * size * CHAR_WIDTH <= width


def _wrap(text, size, width, lines=2):
    """The words of `text` on at most `lines` lines of `width` at `size` (the last one may overflow)."""
    result, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and not _fits(candidate, size, width) and len(result) < lines - 1:
            result.append(current)
            current = word
        else:
            current = candidate
    return [*result, current] if current else result


def layout(label, year, level, level_label):
    """What a badge shows: [(text, x, y, size, bold, fill, anchor)] in the SVG's coordinates."""
    width = TEXT_RIGHT - TEXT_X
    name_size = 16
    while name_size > 12 and any(not _fits(line, name_size, width) for line in _wrap(label, name_size, width)):
        name_size -= 1
    name_lines = _wrap(label, name_size, width)
    words_size = 14
    while words_size > 10 and not _fits(level_label, words_size, width):
        words_size -= 1
    items = [
        ("NIVEAU", PANEL / 2, 32, 11, True, WHITE, "middle"),
        (str(level), PANEL / 2, 86, 54, True, WHITE, "middle"),
    ]
    top = 34 if len(name_lines) > 1 else 42
    for index, line in enumerate(name_lines):
        items.append((line, TEXT_X, top + index * (name_size + 4), name_size, True, INK, "start"))
    items.append((level_label, TEXT_X, 84, words_size, False, colour(level), "start"))
    items.append((f"Édition {year}", TEXT_X, 104, 12, False, MUTED, "start"))
    return items


def _squeeze(text, x, size):
    """A text still too long at the smallest size is squeezed into the badge by the renderer."""
    width = TEXT_RIGHT - x
    return "" if _fits(text, size, width) else f' textLength="{width:g}" lengthAdjust="spacingAndGlyphs"'


def title(label, year, level, level_label):
    return f"{label} {year} — {level_label}"


def svg(label, year, level, level_label, token=None):
    """The badge as an SVG document (str), with the credential `token` baked in when given."""
    name = title(label, year, level, level_label)
    baked = f"<openbadges:credential verify={quoteattr(token)}></openbadges:credential>" if token else ""
    texts = "".join(
        f'<text x="{x:g}" y="{y:g}" font-size="{size}"{WEIGHT if bold else ""} fill="{fill}"'
        f"{MIDDLE if anchor == 'middle' else _squeeze(text, x, size)}>{escape(text)}</text>"
        for text, x, y, size, bold, fill, anchor in layout(label, year, level, level_label)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" '
        f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="badge-title" '
        f'lang="fr">{baked}<title id="badge-title">{escape(name)}</title>'
        f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{HEIGHT - 1}" rx="10" fill="{WHITE}" stroke="{LINE}"/>'
        f'<path d="M10.5 0.5H{PANEL}V{HEIGHT - 0.5}H10.5A10 10 0 0 1 0.5 {HEIGHT - 10.5}V10.5A10 10 0 0 1 10.5 0.5Z" '
        f'fill="{colour(level)}"/>'
        f'<g font-family="{FONT_STACK}">{texts}</g></svg>\n'
    )


# Free fonts with the French letters, looked up by file name in the system's font folders
# (Debian: fonts-dejavu-core, fonts-liberation, fonts-freefont-ttf).
FONTS = {
    False: ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "FreeSans.ttf"],
    True: ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "FreeSansBold.ttf"],
}


@cache
def _font(size, bold):
    """A scalable font from the system; else Pillow's own (which lacks accented letters: None for
    the font name tells `_drawable` to write them plain)."""
    for name in FONTS[bold]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _drawable(text, font):
    """`text` as `font` can draw it: without accents and with a plain dash in Pillow's own font."""
    if font.getname()[0] in ("DejaVu Sans", "Liberation Sans", "FreeSans"):
        return text
    plain = unicodedata.normalize("NFKD", text.replace("—", "-").replace("œ", "oe").replace("Œ", "OE"))
    return "".join(char for char in plain if not unicodedata.combining(char))


def png(label, year, level, level_label, token=None):
    """The same badge as a PNG (bytes, PNG_SIZE), with the credential baked in when given."""
    image = _png_image(label, year, level, level_label)
    return bake_png(image, token) if token else image


@lru_cache(maxsize=64)
def _png_image(label, year, level, level_label):
    """The drawing, made once per level and year (every body of a level shares it but the token)."""
    scale = PNG_SCALE
    image = Image.new("RGBA", PNG_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    box = [0, 0, PNG_SIZE[0] - 1, PNG_SIZE[1] - 1]
    draw.rounded_rectangle(box, radius=10 * scale, fill=WHITE, outline=LINE, width=scale)
    draw.rounded_rectangle([0, 0, PANEL * scale, PNG_SIZE[1] - 1], radius=10 * scale, fill=colour(level))
    draw.rectangle([PANEL * scale - 12 * scale, 0, PANEL * scale, PNG_SIZE[1] - 1], fill=colour(level))
    for text, x, y, size, bold, fill, anchor in layout(label, year, level, level_label):
        font = _font(size * scale, bold)
        text = _drawable(text, font)
        limit = (TEXT_RIGHT - x) * scale if anchor == "start" else PANEL * scale
        while font.getlength(text) > limit and font.size > 8 * scale:
            font = _font(font.size - scale, bold)
        draw.text((x * scale, y * scale), text, font=font, fill=fill, anchor="ms" if anchor == "middle" else "ls")
    info = PngInfo()
    info.add_text("Title", title(label, year, level, level_label))
    output = io.BytesIO()
    image.save(output, format="PNG", pnginfo=info, optimize=True)
    return output.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bake_png(data, token):
    """`data` (a PNG) with an uncompressed iTXt chunk "openbadgecredential" holding `token`, right
    after the header chunk (Open Badges 3.0, §5.3.1)."""
    signature, header_end = data[:8], 8 + 8 + 13 + 4  # the signature, then IHDR (13 bytes of data)
    if signature != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    # keyword, NUL, compression flag 0, method 0, language tag "" NUL, translated keyword "" NUL, text
    payload = b"openbadgecredential\x00\x00\x00\x00\x00" + token.encode("utf-8")
    return data[:header_end] + _chunk(b"iTXt", payload) + data[header_end:]


def write(build):
    """Per live release: each level's image and achievement; per result: its credential (.jwt) and
    its badge (SVG, PNG) with the credential baked in, taken from the previous build when the
    release is unchanged (the three together: the badges bake the credential in)."""
    private_key = keys.issuer_key() if any(release.published_results for release in build.releases) else None
    for release in build.releases:
        label = credentials.label_name(release)
        levels = {result.level: result.level_label for result in release.published_results}
        for level, level_label in levels.items():
            build.write(
                paths.level_badge(release.year, level, "svg"), svg(label, release.year, level, level_label["fr"])
            )
            document = {"@context": list(credentials.CONTEXTS), **credentials.achievement(release, level, level_label)}
            build.write(paths.achievement(release.year, level), _json(document))
        for result in release.published_results:
            files = [
                paths.credential(result.year, result.kind, result.code),
                paths.badge(result.year, result.kind, result.code, "svg"),
                paths.badge(result.year, result.kind, result.code, "png"),
            ]
            if all(build.reuse(release, path) for path in files):
                continue
            token = credentials.issue(result, release, private_key)
            words = result.level_label["fr"]
            build.write(paths.credential(result.year, result.kind, result.code), token)
            build.write(
                paths.badge(result.year, result.kind, result.code, "svg"),
                svg(label, result.year, result.level, words, token),
            )
            build.write(
                paths.badge(result.year, result.kind, result.code, "png"),
                png(label, result.year, result.level, words, token),
            )


def _json(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
