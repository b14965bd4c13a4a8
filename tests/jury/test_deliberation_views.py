"""The deliberation table and a dossier's decision page, per role; filters, sort, large type,
query counts, and what a conflicted juror does not see."""

import pytest
from django.urls import reverse

from tests.html import Page, count_queries
from tests.jury.deliberating import (
    LEVEL_1,
    publish,
    start_deliberation,
    submit_review,
)
from tnl.core.models import AuditEntry
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Answer, Dossier
from tnl.jury.models import Assignment, Decision
from tnl.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(review_edition, submitted, other_submitted, juror, second_juror):
    """Nancy: two reviews that disagree (levels 0 and 1); Vandœuvre: two at level 1."""
    submit_review(submitted, juror)
    submit_review(submitted, second_juror, LEVEL_1)
    submit_review(other_submitted, juror, LEVEL_1)
    submit_review(other_submitted, second_juror, LEVEL_1)
    return review_edition


@pytest.fixture
def deliberating(reviewed, organiser):
    return start_deliberation(reviewed, organiser)


def table_url(edition, **params):
    url = reverse("jury:deliberation", args=[edition.year])
    if params:
        from django.utils.http import urlencode

        url += "?" + urlencode(params)
    return url


def decision_url(dossier):
    return reverse("jury:deliberation_decision", args=[dossier.edition.year, dossier.pk])


def rows(response):
    ((_caption, body),) = Page(response).tables()
    return body


def bodies(response):
    return [row[0] for row in rows(response)]


# Who sees the table -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["organiser", "juror", "second_juror"])
def test_organisers_and_jurors_see_every_dossier_they_are_not_conflicted_with(role, reviewed, user_for, login):
    response = login(user_for(role)).get(table_url(reviewed))
    assert response.status_code == 200
    assert bodies(response) == ["Nancy (54)", "Vandœuvre-lès-Nancy (54)"]


def test_the_table_shows_each_dossiers_levels(deliberating, juror, login):
    response = login(juror).get(table_url(deliberating))
    assert rows(response) == [
        [
            "Nancy (54)",
            "Commune",
            "103\u00a0671",
            "Aucun niveau 0,0\u00a0%",
            "Aucun niveau Jules Juré : niveau 0 Jeanne Jurée : niveau 1",
            "Aucun niveau",
            "⚠ Divergent",
            "Pas encore décidé",
            "—",
        ],
        [
            "Vandœuvre-lès-Nancy (54)",
            "Commune",
            "29\u00a0942",
            "Aucun niveau 0,0\u00a0%",
            "Niveau 1 — Découverte Jeanne Jurée : niveau 1 Jules Juré : niveau 1",
            "Niveau 1 — Découverte",
            "✓ Concordant",
            "Pas encore décidé",
            "—",
        ],
    ]


def test_a_conflicted_juror_does_not_see_the_rows_of_their_conflicts(reviewed, declared_juror, conflicted_juror, login):
    assert bodies(login(declared_juror).get(table_url(reviewed))) == ["Vandœuvre-lès-Nancy (54)"]
    assert rows(login(conflicted_juror).get(table_url(reviewed))) == [["Aucun dossier ne correspond à ces filtres."]]


@pytest.mark.parametrize("role", ["expert", "outsider", "visitor", "elected", "member_of_other_body"])
def test_everyone_else_gets_a_404(role, reviewed, user_for, login):
    assert login(user_for(role)).get(table_url(reviewed)).status_code == 404


def test_a_juror_of_another_edition_gets_a_404(reviewed, login):
    from tests import factories

    other = factories.EditionFactory(year=reviewed.year + 1)
    seat = factories.JuryMemberFactory(edition=other)
    assert login(seat.user).get(table_url(reviewed)).status_code == 404


def test_before_the_deliberation_a_juror_does_not_see_the_reviews_of_a_dossier_they_have_not_reviewed_yet(
    review_edition, submitted, other_submitted, juror, second_juror, login
):
    from tests.jury.deliberating import seat_of
    from tnl.jury.models import Assignment

    submit_review(submitted, second_juror, LEVEL_1)
    Assignment.objects.create(dossier=submitted, member=seat_of(juror, review_edition))
    nancy = rows(login(juror).get(table_url(review_edition)))[0]
    assert nancy[4:7] == ["Masqué jusqu’à ce que vous déposiez votre examen", "—", "—"]
    assert rows(login(second_juror).get(table_url(review_edition)))[0][4] == (
        "Niveau 1 — Découverte Jeanne Jurée : niveau 1"
    )


