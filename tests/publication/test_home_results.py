"""The home page's latest results: the latest live release, its labelled bodies per level and a
link to its results page in the reader's language."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.html import Page, client_for

from .published_files import imported_release, publish, withdraw
from .publishing import deliberated


def latest(client):
    page = Page(client.get(reverse("home")))
    return (
        page.select("section.latest-results h2"),
        page.select("section.latest-results p"),
        page.select("section.latest-results li"),
        [href for _text, href in page.links() if "/results/" in href or "/palmares/" in href],
    )


@pytest.mark.parametrize("role", ["visitor", "outsider", "elected", "organiser"])
def test_everyone_sees_the_latest_results(role, user_for, db):
    imported_release(2024, [("commune", "54395", "Nancy (54)", 2)])
    imported_release(2025, [("commune", "54395", "Nancy (54)", 3), ("commune", "54547", "Vandœuvre (54)", 1)])
    assert latest(client_for(user_for(role))) == (
        ["Derniers résultats : l’édition 2025"],
        ["2 organismes labellisés.", "Voir les résultats 2025"],
        ["Niveau 3 : 1 organisme", "Niveau 1 : 1 organisme"],
        ["/palmares/2025/"],
    )


def test_the_latest_results_after_a_publication_in_each_language(
    edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    publish(organiser, deliberated(edition, organiser, submitted, other_submitted), django_capture_on_commit_callbacks)
    year = edition.year
    assert latest(client_for(None)) == (
        [f"Derniers résultats : l’édition {year}"],
        ["1 organisme labellisé.", f"Voir les résultats {year}"],
        ["Niveau 1 — Découverte : 1 organisme"],
        [f"/palmares/{year}/"],
    )
    assert latest(client_for(None, "en")) == (
        [f"Latest results: the {year} edition"],
        ["1 labelled body.", f"See the {year} results"],
        ["Level 1 — Discovery: 1 body"],
        [f"/en/results/{year}/"],
    )
    # What the home page showed before stays: the edition, now published.
    assert f"L’édition {year}" in Page(client_for(None).get(reverse("home"))).texts("h2")

    withdraw(organiser, edition, django_capture_on_commit_callbacks)
    assert latest(client_for(None)) == ([], [], [], [])


def test_a_withdrawn_release_gives_way_to_the_previous_one(db):
    imported_release(2024, [("commune", "54395", "Nancy (54)", 2)])
    newer = imported_release(2025, [("commune", "54395", "Nancy (54)", 3)])
    newer.results.all().delete()
    newer.withdrawn_at = timezone.now()
    newer.save()
    headings, _texts, levels, links = latest(client_for(None))
    assert (headings, levels, links) == (
        ["Derniers résultats : l’édition 2024"],
        ["Niveau 2 : 1 organisme"],
        ["/palmares/2024/"],
    )


def test_nothing_published_nothing_shown(db):
    assert latest(client_for(None)) == ([], [], [], [])


def test_the_latest_results_cost_the_same_whatever_their_number(db, django_assert_num_queries):
    client = client_for(None)
    imported_release(2024, [("commune", "54395", "Nancy (54)", 2)])
    # The current edition, the latest release, its counts per level.
    with django_assert_num_queries(3):
        client.get(reverse("home"))
    imported_release(2025, [("commune", f"5410{n}", f"Commune {n} (54)", 1 + n % 5) for n in range(8)])
    with django_assert_num_queries(3):
        client.get(reverse("home"))
    assert latest(client)[2] == [
        "Niveau 5 : 1 organisme",
        "Niveau 4 : 1 organisme",
        "Niveau 3 : 2 organismes",
        "Niveau 2 : 2 organismes",
        "Niveau 1 : 2 organismes",
    ]
