"""The results booklet (a page shown full screen and a PDF) and the press release written at
publication, in each language: the labelled bodies level by level, the edition's figures."""

import re
import uuid
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.html import Page
from tests.jury.conftest import move_to_review
from tests.publication.published_files import SITE_WIDE_FILES, files_left
from tnl.editions.models import Edition
from tnl.editions.services import start_deliberation
from tnl.jury.deliberation_services import decide_level
from tnl.publication import booklet, paths, press
from tnl.publication.models import PublishedResult, Release
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import Build

from .pdf import pdf_info, pdf_lines, pdf_text, published_bytes
from .publishing import HIGHLIGHT, deliberated

OTHER_HIGHLIGHT = "Every school runs free software."


def publish(organiser, edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish_edition(organiser, edition)


@pytest.fixture
def two_levels(edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks):
    """Nancy at level 1 (mention "mutualisation"), Vandœuvre at level 3, both with a public line;
    the ceremony set for 15 January next year."""
    Edition.objects.filter(pk=edition.pk).update(ceremony_on=date(edition.year + 1, 1, 15))
    edition.refresh_from_db()
    move_to_review(edition)
    start_deliberation(organiser, edition)
    decide_level(organiser, submitted, 1, reason="Checked", mentions=["mutualisation"], highlight=HIGHLIGHT)
    decide_level(organiser, other_submitted, 3, reason="Checked", highlight=OTHER_HIGHLIGHT)
    edition.refresh_from_db()
    return publish(organiser, edition, django_capture_on_commit_callbacks)


@pytest.fixture
def one_level(edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks):
    deliberated(edition, organiser, submitted, other_submitted)
    return publish(organiser, edition, django_capture_on_commit_callbacks)


def published_page(path):
    return Page(published_bytes(path).decode())


def day(release, language):
    with translation.override(language):
        return date_format(timezone.localtime(release.published_at), "j F Y")


# The booklet -------------------------------------------------------------------------------------


def in_order(lines, expected):
    """`expected` appear in `lines` in this order (the badges drawn between them add their own text)."""
    position = 0
    for line in expected:
        position = lines.index(line, position) + 1
    return True


def test_the_booklet_pdf_lists_the_bodies_by_level_highest_first(two_levels):
    year = two_levels.year
    assert in_order(
        pdf_lines(paths.booklet_pdf(year, "fr")),
        [
            "Adullact",
            f"Territoire Numérique Libre {year}",
            "Livret des résultats",
            "2 organismes labellisés",
            f"Résultats publiés le {day(two_levels, 'fr')}",
            "Niveau 3 — Engagement",
            "Vandœuvre-lès-Nancy (54)",
            "Commune · Meurthe-et-Moselle",
            OTHER_HIGHLIGHT,
            f"Territoire Numérique Libre {year}",  # the running footer
            "2/3",
            "Niveau 1 — Découverte",
            "Nancy (54)",
            "Commune · Meurthe-et-Moselle",
            HIGHLIGHT,
            "Mutualisation",
            f"Territoire Numérique Libre {year}",
            "3/3",
        ],
    )
    english = pdf_text(paths.booklet_pdf(year, "en"))
    assert english.startswith(f"Adullact Territoire Numérique Libre {year} Results booklet 2 labelled bodies")
    assert english.index("Level 3 — Commitment") < english.index("Vandœuvre") < english.index("Level 1 — Discovery")
    level_1 = english[english.index("Level 1 — Discovery") :]
    assert level_1.index("Nancy (54)") < level_1.index(HIGHLIGHT) < level_1.index("Pooling")
    info = pdf_info(paths.booklet_pdf(year, "en"))
    assert (info["Title"], info["Tagged"]) == (f"Territoire Numérique Libre {year}: results booklet", "yes")


def test_the_booklet_page_shows_one_level_per_screen(two_levels):
    year = two_levels.year
    page = published_page(paths.booklet(year, "fr"))
    assert page.texts("h1") == [f"Territoire Numérique Libre {year}"]
    assert page.texts("h2") == ["Niveau 3 — Engagement", "Niveau 1 — Découverte"]
    assert page.select("section.slide h3") == ["Vandœuvre-lès-Nancy (54)", "Nancy (54)"]
    assert page.select(".laureates p") == [OTHER_HIGHLIGHT, HIGHLIGHT, "Mutualisation"]
    assert page.links("Le livret en PDF") == [f"/palmares/{year}/livret.pdf"]
    assert page.links("Tous les résultats") == [f"/palmares/{year}/"]
    assert page.links("Niveau 3 — Engagement") == ["#level-3"]
    assert page.links("English") == [f"/en/results/{year}/booklet/"]
    html = published_bytes(paths.booklet(year, "fr")).decode()
    assert '<html lang="fr">' in html and "<script" not in html and "style=" not in html
    assert re.search(r'<link rel="stylesheet" href="/static/tnl/booklet\.css', html)
    english = published_page(paths.booklet(year, "en"))
    assert english.texts("h2") == ["Level 3 — Commitment", "Level 1 — Discovery"]
    assert english.links("The booklet as PDF") == [f"/en/results/{year}/booklet.pdf"]


def test_the_body_without_a_level_is_never_in_the_booklet_nor_the_press_release(one_level):
    year = one_level.year
    for language in ("fr", "en"):
        for path in (paths.booklet(year, language), paths.press_release(year, language)):
            assert "Nancy (54)" in published_bytes(path).decode()
            assert "Vandœuvre" not in published_bytes(path).decode()
        for path in (paths.booklet_pdf(year, language), paths.press_release_pdf(year, language)):
            text = pdf_text(path)
            assert "Nancy (54)" in text and "Vandœuvre" not in text


def test_the_badge_is_shown_when_the_build_holds_it(one_level, tmp_path):
    """The badges are written by their own writer, before the booklet: the booklet shows a badge
    found in the build and leaves it out otherwise."""
    year = one_level.year
    assert "<img" in published_bytes(paths.booklet(year, "fr")).decode()  # the real build has badges
    without = Build(tmp_path / "without", 0)
    booklet.write(without)
    assert "<img" not in (without.folder / paths.file_for(paths.booklet(year, "fr"))).read_text()
    result = PublishedResult.objects.get()
    build = Build(tmp_path / "build", 0)
    badge = paths.badge(year, result.kind, result.code, "svg")
    build.write(
        badge,
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
        '<circle cx="50" cy="50" r="48" fill="#0b5a4a"/><text x="10" y="55" font-size="12">BADGE-MARK</text></svg>',
    )
    booklet.write(build)
    html = (build.folder / paths.file_for(paths.booklet(year, "fr"))).read_text()
    assert f'<img src="/{badge}" alt="" width="96" height="96">' in html
    lines = pdf_lines(paths.booklet_pdf(year, "fr"), build.folder)
    assert "BADGE-MARK" in lines  # the badge's own text: the SVG is drawn in the PDF


def test_withdrawing_removes_the_booklet_and_the_press_release(
    one_level, organiser, edition, django_capture_on_commit_callbacks
):
    year = one_level.year
    edition.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, edition, "A score was wrong")
    for language in ("fr", "en"):
        for path in (
            paths.booklet(year, language),
            paths.booklet_pdf(year, language),
            paths.press_release(year, language),
            paths.press_release_pdf(year, language),
        ):
            assert published_bytes(path) is None
    assert files_left() == SITE_WIDE_FILES