@pytest.mark.parametrize("case", ["deliberation started", "setting off", "own review submitted"])
def test_reviews_are_shown_once_the_deliberation_starts_or_when_the_edition_does_not_hide_them(
    case, review_edition, submitted, other_submitted, juror, second_juror, organiser, login
):
    from tests.jury.deliberating import seat_of
    from tnl.jury.models import Assignment

    submit_review(submitted, second_juror, LEVEL_1)
    if case == "own review submitted":
        submit_review(submitted, juror, LEVEL_1)
    else:
        Assignment.objects.create(dossier=submitted, member=seat_of(juror, review_edition))
    if case == "deliberation started":
        start_deliberation(review_edition, organiser)
    if case == "setting off":
        review_edition.reviews_hidden_until_submitted = False
        review_edition.save()
    assert rows(login(juror).get(table_url(review_edition)))[0][5] == "Niveau 1 — Découverte"


def test_the_organiser_gets_a_link_to_each_decision_and_to_the_outbox_a_juror_to_their_own_review(
    reviewed, submitted, organiser, juror, login
):
    page = Page(login(organiser).get(table_url(reviewed)))
    assert page.links("Nancy (54)") == [decision_url(submitted)]
    assert page.links("Courriels de résultats (boîte d’envoi)") == [reverse("jury:outbox", args=[reviewed.year])]
    page = Page(login(juror).get(table_url(reviewed)))
    own = Assignment.objects.get(member__user=juror, dossier=submitted, calibration=False)
    assert page.links("Nancy (54)") == [reverse("jury:review", args=[reviewed.year, own.pk])]
    assert page.links("Courriels de résultats (boîte d’envoi)") == []


def test_the_organisers_edition_page_links_to_the_table_and_the_outbox(reviewed, organiser, login):
    page = Page(login(organiser).get(reverse("editions:detail", args=[reviewed.year])))
    assert page.links("Tableau de délibération") == [table_url(reviewed)]
    assert page.links("Courriels de résultats (boîte d’envoi)") == [reverse("jury:outbox", args=[reviewed.year])]


# Filters, sort, large type --------------------------------------------------------------------------


@pytest.fixture
def epci_dossier(reviewed, grand_nancy):
    """The Métropole's dossier, submitted (set as a row: the filters only read it)."""
    dossier = Dossier.objects.create(edition=reviewed, territory=grand_nancy, status=DossierStatus.SUBMITTED)
    Answer.objects.create(dossier=dossier, question="LOG-01", value_json="true")  # declared level 1
    return dossier


def test_filter_by_kind(epci_dossier, reviewed, organiser, login):
    client = login(organiser)
    assert bodies(client.get(table_url(reviewed, kind="epci"))) == ["Métropole du Grand Nancy"]
    assert bodies(client.get(table_url(reviewed, kind="commune"))) == ["Nancy (54)", "Vandœuvre-lès-Nancy (54)"]


def test_filter_divergent_only(reviewed, organiser, login):
    assert bodies(login(organiser).get(table_url(reviewed, divergent="1"))) == ["Nancy (54)"]


def test_filter_by_proposed_level(reviewed, organiser, login):
    client = login(organiser)
    assert bodies(client.get(table_url(reviewed, level="1"))) == ["Vandœuvre-lès-Nancy (54)"]
    assert bodies(client.get(table_url(reviewed, level="0"))) == ["Nancy (54)"]


def test_filter_decided_or_not(deliberating, submitted, organiser, login):
    from tnl.jury.deliberation_services import decide_level

    decide_level(organiser, submitted, 0)
    client = login(organiser)
    assert bodies(client.get(table_url(deliberating, decision="decided"))) == ["Nancy (54)"]
    assert bodies(client.get(table_url(deliberating, decision="undecided"))) == ["Vandœuvre-lès-Nancy (54)"]


def test_an_unknown_filter_value_is_ignored(reviewed, organiser, login):
    assert bodies(login(organiser).get(table_url(reviewed, kind="planet", sort="colour"))) == [
        "Nancy (54)",
        "Vandœuvre-lès-Nancy (54)",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("body", ["Métropole du Grand Nancy", "Nancy (54)", "Vandœuvre-lès-Nancy (54)"]),
        ("-body", ["Vandœuvre-lès-Nancy (54)", "Nancy (54)", "Métropole du Grand Nancy"]),
        ("-proposed", ["Métropole du Grand Nancy", "Vandœuvre-lès-Nancy (54)", "Nancy (54)"]),
        ("proposed", ["Nancy (54)", "Métropole du Grand Nancy", "Vandœuvre-lès-Nancy (54)"]),
        ("reviewed", ["Nancy (54)", "Vandœuvre-lès-Nancy (54)", "Métropole du Grand Nancy"]),
        ("-reviewed", ["Vandœuvre-lès-Nancy (54)", "Nancy (54)", "Métropole du Grand Nancy"]),
        ("declared", ["Nancy (54)", "Vandœuvre-lès-Nancy (54)", "Métropole du Grand Nancy"]),
        ("-declared", ["Métropole du Grand Nancy", "Nancy (54)", "Vandœuvre-lès-Nancy (54)"]),
    ],
)
def test_sort(sort, expected, epci_dossier, reviewed, organiser, login):
    assert bodies(login(organiser).get(table_url(reviewed, sort=sort))) == expected


