"""The page of each labelled body, written at publication in each language: read from the file."""

import pytest

from tests.jury.conftest import move_to_review
from tnl.dossiers.models import Dossier
from tnl.editions import services as edition_services
from tnl.jury.deliberation_services import decide_level
from tnl.publication import paths
from tnl.publication.models import PublishedResult

from .published_files import head_meta, imported_release, publish, published_page, published_text, withdraw
from .publishing import HIGHLIGHT, deliberated

NANCY = paths.body("commune", "54395", "fr")
NANCY_EN = paths.body("commune", "54395", "en")
AXES_FR = [
    "Stratégie, gouvernance et mutualisation",
    "Interopérabilité, accessibilité et bonnes pratiques numériques",
    "Logiciels et systèmes libres",
    "Données ouvertes et codes sources publics",
    "Communication, sensibilisation et écosystème",
]
NO_ANSWERS = "Aucune réponse n’a été rendue publique pour cette édition."


@pytest.fixture
def ready(edition, organiser, submitted, other_submitted):
    return deliberated(edition, organiser, submitted, other_submitted)


@pytest.fixture
def with_history(ready):
    """Nancy was labelled at level 2 the year before (an imported edition)."""
    imported_release(ready.year - 1, [("commune", "54395", "Nancy (54)", 2)])
    return ready


def section(page, year, selector):
    return page.select(f"section[aria-labelledby=edition-{year}] {selector}")


def chart_texts(page, chart_id):
    return [node.text for node in page.main.select(f"svg#{chart_id} text")]


def test_the_french_body_page(with_history, organiser, django_capture_on_commit_callbacks):
    publish(organiser, with_history, django_capture_on_commit_callbacks)
    year, before = with_history.year, with_history.year - 1
    page = published_page(NANCY)

    assert page.texts("h1") == ["Nancy (54)"]
    assert page.text("p.lead") == "Commune · Meurthe-et-Moselle · Grand Est"
    assert page.text("p.latest-label") == f"Territoire Numérique Libre {year} : Niveau 1 — Découverte"
    assert page.texts("h2") == ["Historique du label", f"L’édition {year}", f"L’édition {before}"]
    assert section(page, year, "dd") == [
        "Niveau 1 — Découverte",
        "0,0\u00a0%",
        "Mutualisation",
        HIGHLIGHT,
    ]
    assert section(page, before, "dd") == ["Niveau 2", "48,5\u00a0%", "Aucune"]
    assert page.links(f"Tous les résultats {year}") == [f"/palmares/{year}/"]
    assert page.tables() == [
        (
            "Niveau du label de Nancy (54) par édition",
            [[str(before), "Niveau 2"], [str(year), "Niveau 1 — Découverte"]],
        ),
        (f"Scores par axe en {year}", [[title, "0,0\u00a0%"] for title in AXES_FR]),
        (f"Scores par axe en {before}", [["Stratégie", "48,5\u00a0%"]]),
    ]
    assert section(page, year, "p") == [f"Tous les résultats {year}", NO_ANSWERS]
    assert page.select("h4") == []