# The press release -------------------------------------------------------------------------------


def test_the_press_release_gives_the_edition_s_figures(two_levels, settings):
    year = two_levels.year
    page = published_page(paths.press_release(year, "fr"))
    assert page.texts("h1") == [f"Territoire Numérique Libre {year} : les résultats"]
    assert page.text(".kicker") == f"Communiqué de presse · {day(two_levels, 'fr')}"
    assert page.text(".lead") == (
        f"Adullact publie les résultats de l’édition {year} du label Territoire Numérique Libre : "
        "2 candidatures, 2 organismes labellisés."
    )
    assert page.tables() == [
        (
            "Organismes labellisés par niveau",
            [
                ["Niveau 5 — Excellence", "0"],
                ["Niveau 4 — Maturité", "0"],
                ["Niveau 3 — Engagement", "1"],
                ["Niveau 2 — Initiative", "0"],
                ["Niveau 1 — Découverte", "1"],
            ],
        )
    ]
    texts = page.texts("p") + page.texts("li")
    assert "Participation : 2 candidatures ont été examinées par le jury." in texts
    assert "Aucun organisme n’atteint le niveau 5 pour la première fois cette année." in texts
    assert "Mutualisation : Nancy (54)" in texts
    assert "Commune : 2" in texts
    assert f"Les labels sont remis lors de la cérémonie du 15 janvier {year + 1}." in texts
    assert page.links(f"{settings.SITE_URL}/palmares/{year}/") == [f"{settings.SITE_URL}/palmares/{year}/"]
    assert page.links(f"{settings.SITE_URL}/donnees/") == [f"{settings.SITE_URL}/donnees/"]
    assert page.links("Le communiqué en PDF") == [f"/palmares/{year}/communique.pdf"]
    assert "Lorem" not in published_bytes(paths.press_release(year, "fr")).decode()

    text = pdf_text(paths.press_release_pdf(year, "fr"))
    assert "2 candidatures, 2 organismes labellisés." in text
    assert "Niveau 3 — Engagement 1" in text and "Total 2" in text
    assert f"cérémonie du 15 janvier {year + 1}" in text
    info = pdf_info(paths.press_release_pdf(year, "fr"))
    assert (info["Title"], info["Tagged"]) == (f"Territoire Numérique Libre {year} : communiqué de presse", "yes")


