"""The statistics page written at publication: its tables, the same numbers in its SVG charts,
the schematic map of the départements, and what a withdrawal takes away."""

import re
from xml.etree import ElementTree

import pytest

from tests.html import Page
from tnl.publication import paths, stat_charts
from tnl.publication.departement_map import CLASSES, GRID, departement_map_svg
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import build_site

from .other_year import imported_2025
from .publishing import deliberated
from .test_publish_service import published_text

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def ready(edition, organiser, submitted, other_submitted):
    return deliberated(edition, organiser, submitted, other_submitted)


@pytest.fixture
def published(ready, organiser, django_capture_on_commit_callbacks):
    """The 2026 edition published through the jury's flow: Nancy, level 1 (2 applications)."""
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, ready)
    return ready


@pytest.fixture
def two_years(db, ready, organiser, django_capture_on_commit_callbacks):
    imported_2025()
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, ready)
    return ready


def statistics_page(language):
    html = published_text(paths.statistics(language))
    return Page(html) if html is not None else None


def tables(page):
    return dict(page.tables())


def charts(html):
    """{id: [texts written in the chart, in order]} of every SVG of the page."""
    found = {}
    for match in re.finditer(r"<svg .*?</svg>", html, re.S):
        root = ElementTree.fromstring(match[0])
        ident = root.attrib["aria-labelledby"].split()[0].removesuffix("-title")
        found[ident] = [" ".join(part.strip() for part in node.itertext()) for node in root.iter(f"{SVG}text")]
        assert root.attrib["role"] == "img" and root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
        assert root.attrib["width"] == "100%" and root.attrib["viewBox"].startswith(("0 0 ", "-1 -1 "))
    return found


def test_one_edition_in_numbers(published):
    page = statistics_page("fr")

    assert page.texts("h1") == ["Territoire Numérique Libre en chiffres"]
    assert tables(page) == {
        "Organismes labellisés par niveau, édition par édition": [["2026", "1", "1"]],
        "Chaque niveau d’une édition à l’autre": [["Niveau 1 — Découverte", "1"]],
        "Organismes labellisés par type d’organisme": [["Commune", "1"]],
        "Organismes labellisés par taille": [["100\u00a0000 habitants et plus, départements et régions", "1"]],
        "Organismes labellisés par région": [["Grand Est", "1"]],
        "Organismes labellisés par département": [["54 Meurthe-et-Moselle", "1", "1"]],
        "Candidatures et organismes labellisés par édition": [["2026", "2", "1"]],
    }
    assert page.select("table thead th")[:3] == ["Édition", "Niveau 1 — Découverte", "Total"]
    assert page.links("Le palmarès 2026") == ["/palmares/2026/"]


def test_two_editions_in_numbers(two_years):
    page = statistics_page("fr")

    assert tables(page) == {
        "Organismes labellisés par niveau, édition par édition": [
            ["2025", "1", "2", "1", "4"],
            ["2026", "1", "0", "0", "1"],
        ],
        "Chaque niveau d’une édition à l’autre": [
            ["Niveau 1 — Découverte", "1", "1"],
            ["Niveau 2 — Initiative", "2", "0"],
            ["Niveau 3 — Engagement", "1", "0"],
        ],
        "Organismes labellisés par type d’organisme": [
            ["Commune", "3", "1"],
            ["Intercommunalité (EPCI)", "1", "0"],
        ],
        # In the order of the referential, with the words of the newest edition.
        "Organismes labellisés par taille": [
            ["De 20\u00a0000 à 99\u00a0999 habitants", "1", "0"],
            ["100\u00a0000 habitants et plus, départements et régions", "3", "1"],
        ],
        "Organismes labellisés par région": [["Grand Est", "3", "1"], ["Île-de-France", "1", "0"]],
        # The map shows the latest edition.
        "Organismes labellisés par département": [["54 Meurthe-et-Moselle", "1", "1"]],
        "Candidatures et organismes labellisés par édition": [["2025", "inconnue", "4"], ["2026", "2", "1"]],
    }
    assert page.text("#map-title") == "Les lauréats 2026 par département"
    assert page.links("Le palmarès 2025") == ["/palmares/2025/"]


