"""Calibration pages, per role: the organiser's choice of sample dossiers, the agreement page,
the agreed readings."""

import pytest
from django.urls import reverse

from tests import factories
from tests.html import Page, client_for, count_queries, messages_of
from tests.jury.calibrating import move, read, submitted_dossier
from tnl.core.audit import entries_for
from tnl.editions.enums import Phase
from tnl.jury import calibration_services as services
from tnl.jury.models import Assignment, CalibrationSample, QuestionNote

pytestmark = pytest.mark.django_db

NOT_ORGANISERS = ["juror", "expert", "outsider", "visitor", "elected"]


def samples_url(edition):
    return reverse("jury:calibration_samples", args=[edition.year])


def agreement_url(edition):
    return reverse("jury:calibration", args=[edition.year])


def note_url(edition, code):
    return reverse("jury:calibration_note", args=[edition.year, code])


@pytest.fixture
def other_submitted(edition, vandoeuvre):
    return submitted_dossier(edition, body=vandoeuvre)


@pytest.fixture
def sample(organiser, edition, submitted, juror, second_juror, conflicted_juror, expert):
    return services.add_calibration_sample(organiser, edition, submitted)[0]


# The organiser's page -------------------------------------------------------------------------------


def test_the_edition_page_links_to_calibration(login, organiser, edition):
    page = Page(login(organiser).get(reverse("editions:detail", args=[edition.year])))
    assert page.links("Calibrage") == [samples_url(edition)]


def test_without_submitted_dossiers_the_page_explains(login, organiser, edition, dossier):
    page = Page(login(organiser).get(samples_url(edition)))
    assert page.texts("h1") == ["Calibrage"]
    assert page.select("section[aria-labelledby=samples-title] p") == ["Aucun dossier de calibrage pour l’instant."]
    assert "Aucun dossier déposé ne peut encore être ajouté" in page.text("section[aria-labelledby=add-title] p")
    assert page.fields() == []
    assert page.links("Voir l’accord entre les jurés") == [agreement_url(edition)]


def test_the_organiser_chooses_among_the_submitted_dossiers(
    login, organiser, edition, submitted, other_submitted, dossier
):
    page = Page(login(organiser).get(samples_url(edition)))
    assert page.select("select[name=dossier] option") == ["---------", "Nancy (54)", "Vandœuvre-lès-Nancy (54)"]
    assert page.buttons() == ["Ajouter au calibrage"]


def test_the_organiser_adds_a_sample(
    login, organiser, edition, submitted, juror, second_juror, conflicted_juror, expert
):
    client = login(organiser)
    response = client.post(reverse("jury:calibration_add", args=[edition.year]), {"dossier": submitted.pk})
    assert response.status_code == 302 and response.url == samples_url(edition)
    assert messages_of(response) == [
        ("success", "Le dossier de Nancy (54) est maintenant un dossier de calibrage : 2 jurés l’ont à examiner."),
        ("warning", "Corentin Conflit écarté : Agit pour Métropole du Grand Nancy, qui contient Nancy"),
    ]
    page = Page(client.get(samples_url(edition)))
    assert page.texts("h3") == ["Nancy (54)"]
    assert page.select("ul.calibration-jurors li") == ["Jeanne Jurée — pas commencé", "Jules Juré — pas commencé"]
    assert page.select("ul.calibration-skipped li") == [
        "Corentin Conflit écarté : Agit pour Métropole du Grand Nancy, qui contient Nancy"
    ]
    assert page.links("Retirer le dossier de Nancy (54) du calibrage") == [
        reverse("jury:calibration_remove", args=[edition.year, CalibrationSample.objects.get().pk])
    ]


def test_when_every_submitted_dossier_is_a_sample_the_page_says_so(login, organiser, edition, sample):
    page = Page(login(organiser).get(samples_url(edition)))
    assert page.select("section[aria-labelledby=add-title] p") == [
        "Tous les dossiers déposés sont déjà des dossiers de calibrage."
    ]


def test_a_refused_sample_says_why(login, organiser, edition, submitted, sample):
    response = login(organiser).post(reverse("jury:calibration_add", args=[edition.year]), {"dossier": submitted.pk})
    assert messages_of(response) == [("error", "Choisissez un dossier déposé de l’édition.")]