def test_the_press_release_in_english(one_level, settings):
    year = one_level.year
    page = published_page(paths.press_release(year, "en"))
    assert page.text(".lead") == (
        f"Adullact publishes the results of the {year} edition of the Territoire Numérique Libre label: "
        "2 applications, 1 labelled body."
    )
    texts = page.texts("p") + page.texts("li")
    assert "Pooling: Nancy (54)" in texts and "Commune: 1" in texts
    assert not [text for text in texts if "ceremony" in text]  # no ceremony date set
    assert page.links(f"{settings.SITE_URL}/en/open-data/") == [f"{settings.SITE_URL}/en/open-data/"]
    assert "2 applications, 1 labelled body." in pdf_text(paths.press_release_pdf(year, "en"))
    french = published_page(paths.press_release(year, "fr"))
    assert "2 candidatures, 1 organisme labellisé." in french.text(".lead")


def result(release, code, level):
    return PublishedResult(
        release=release, kind="commune", code=code, display_name=f"Body {code}", level=level, credential_id=uuid.uuid4()
    )


def test_new_at_the_top_level_means_never_there_in_an_earlier_edition():
    levels = [{"level": number, "label": {"fr": f"Niveau {number}", "en": f"Level {number}"}} for number in (1, 5)]
    earlier = Release(year=2025, published_at=datetime(2025, 11, 1, tzinfo=UTC), facts={"levels": levels})
    earlier.published_results = [result(earlier, "A", 5), result(earlier, "B", 1)]
    release = Release(year=2026, published_at=datetime(2026, 11, 1, tzinfo=UTC), facts={"levels": levels})
    release.published_results = [result(release, "A", 5), result(release, "B", 5), result(release, "C", 1)]
    with translation.override("en"):
        figures = press.figures(release, [earlier])
    assert figures["new_at_top"] == ["Body B"]
    assert figures["levels"] == [{"label": "Level 5", "count": 2}, {"label": "Level 1", "count": 1}]
    # An imported year does not say how many applied: the labelled bodies alone.
    assert (figures["participation"], figures["labelled"], figures["headline"]) == (None, 3, "3 labelled bodies")
    release.facts["participation"] = 1
    with translation.override("fr"):
        assert press.figures(release, [earlier])["headline"] == "1 candidature, 3 organismes labellisés"