def test_the_charts_hold_the_figures_of_their_tables(with_history, organiser, django_capture_on_commit_callbacks):
    publish(organiser, with_history, django_capture_on_commit_callbacks)
    year, before = with_history.year, with_history.year - 1
    page = published_page(NANCY)

    history = page.main.select_one("svg#level-history")
    assert (history.attrs["role"], next(history.find_all("title")).text) == (
        "img",
        "Niveau du label de Nancy (54) par édition",
    )
    assert next(history.find_all("desc")).text == f"{before} : Niveau 2; {year} : Niveau 1 — Découverte"
    # The scale 0–5, then each bar's level and year, as in the table.
    assert chart_texts(page, "level-history") == ["0", "1", "2", "3", "4", "5", "2", str(before), "1", str(year)]

    axes = page.main.select_one(f"svg#axes-{before}")
    assert next(axes.find_all("title")).text == f"Scores par axe en {before}"
    assert chart_texts(page, f"axes-{before}") == ["Stratégie", "48,5\u00a0%"]
    bars = [rect.attrs["width"] for rect in axes.find_all("rect")]
    assert bars == ["240", "116.4"]  # the track, then 48.5 % of it
    # Long axis titles are cut in two lines; the description gives them whole.
    current = page.main.select_one(f"svg#axes-{year}")
    assert next(current.find_all("desc")).text == "; ".join(f"{title} : 0,0\u00a0%" for title in AXES_FR)
    assert chart_texts(page, f"axes-{year}")[2:5] == [
        "Interopérabilité, accessibilité et bonnes",
        "pratiques numériques",
        "0,0\u00a0%",
    ]


def test_the_english_body_page_links_its_french_twin(with_history, organiser, django_capture_on_commit_callbacks):
    publish(organiser, with_history, django_capture_on_commit_callbacks)
    year, before = with_history.year, with_history.year - 1
    html = published_text(NANCY_EN)
    page = published_page(NANCY_EN)

    assert '<html lang="en">' in html
    assert [a.attrs["href"] for a in page.root.find_all("a", hreflang="fr")] == ["/label/commune/54395/"]
    assert page.text("p.latest-label") == f"Territoire Numérique Libre {year}: Level 1 — Discovery"
    assert page.texts("h2") == ["Label history", f"The {year} edition", f"The {before} edition"]
    assert section(page, year, "dd") == ["Level 1 — Discovery", "0.0 %", "Pooling", HIGHLIGHT]
    assert page.tables()[0] == (
        "Label level of Nancy (54) per edition",
        [[str(before), "Level 2"], [str(year), "Level 1 — Discovery"]],
    )
    assert page.links(f"All the {year} results") == [f"/en/results/{year}/"]
    assert section(page, year, "p")[-1] == "No answer was made public for this edition."


def test_a_body_that_agreed_shows_its_answers(ready, submitted, organiser, django_capture_on_commit_callbacks):
    Dossier.objects.filter(pk=submitted.pk).update(public_answers=True)
    publish(organiser, ready, django_capture_on_commit_callbacks)
    answers = PublishedResult.objects.get().public_answers
    page = published_page(NANCY)

    assert page.texts("h3") == ["Scores par axe", "Réponses rendues publiques"]
    assert page.texts("h4") == AXES_FR
    assert page.select("dl.public-answers dt")[0] == (
        "L’assemblée délibérante a-t-elle adopté un texte en faveur du logiciel libre et des formats ouverts "
        "(délibération, stratégie numérique, charte)\u00a0?"
    )
    assert page.select("dl.public-answers dd")[0] == "Non"
    assert page.select("dl.public-answers dt") == [answer["title"]["fr"] for answer in answers]
    assert page.select("dl.public-answers dd") == [answer["answer"]["fr"] for answer in answers]
    assert NO_ANSWERS not in published_text(NANCY)

    english = published_page(NANCY_EN)
    assert english.texts("h4")[0] == "Strategy, governance and pooling"
    assert english.select("dl.public-answers dd") == [answer["answer"]["en"] for answer in answers]


