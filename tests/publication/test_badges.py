"""The badges written at publication: an SVG and a PNG per labelled body, with the credential
baked in, and the image of each level; gone when the results are withdrawn."""

import io
import re

from PIL import Image

from tnl.publication import badges, paths

from .issued import published_file, withdraw


def svg_texts(svg):
    return [re.sub(r"\s+", " ", text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_the_svg_badge_says_the_label_the_level_and_the_year(published):
    svg = published_file(paths.badge(published.year, "commune", "54395", "svg")).decode()
    assert svg_texts(svg) == [
        "NIVEAU",
        "1",
        "Territoire Numérique",
        "Libre",
        "Niveau 1 — Découverte",
        f"Édition {published.year}",
    ]
    assert re.search(r'<svg [^>]*role="img"[^>]*aria-labelledby="badge-title"', svg)
    assert f'<title id="badge-title">Territoire Numérique Libre {published.year} — Niveau 1 — Découverte</title>' in svg
    assert "@import" not in svg and "url(" not in svg and "<link" not in svg  # no external font
    assert "sans-serif" in svg


def test_the_badges_carry_the_credential(published):
    token = published_file(paths.credential(published.year, "commune", "54395")).decode()
    svg = published_file(paths.badge(published.year, "commune", "54395", "svg")).decode()
    assert f'<openbadges:credential verify="{token}"></openbadges:credential>' in svg
    image = Image.open(io.BytesIO(published_file(paths.badge(published.year, "commune", "54395", "png"))))
    assert image.text["openbadgecredential"] == token


def test_the_png_badge_opens_at_its_size(published):
    image = Image.open(io.BytesIO(published_file(paths.badge(published.year, "commune", "54395", "png"))))
    assert (image.format, image.size) == ("PNG", badges.PNG_SIZE) == ("PNG", (720, 240))
    assert image.text["Title"] == f"Territoire Numérique Libre {published.year} — Niveau 1 — Découverte"
    # The level's colour fills the panel on the left, white surrounds the text on the right.
    assert image.convert("RGB").getpixel((20, 120)) == (0x0E, 0x66, 0x55)
    assert image.convert("RGB").getpixel((700, 20)) == (255, 255, 255)


def test_each_level_reached_has_its_image(published):
    svg = published_file(paths.level_badge(published.year, 1, "svg")).decode()
    assert "Niveau 1 — Découverte" in svg and "openbadges:credential verify" not in svg
    assert published_file(paths.level_badge(published.year, 2, "svg")) is None  # nobody reached level 2


def test_withdrawing_removes_the_badges(published, organiser, edition, django_capture_on_commit_callbacks):
    withdraw(organiser, edition, django_capture_on_commit_callbacks)
    for extension in ("svg", "png"):
        assert published_file(paths.badge(published.year, "commune", "54395", extension)) is None
    assert published_file(paths.level_badge(published.year, 1, "svg")) is None
    assert published_file(paths.credential(published.year, "commune", "54395")) is None


def test_a_long_level_label_shrinks_to_fit():
    svg = badges.svg("Territoire Numérique Libre", 2026, 4, "Niveau 4 — Maturité numérique")
    assert '<text x="128" y="84" font-size="12" fill="#5b2c83">Niveau 4 — Maturité numérique</text>' in svg
    longer = badges.svg("Territoire Numérique Libre", 2026, 4, "Niveau 4 — Maturité numérique tout à fait exemplaire")
    assert (
        '<text x="128" y="84" font-size="10" fill="#5b2c83" textLength="220" lengthAdjust="spacingAndGlyphs">'
        "Niveau 4 — Maturité numérique tout à fait exemplaire</text>"
    ) in longer