def test_the_page_shows_review_states_and_jurors_lacking_the_sample(
    login, organiser, edition, submitted, sample, juror, second_juror
):
    read(juror, submitted, submitted=True)
    read(second_juror, submitted)
    factories.JuryMemberFactory(edition=edition, user__full_name="Léa Tardive", user__email="tard@example.org")
    page = Page(login(organiser).get(samples_url(edition)))
    assert page.select("ul.calibration-jurors li") == ["Jeanne Jurée — examen en cours", "Jules Juré — examen déposé"]
    assert page.select("p.calibration-missing") == ["Jurés qui ne l’ont pas encore : Léa Tardive"]


def test_the_organiser_hands_out_the_samples_again(login, organiser, edition, submitted, sample):
    late = factories.JuryMemberFactory(edition=edition, user__email="tard@example.org")
    response = login(organiser).post(reverse("jury:calibration_sync", args=[edition.year]))
    assert messages_of(response) == [("success", "1 examen de calibrage distribué à un juré qui ne l’avait pas.")]
    assert Assignment.objects.filter(member=late, calibration=True).count() == 1


def test_once_reviews_are_open_the_page_only_shows(login, organiser, review_edition_with_sample):
    page = Page(login(organiser).get(samples_url(review_edition_with_sample)))
    assert page.messages()[0][0] == "warning"
    assert page.buttons() == []
    assert page.links("Retirer le dossier de Nancy (54) du calibrage") == []


@pytest.fixture
def review_edition_with_sample(organiser, edition, submitted, juror):
    services.add_calibration_sample(organiser, edition, submitted)
    return move(edition, Phase.REVIEW)


def test_the_organiser_removes_a_sample_after_confirming(login, organiser, edition, submitted, sample, juror):
    read(juror, submitted)
    client = login(organiser)
    url = reverse("jury:calibration_remove", args=[edition.year, sample.pk])
    page = Page(client.get(url))
    assert page.select("div.card p") == [
        "Le dossier de Nancy (54) ne servira plus au calibrage.",
        "1 examen de calibrage de ce dossier, commencé par un juré, sera supprimé.",
    ]
    response = client.post(url)
    assert messages_of(response) == [("success", "Le dossier de Nancy (54) n’est plus un dossier de calibrage.")]
    assert not CalibrationSample.objects.exists()


@pytest.mark.parametrize("role", NOT_ORGANISERS)
def test_only_organisers_reach_the_organiser_pages(role, user_for, login, edition, submitted, sample, juror, expert):
    client = login(user_for(role))
    assert client.get(samples_url(edition)).status_code == 404
    assert (
        client.post(reverse("jury:calibration_add", args=[edition.year]), {"dossier": submitted.pk}).status_code == 404
    )
    assert client.post(reverse("jury:calibration_sync", args=[edition.year])).status_code == 404
    remove = reverse("jury:calibration_remove", args=[edition.year, sample.pk])
    assert (client.get(remove).status_code, client.post(remove).status_code) == (404, 404)
    assert client.get(note_url(edition, "STR-01")).status_code == 404
    assert client.post(note_url(edition, "STR-01"), {"text": "Lecture"}).status_code == 404
    assert CalibrationSample.objects.count() == 1 and not QuestionNote.objects.exists()


def test_a_sample_of_another_edition_is_not_found(login, organiser, edition, sample):
    assert (
        login(organiser).get(reverse("jury:calibration_remove", args=[edition.year + 1, sample.pk])).status_code == 404
    )


# The agreement page ---------------------------------------------------------------------------------


@pytest.fixture
def readings(sample, submitted, juror, second_juror):
    read(juror, submitted, {"DON-02": 3, "COM-01": 0}, submitted=True)
    read(second_juror, submitted, {"DON-02": 1, "COM-01": 0})