def test_a_withdrawn_edition_leaves_no_body_page_of_its_year(
    edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    """Nancy keeps its page (the year before is still published); Vandœuvre, labelled only in
    the withdrawn edition, has none left."""
    imported_release(edition.year - 1, [("commune", "54395", "Nancy (54)", 2)])
    move_to_review(edition)
    edition_services.start_deliberation(organiser, edition)
    decide_level(organiser, submitted, 1, reason="Checked")
    decide_level(organiser, other_submitted, 2, reason="Checked")
    edition.refresh_from_db()
    publish(organiser, edition, django_capture_on_commit_callbacks)
    vandoeuvre = paths.body("commune", "54547", "fr")
    assert published_page(vandoeuvre).texts("h1") == ["Vandœuvre-lès-Nancy (54)"]
    assert published_page(NANCY).texts("h2") == [
        "Historique du label",
        f"L’édition {edition.year}",
        f"L’édition {edition.year - 1}",
    ]

    withdraw(organiser, edition, django_capture_on_commit_callbacks)

    assert published_text(vandoeuvre) is None and published_text(paths.body("commune", "54547", "en")) is None
    page = published_page(NANCY)
    assert page.texts("h2") == ["Historique du label", f"L’édition {edition.year - 1}"]
    assert page.tables()[0][1] == [[str(edition.year - 1), "Niveau 2"]]
    assert str(edition.year) not in published_text(NANCY)


def test_a_republication_after_a_correction_changes_the_pages(
    ready, submitted, organiser, django_capture_on_commit_callbacks
):
    publish(organiser, ready, django_capture_on_commit_callbacks)
    withdraw(organiser, ready, django_capture_on_commit_callbacks)
    decide_level(organiser, submitted, 3, reason="Evidence found", highlight="A written migration plan.")
    publish(organiser, ready, django_capture_on_commit_callbacks)

    page = published_page(NANCY)
    assert section(page, ready.year, "dd") == [
        "Niveau 3 — Engagement",
        "0,0\u00a0%",
        "Aucune",
        "A written migration plan.",
    ]
    assert page.tables()[0][1] == [[str(ready.year), "Niveau 3 — Engagement"]]
    results = published_page(paths.results(ready.year, "fr"))
    assert results.texts("h2")[0] == "Niveau 3 — Engagement (1)"
    assert results.select(".result-highlight") == ["A written migration plan."]


def test_the_body_page_shares_its_badge(ready, organiser, settings, django_capture_on_commit_callbacks):
    publish(organiser, ready, django_capture_on_commit_callbacks)
    site = settings.SITE_URL.rstrip("/")
    meta = head_meta(published_page(NANCY))
    assert {key: meta[key] for key in ("og:title", "og:description", "og:url", "og:image", "twitter:image")} == {
        "og:title": "Nancy (54) : Territoire Numérique Libre",
        "og:description": f"Territoire Numérique Libre {ready.year} : Niveau 1 — Découverte.",
        "og:url": f"{site}/label/commune/54395/",
        "og:image": f"{site}/badges/{ready.year}/commune-54395.png",
        "twitter:image": f"{site}/badges/{ready.year}/commune-54395.png",
    }
    assert head_meta(published_page(NANCY_EN))["og:title"] == "Nancy (54): Territoire Numérique Libre"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_body_page_leads_to_its_badge_certificate_and_credential(
    ready, organiser, nancy, language, client, django_capture_on_commit_callbacks
):
    publish(organiser, ready, django_capture_on_commit_callbacks)
    result = PublishedResult.objects.get()
    page = published_page(paths.body("commune", nancy.code, language))
    year = ready.year
    certificate = f"/certificats/{year}/commune-{nancy.code}.{language}.pdf"
    credential = f"/credentials/{year}/commune-{nancy.code}.jwt"
    verify = f"/verifier/{result.credential_id}/"
    assert [href for _text, href in page.links() if href in (verify, certificate, credential)] == [
        verify,
        certificate,
        credential,
    ]
    assert page.main.select_one(".body-badge img").attrs["src"] == f"/badges/{year}/commune-{nancy.code}.svg"
    # Each link leads somewhere real: the files exist in the build, the verification page answers.
    assert published_text(credential.lstrip("/")).count(".") == 2  # a JWT: header.payload.signature
    assert client.get(certificate)["Content-Type"] == "application/pdf"
    assert b"".join(client.get(certificate).streaming_content).startswith(b"%PDF-")
    assert f"{nancy.name}" in client.get(verify).content.decode()