def test_the_charts_hold_the_numbers_of_the_tables(two_years):
    found = charts(published_text(paths.statistics("en")))

    levels = ["Level 1 — Discovery", "Level 2 — Initiative", "Level 3 — Commitment"]
    # The legend, then each edition: its label, the value of each segment, its total.
    assert found["chart-levels"] == [*levels, "2025", "1", "2", "1", "4", "2026", "1", "1"]
    assert found["chart-evolution"] == [
        *[levels[0], "2025", "1", "2026", "1"],
        *[levels[1], "2025", "2", "2026", "0"],
        *[levels[2], "2025", "1", "2026", "0"],
    ]
    assert found["chart-kinds"] == [
        *["Commune", "2025", "3", "2026", "1"],
        *["Intercommunality (EPCI)", "2025", "1", "2026", "0"],
    ]
    assert found["chart-sizes"] == [
        *["20,000 to 99,999 inhabitants", "2025", "1", "2026", "0"],
        *["100,000 inhabitants and more, départements and régions", "2025", "3", "2026", "1"],
    ]
    assert found["chart-regions"] == [
        *["Grand Est", "2025", "3", "2026", "1"],
        *["Île-de-France", "2025", "1", "2026", "0"],
    ]
    # Every square carries its code; Meurthe-et-Moselle also its number of laureates.
    squares = found["departement-map"]
    assert squares[squares.index("54") + 1] == "1"
    assert set(GRID) <= set(squares)


def test_in_english(two_years):
    page = statistics_page("en")

    assert page.texts("h1") == ["Territoire Numérique Libre in numbers"]
    assert tables(page)["Applications and labelled bodies per edition"] == [
        ["2025", "not known", "4"],
        ["2026", "2", "1"],
    ]
    assert page.links("The 2026 results") == ["/en/results/2026/"]
    assert [link.attrs["href"] for link in page.root.find_all("a", hreflang="fr")] == ["/statistiques/"]


def test_a_withdrawn_edition_leaves_the_statistics(two_years, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, two_years, "A score was wrong")

    page = statistics_page("fr")
    assert tables(page)["Organismes labellisés par niveau, édition par édition"] == [["2025", "1", "2", "1", "4"]]
    assert page.text("#map-title") == "Les lauréats 2025 par département"
    assert tables(page)["Organismes labellisés par département"] == [
        ["54 Meurthe-et-Moselle", "2", "2"],
        ["67 Bas-Rhin", "1", "3"],
        ["75 Paris", "1", "2"],
    ]
    assert "2026" not in published_text(paths.statistics("fr"))


def test_no_statistics_page_without_a_live_edition(published, organiser, django_capture_on_commit_callbacks):
    assert statistics_page("en") is not None
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, published, "A score was wrong")

    assert statistics_page("fr") is None and statistics_page("en") is None


def test_the_map_escapes_names_and_counts_by_departement(db):
    class Result:
        def __init__(self, code, name, level):
            self.departement_code, self.departement_name, self.level = code, name, level

    svg = departement_map_svg([Result("54", "<Meurthe>", 2), Result("54", "<Meurthe>", 1), Result("", "", 3)], "en")
    root = ElementTree.fromstring(svg)
    titles = [node.text for node in root.iter(f"{SVG}title")]
    assert "54 <Meurthe>: 2 labelled bodies" in titles and "&lt;Meurthe&gt;" in svg
    assert root.find(f"{SVG}desc").text.endswith("2 labelled bodies in 1 départements.")


def _luminance(colour):
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    high, low = sorted([_luminance(first), _luminance(second)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_reach_wcag_aa():
    for colour in stat_charts.SERIES:
        assert contrast(colour, "#ffffff") >= 4.5  # white values inside the bars, bars on the page
    for _low, fill, ink in CLASSES:
        assert contrast(fill, ink) >= 4.5


def test_chart_texts_are_escaped():
    svg = stat_charts.grouped_bars("x", "A <b>", "D & E", [("<script>", [("2026", 3)])])
    root = ElementTree.fromstring(svg)
    assert ["".join(node.itertext()) for node in root.iter(f"{SVG}text")] == ["<script>", "2026", "3"]
    assert "<script>" not in svg and root.find(f"{SVG}title").text == "A <b>"


def test_build_without_release_writes_no_statistics(db):
    build_site()
    assert statistics_page("fr") is None