def test_the_organiser_sees_the_agreement_least_first(login, organiser, edition, readings):
    page = Page(login(organiser).get(agreement_url(edition)))
    assert page.texts("h1") == ["Calibrage : l’accord entre les jurés"]
    assert page.texts("h2") == ["Nancy (54)", "Lectures communes"]
    assert page.select("p.calibration-counts") == ["2 jurés ont ce dossier ; examens commencés : 2, déposés : 1."]
    first = page.main.select("table.calibration-table tbody tr")[0]
    cells = [cell.text for cell in first.children if not isinstance(cell, str)]
    assert cells[0].startswith("DON-02 ")
    assert cells[1:] == [
        "50,0\u00a0% 1 sur 2, pas de majorité",
        "10 points",
        "2",
        "Jeanne Jurée : ⅓ — en partie atteint (5 points) — en cours Jules Juré : 1 — pleinement atteint (15 points)",
        "Écrire la lecture commune de DON-02",
    ]
    assert (
        page.tables()[0][0]
        == "Questions lues différemment par les jurés sur le dossier de Nancy (54), du moindre accord au plus grand"
    )
    # Jules submitted: he reads the 48 questions without a rubric (no correction); both give COM-01 a 0.
    assert [len(rows) for _caption, rows in page.tables()] == [1, 49]
    assert page.select("details.calibration-agreed summary") == [
        "49 questions lues de la même façon par tous les jurés qui ont répondu"
    ]
    assert page.select("p.calibration-unanswered") == [
        "Aucune lecture pour l’instant : STR-09, STR-10, INT-01, INT-03, DON-09, DON-10, COM-10"
    ]
    assert "secret" not in page.main.text
    assert page.links("Écrire la lecture commune de DON-02") == [note_url(edition, "DON-02")]


def test_a_juror_sees_the_agreement_once_they_submitted(login, edition, readings, juror):
    page = Page(login(juror).get(agreement_url(edition)))
    assert page.texts("h2") == ["Nancy (54)", "Lectures communes"]
    assert page.select("table.calibration-table tbody tr td.num")[:3] == [
        "50,0\u00a0% 1 sur 2, pas de majorité",
        "10 points",
        "2",
    ]
    assert page.links("Écrire la lecture commune de DON-02") == []
    assert page.buttons() == []


def test_a_juror_who_has_not_submitted_is_asked_to_first(login, edition, readings, second_juror):
    page = Page(login(second_juror).get(agreement_url(edition)))
    assert page.messages() == [
        (
            "warning",
            "Déposez d’abord votre propre examen de ce dossier : vous verrez alors les lectures des autres jurés.",
        )
    ]
    assert page.tables() == []


def test_a_conflicted_juror_does_not_see_the_sample(login, edition, readings, conflicted_juror):
    page = Page(login(conflicted_juror).get(agreement_url(edition)))
    assert page.texts("h2") == ["Lectures communes"]
    assert "Nancy" not in page.main.text
    assert "Aucun dossier de calibrage à montrer" in page.main.text


def test_a_juror_conflicted_with_one_sample_sees_the_other(
    login, organiser, edition, readings, other_submitted, declared_juror
):
    services.add_calibration_sample(organiser, edition, other_submitted)
    page = Page(login(declared_juror).get(agreement_url(edition)))
    assert page.texts("h2") == ["Vandœuvre-lès-Nancy (54)", "Lectures communes"]


@pytest.mark.parametrize("role", ["expert", "outsider", "visitor", "elected"])
def test_the_agreement_page_is_for_organisers_and_jurors(role, user_for, login, edition, readings, expert):
    assert login(user_for(role)).get(agreement_url(edition)).status_code == 404


def test_the_agreement_page_in_english(organiser, edition, readings):
    page = Page(client_for(organiser, "en").get(agreement_url(edition)))
    assert page.texts("h1") == ["Calibration: how far the jurors agree"]
    assert page.select("p.calibration-counts") == ["2 jurors have this dossier; reviews started: 2, submitted: 1."]


def test_the_agreement_page_without_samples(login, organiser, edition):
    page = Page(login(organiser).get(agreement_url(edition)))
    assert "Aucun dossier de calibrage à montrer : l’organisateur n’en a pas encore choisi." in page.main.text


def test_queries_do_not_grow_with_jurors_or_readings(organiser, edition, submitted, juror, second_juror):
    services.add_calibration_sample(organiser, edition, submitted)
    read(juror, submitted, {"DON-02": 3}, submitted=True)
    services.save_question_note(organiser, edition, "DON-02", "Lecture")
    client = client_for(organiser)
    few = count_queries(client, agreement_url(edition))
    for index in range(4):
        factories.JuryMemberFactory(edition=edition, user__email=f"j{index}@example.org")
    services.sync_calibration(organiser, edition)
    codes = ["STR-10", "COM-01", "DON-02", "DON-09", "COM-10", "STR-01", "STR-02", "LOG-01"]
    for member in edition.jury.exclude(user=juror).select_related("user"):
        read(
            member.user,
            submitted,
            {code: 2 if code[:3] in ("STR", "COM", "DON") else "1" for code in codes},
            submitted=True,
        )
    for code in codes:
        services.save_question_note(organiser, edition, code, f"Lecture de {code}")
    assert count_queries(client, agreement_url(edition)) == few
    juror_client = client_for(juror)
    assert count_queries(juror_client, agreement_url(edition)) == few + 1  # the juror's seat