def test_column_headers_sort_and_say_how(reviewed, organiser, login):
    page = Page(login(organiser).get(table_url(reviewed, sort="proposed", divergent="1")))
    headers = page.main.select("table thead th")
    assert [(th.text, th.attrs.get("aria-sort")) for th in headers if th.attrs.get("aria-sort")] == [
        ("Proposé", "ascending")
    ]
    assert page.links("Proposé") == [table_url(reviewed, divergent="1", sort="-proposed")]
    assert page.links("Déclaré") == [table_url(reviewed, divergent="1", sort="declared")]


def test_large_type_has_fewer_columns_and_keeps_the_filters(reviewed, organiser, login):
    response = login(organiser).get(table_url(reviewed, large="1", divergent="1"))
    page = Page(response)
    assert page.main.select_one("div.deliberation").classes == ["deliberation", "deliberation-large"]
    assert page.select("table thead th") == ["Organisme", "Déclaré", "Examiné", "Proposé", "Divergence", "Décidé"]
    assert rows(response) == [
        [
            "Nancy (54)",
            "Aucun niveau 0,0\u00a0%",
            "Aucun niveau 2 examens",
            "Aucun niveau",
            "⚠ Divergent",
            "Pas encore décidé",
        ]
    ]
    assert page.links("Retour à l’affichage normal") == [table_url(reviewed, divergent="1")]
    assert page.main.select_one("input[name=large]").attrs["value"] == "1"


def test_the_normal_view_offers_the_large_type(reviewed, organiser, login):
    page = Page(login(organiser).get(table_url(reviewed)))
    assert page.main.select_one("div.deliberation").classes == ["deliberation"]
    assert page.links("Grands caractères (projection)") == [table_url(reviewed, large="1")]


# Query counts ----------------------------------------------------------------------------------------


def more_dossiers(edition, count):
    """`count` more submitted dossiers of communes with no tie to the jury, each reviewed twice."""
    communes = Territory.objects.filter(kind="commune").exclude(epci__code="245400676")
    communes = communes.exclude(dossiers__edition=edition)[:count]
    return [
        Dossier.objects.create(edition=edition, territory=commune, status=DossierStatus.SUBMITTED)
        for commune in communes
    ]


@pytest.mark.parametrize("role", ["organiser", "juror", "declared_juror"])
def test_the_table_takes_as_many_queries_for_two_or_twelve_dossiers(
    role, deliberating, organiser, juror, second_juror, user_for, login
):
    from tnl.jury.deliberation_services import decide_level

    client = login(user_for(role))
    decide_level(organiser, Dossier.objects.get(territory__name="Nancy"), 0, mentions=["sobriety"])
    few = count_queries(client, table_url(deliberating))
    for dossier in more_dossiers(deliberating, 10):
        submit_review(dossier, juror, LEVEL_1)
        submit_review(dossier, second_juror)
        decide_level(organiser, dossier, 0, mentions=["promotion"])
    assert len(bodies(client.get(table_url(deliberating)))) >= 11
    assert count_queries(client, table_url(deliberating)) == few


# The decision page -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["juror", "second_juror", "conflicted_juror", "declared_juror", "expert", "outsider", "visitor", "elected"]
)
def test_the_decision_page_is_404_for_everyone_but_organisers(role, deliberating, submitted, user_for, login):
    client = login(user_for(role))
    assert client.get(decision_url(submitted)).status_code == 404
    assert client.post(decision_url(submitted), {"level": "0"}).status_code == 404
    assert not Decision.objects.exists()


def test_a_draft_or_other_editions_dossier_has_no_decision_page(deliberating, organiser, grand_nancy, login):
    draft = Dossier.objects.create(edition=deliberating, territory=grand_nancy)
    assert login(organiser).get(decision_url(draft)).status_code == 404


def test_the_decision_page_shows_the_levels_and_proposes_the_proposed_level(
    deliberating, other_submitted, organiser, login
):
    page = Page(login(organiser).get(decision_url(other_submitted)))
    assert page.texts("h1") == ["Décision pour Vandœuvre-lès-Nancy (54)"]
    facts = page.facts()
    assert facts["Niveau proposé"] == "Niveau 1 — Découverte"
    assert facts["Niveau déclaré"] == "Aucun niveau (0,0\u00a0%)"
    assert facts["Divergence"] == "Non"
    assert facts["Niveau décidé"] == "Pas encore décidé"
    assert page.field_value("level") == ["1"]
    assert page.fields() == ["level", "reason", "mentions", "highlight"]


