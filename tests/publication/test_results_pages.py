"""The results page of an edition, written at publication in each language: read from the file."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests.jury.conftest import move_to_review
from tnl.editions import services as edition_services
from tnl.jury.deliberation_services import decide_level
from tnl.publication import paths
from tnl.publication.site import build_site

from .published_files import (
    every_published_text,
    head_meta,
    imported_release,
    publish,
    published_page,
    published_text,
)
from .publishing import HIGHLIGHT, deliberated


@pytest.fixture
def ready(edition, organiser, submitted, other_submitted, juror):
    return deliberated(edition, organiser, submitted, other_submitted)


@pytest.fixture
def both_labelled(edition, organiser, submitted, other_submitted, juror):
    """Nancy at level 1 (mention, highlight), Vandœuvre at level 2 (neither)."""
    move_to_review(edition)
    edition_services.start_deliberation(organiser, edition)
    decide_level(organiser, submitted, 1, reason="Checked", mentions=["mutualisation"], highlight=HIGHLIGHT)
    decide_level(organiser, other_submitted, 2, reason="Checked")
    edition.refresh_from_db()
    return edition


def published_on(release, language):
    with translation.override(language):
        return formats.date_format(timezone.localtime(release.published_at), "j F Y")


def test_the_french_results_page(ready, organiser, django_capture_on_commit_callbacks):
    release = publish(organiser, ready, django_capture_on_commit_callbacks)
    year = ready.year
    page = published_page(paths.results(year, "fr"))

    assert page.texts("h1") == [f"Territoire Numérique Libre {year} : les résultats"]
    assert page.text("p.lead") == (
        f"1 organisme labellisé, résultats publiés le {published_on(release, 'fr')}. "
        "2 organismes ont déposé un dossier."
    )
    assert page.texts("h2") == [
        "Niveau 1 — Découverte (1)",
        "Où sont les organismes labellisés",
        "Composition du jury",
        "Téléchargements",
    ]
    assert page.select(".result-name") == ["Nancy (54)"]
    assert page.select(".result-facts") == ["Commune · Meurthe-et-Moselle"]
    assert page.select(".result-mentions .tag") == ["Mutualisation"]
    assert page.select(".result-highlight") == [HIGHLIGHT]
    assert page.select(".jury-list li") == ["Jules Juré"]
    assert page.links("Nancy (54)") == ["/label/commune/54395/"]
    assert page.links(f"Lire les critères {year}") == [reverse("publication:criteria", args=[year])]
    assert page.links("Résultats (CSV)") == [f"/donnees/{year}/results.csv"]
    assert page.links("Résultats (JSON)") == [f"/donnees/{year}/results.json"]
    assert page.links("Description des données (Data Package)") == [f"/donnees/{year}/datapackage.json"]
    assert page.links("Statistiques de toutes les éditions") == ["/statistiques/"]
    assert page.links("Livret des résultats") == [f"/palmares/{year}/livret/"]
    assert page.links("Communiqué de presse") == [f"/palmares/{year}/communique/"]
    assert page.links("PDF") == [f"/palmares/{year}/livret.pdf", f"/palmares/{year}/communique.pdf"]


def test_the_english_results_page_links_its_french_twin(ready, organiser, django_capture_on_commit_callbacks):
    release = publish(organiser, ready, django_capture_on_commit_callbacks)
    year = ready.year
    html = published_text(paths.results(year, "en"))
    page = published_page(paths.results(year, "en"))

    assert '<html lang="en">' in html
    assert [a.attrs["href"] for a in page.root.find_all("a", hreflang="fr")] == [f"/palmares/{year}/"]
    assert page.texts("h1") == [f"Territoire Numérique Libre {year}: the results"]
    assert page.text("p.lead") == (
        f"1 labelled body, results published on {published_on(release, 'en')}. 2 bodies submitted a dossier."
    )
    assert page.texts("h2") == [
        "Level 1 — Discovery (1)",
        "Where the labelled bodies are",
        "The jury as published",
        "Downloads",
    ]
    assert page.select(".result-facts") == ["Commune · Meurthe-et-Moselle"]
    assert page.select(".result-mentions .tag") == ["Pooling"]
    assert page.links("Nancy (54)") == ["/en/label/commune/54395/"]
    assert page.links("Results (CSV)") == [f"/donnees/{year}/results.csv"]


def test_levels_are_listed_from_the_highest(both_labelled, organiser, django_capture_on_commit_callbacks):
    publish(organiser, both_labelled, django_capture_on_commit_callbacks)
    page = published_page(paths.results(both_labelled.year, "fr"))
    assert page.texts("h2")[:2] == ["Niveau 2 — Initiative (1)", "Niveau 1 — Découverte (1)"]
    assert page.select(".result-name") == ["Vandœuvre-lès-Nancy (54)", "Nancy (54)"]
    assert page.select(".result-highlight") == [HIGHLIGHT]  # Vandœuvre has none


def test_a_body_without_a_level_is_never_named(ready, organiser, django_capture_on_commit_callbacks):
    publish(organiser, ready, django_capture_on_commit_callbacks)
    assert "Vandœuvre" not in every_published_text()
    assert published_page(paths.body("commune", "54547", "fr")) is None


def test_an_unnamed_jury_is_said(edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks):
    publish(organiser, deliberated(edition, organiser, submitted, other_submitted), django_capture_on_commit_callbacks)
    page = published_page(paths.results(edition.year, "fr"))
    assert page.select("section[aria-labelledby=jury-title] > p") == [
        "Les noms des membres du jury n’ont pas été publiés."
    ]


def test_the_results_page_has_its_open_graph_facts(ready, organiser, settings, django_capture_on_commit_callbacks):
    publish(organiser, ready, django_capture_on_commit_callbacks)
    year = ready.year
    site = settings.SITE_URL.rstrip("/")
    meta = head_meta(published_page(paths.results(year, "en")))
    assert {key: meta[key] for key in ("og:type", "og:title", "og:description", "og:url", "og:image")} == {
        "og:type": "website",
        "og:title": f"Territoire Numérique Libre {year}: the results",
        "og:description": f"1 body labelled in {year}.",
        "og:url": f"{site}/en/results/{year}/",
        "og:image": f"{site}/static/tnl/favicon.svg",
    }
    assert (meta["twitter:card"], meta["og:locale"]) == ("summary", "en_GB")
    french = head_meta(published_page(paths.results(year, "fr")))
    assert (french["og:title"], french["og:url"], french["og:locale"]) == (
        f"Territoire Numérique Libre {year} : les résultats",
        f"{site}/palmares/{year}/",
        "fr_FR",
    )


def test_an_imported_edition_says_so_and_has_no_criteria_page(db):
    imported_release(2023, [("commune", "54395", "Nancy (54)", 2)])
    build_site()
    page = published_page(paths.results(2023, "fr"))
    assert page.text("p.lead").endswith(
        "Ces résultats ont été importés des archives d’une édition antérieure à la plateforme."
    )
    assert [text for text, _href in page.links()] == [
        "Télécharger les résultats",
        "Statistiques de toutes les éditions",
        "Nancy (54)",
        "Résultats (CSV)",
        "Résultats (JSON)",
        "Description des données (Data Package)",
        "Livret des résultats",
        "PDF",
        "Communiqué de presse",
        "PDF",
    ]
    assert page.texts("h2") == [
        "Niveau 2 (1)",
        "Où sont les organismes labellisés",
        "Composition du jury",
        "Téléchargements",
    ]