def test_the_organiser_page_queries_do_not_grow_with_jurors(organiser, edition, submitted, juror):
    services.add_calibration_sample(organiser, edition, submitted)
    client = client_for(organiser)
    few = count_queries(client, samples_url(edition))
    for index in range(4):
        factories.JuryMemberFactory(edition=edition, user__email=f"j{index}@example.org")
    services.sync_calibration(organiser, edition)
    read(juror, submitted, submitted=True)
    assert count_queries(client, samples_url(edition)) == few


# Agreed readings ------------------------------------------------------------------------------------


def test_the_organiser_writes_an_agreed_reading(login, organiser, edition):
    client = login(organiser)
    page = Page(client.get(note_url(edition, "STR-01")))
    assert page.texts("h1") == ["Lecture commune de STR-01"]
    assert page.field_value("text") == ""
    response = client.post(note_url(edition, "STR-01"), {"text": "Une charte suffit."})
    assert response.url == agreement_url(edition) + "#notes"
    assert messages_of(response) == [("success", "La lecture commune de STR-01 est enregistrée.")]
    page = Page(client.get(agreement_url(edition)))
    assert page.select("dl.calibration-notes dd") == ["Une charte suffit. Modifier la lecture commune de STR-01"]
    assert Page(client.get(note_url(edition, "STR-01"))).field_value("text") == "Une charte suffit."
    response = client.post(note_url(edition, "STR-01"), {"text": ""})
    assert messages_of(response) == [("success", "La lecture commune de STR-01 est supprimée.")]
    assert not QuestionNote.objects.exists()
    assert [e.action for e in entries_for(edition).filter(action__startswith="question_note")] == [
        "question_note.deleted",
        "question_note.saved",
    ]


def test_a_too_long_reading_is_shown_again_with_the_error(login, organiser, edition):
    response = login(organiser).post(note_url(edition, "STR-01"), {"text": "a" * 10_001})
    page = Page(response)
    assert response.status_code == 200
    assert page.errors()[1] == ["Assurez-vous que cette valeur comporte au plus 10000 caractères (actuellement 10001)."]
    assert page.field_value("text") == "a" * 10_001


def test_a_note_on_an_unknown_question_is_not_found(login, organiser, edition):
    assert login(organiser).get(note_url(edition, "XYZ-99")).status_code == 404


def test_jurors_read_the_notes_on_the_agreement_page(login, organiser, edition, juror):
    services.save_question_note(organiser, edition, "STR-01", "Une charte suffit.")
    page = Page(login(juror).get(agreement_url(edition)))
    assert page.select("dl.calibration-notes dt")[0].startswith("STR-01 ")
    assert page.select("dl.calibration-notes dd") == ["Une charte suffit."]


def test_notes_are_not_public(client, organiser, edition):
    services.save_question_note(organiser, edition, "STR-01", "Une charte suffit.")
    response = client.get(reverse("publication:criteria", args=[edition.year]))
    assert "Une charte suffit." not in response.content.decode()


def test_the_organiser_picks_any_question_for_a_reading(login, organiser, edition):
    client = login(organiser)
    page = Page(client.get(agreement_url(edition)))
    assert page.buttons() == ["Écrire la lecture commune de cette question"]
    assert len(page.select("select[name=question] option")) == 57
    url = reverse("jury:calibration_note_choose", args=[edition.year])
    response = client.get(url, {"question": "LOG-03"})
    assert response.status_code == 302 and response.url == note_url(edition, "LOG-03")
    assert client.get(url, {"question": "XYZ-99"}).status_code == 404


@pytest.mark.parametrize("role", ["juror", "outsider", "visitor"])
def test_only_organisers_pick_a_question(role, user_for, login, edition, juror):
    client = login(user_for(role))
    url = reverse("jury:calibration_note_choose", args=[edition.year])
    assert client.get(url, {"question": "LOG-03"}).status_code == 404