def test_the_organiser_records_a_decision(deliberating, other_submitted, organiser, login):
    response = login(organiser).post(
        decision_url(other_submitted), {"level": "1", "reason": "", "mentions": ["first-application", "sobriety"]}
    )
    assert response.status_code == 302
    assert response.url == table_url(deliberating)
    decision = Decision.objects.get()
    assert (decision.level, decision.proposed_level, decision.mentions) == (1, 1, ["first-application", "sobriety"])
    line = rows(login(organiser).get(table_url(deliberating)))[1]
    assert line[7:] == ["Niveau 1 — Découverte", "Meilleure première candidature Sobriété numérique"]


def test_a_level_other_than_the_proposed_one_needs_a_reason_and_nothing_typed_is_lost(
    deliberating, other_submitted, organiser, login
):
    response = login(organiser).post(
        decision_url(other_submitted), {"level": "2", "reason": "  ", "mentions": ["mutualisation"]}
    )
    assert response.status_code == 200
    page = Page(response)
    message = "Le niveau décidé (2) diffère du niveau proposé (1) : écrivez le motif de cet écart."
    assert page.errors() == ([f"Motif : {message}"], [message])
    assert page.field_value("level") == ["2"]
    assert page.checked("mentions") == ["mutualisation"]
    assert not Decision.objects.exists()
    response = login(organiser).post(
        decision_url(other_submitted),
        {"level": "2", "reason": "Mutualisation exemplaire", "mentions": ["mutualisation"]},
    )
    assert response.status_code == 302
    assert Decision.objects.get().reason == "Mutualisation exemplaire"


def test_an_unknown_mention_is_refused(deliberating, other_submitted, organiser, login):
    response = login(organiser).post(decision_url(other_submitted), {"level": "1", "mentions": ["best-website"]})
    assert response.status_code == 200
    assert Page(response).errors()[1] == ["Sélectionnez un choix valide. best-website n’en fait pas partie."]
    assert not Decision.objects.exists()


def test_changing_a_decision_shows_the_current_one(deliberating, other_submitted, organiser, login):
    from tnl.jury.deliberation_services import decide_level

    decide_level(organiser, other_submitted, 0, "Justificatifs absents", ["promotion"])
    page = Page(login(organiser).get(decision_url(other_submitted)))
    assert page.facts()["Niveau décidé"] == "Aucun niveau Justificatifs absents"
    assert page.field_value("level") == ["0"]
    assert page.field_value("reason") == "Justificatifs absents"
    assert page.checked("mentions") == ["promotion"]
    assert page.texts("h2") == ["Modifier la décision"]


def test_before_the_deliberation_the_page_says_how_to_start_it(reviewed, other_submitted, organiser, login):
    page = Page(login(organiser).get(decision_url(other_submitted)))
    assert page.fields() == []
    assert page.messages() == [
        (
            "info",
            "Les décisions s’enregistrent une fois la délibération lancée par l’organisateur. Aller à la page de l’édition",
        )
    ]
    response = login(organiser).post(decision_url(other_submitted), {"level": "1"}, follow=True)
    assert Page(response).messages()[0] == (
        "error",
        "Les décisions s’enregistrent pendant la délibération ; l’édition est dans la phase : Examen par le jury. "
        "Lancez d’abord la délibération depuis la page de l’édition.",
    )
    assert not Decision.objects.exists()


def test_once_published_the_decision_is_read_only(deliberating, other_submitted, organiser, login):
    publish(deliberating)
    page = Page(login(organiser).get(decision_url(other_submitted)))
    assert page.fields() == []
    assert page.messages() == [("info", "Les résultats sont publiés : les décisions ne peuvent plus changer.")]


def test_a_decision_writes_the_audit_log(deliberating, other_submitted, organiser, login):
    login(organiser).post(decision_url(other_submitted), {"level": "1"})
    assert list(AuditEntry.objects.filter(action__startswith="decision.").values_list("action", flat=True)) == [
        "decision.recorded"
    ]


def test_the_table_in_english(deliberating, juror):
    from tests.html import client_for

    response = client_for(juror, "en").get(table_url(deliberating))
    page = Page(response)
    assert page.texts("h1") == [f"Deliberation table, {deliberating.year}"]
    assert page.select("table thead th") == [
        "Body",
        "Kind",
        "Population",
        "Declared",
        "Reviewed",
        "Proposed",
        "Divergence",
        "Decided",
        "Mentions",
    ]
    assert rows(response)[0][4:8] == [
        "No level Jules Juré: level 0 Jeanne Jurée: level 1",
        "No level",
        "⚠ Divergent",
        "Not decided yet",
    ]
