"""The outbox pages (organisers only): templates, preparing, one message's preview and edit; the
page says the e-mails go at publication."""

import pytest
from django.urls import reverse

from tests.html import Page, count_queries
from tests.jury.deliberating import LEVEL_1, start_deliberation, submit_review
from tnl.core.models import AuditEntry
from tnl.jury import outbox_services as services
from tnl.jury.deliberation_services import decide_level
from tnl.jury.models import OutboxMessage, ResultTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliberating(review_edition, submitted, juror, second_juror, organiser):
    submit_review(submitted, juror, LEVEL_1)
    submit_review(submitted, second_juror, LEVEL_1)
    edition = start_deliberation(review_edition, organiser)
    decide_level(organiser, submitted, 1, "", ["sobriety"])
    return edition


@pytest.fixture
def prepared(deliberating, organiser):
    services.prepare_outbox(organiser, deliberating)
    return OutboxMessage.objects.get(recipient__email="elue@nancy.fr")


def outbox_url(edition):
    return reverse("jury:outbox", args=[edition.year])


def message_url(message):
    return reverse("jury:outbox_message", args=[message.edition.year, message.pk])


@pytest.mark.parametrize(
    "role",
    ["juror", "second_juror", "conflicted_juror", "declared_juror", "expert", "outsider", "visitor", "elected"],
)
def test_the_outbox_pages_are_404_for_everyone_but_organisers(role, prepared, deliberating, user_for, login):
    client = login(user_for(role))
    assert client.get(outbox_url(deliberating)).status_code == 404
    assert (
        client.post(outbox_url(deliberating), {"language": "fr", "fr-subject": "x", "fr-body": "y"}).status_code == 404
    )
    assert client.post(reverse("jury:outbox_prepare", args=[deliberating.year])).status_code == 404
    assert client.get(message_url(prepared)).status_code == 404
    assert client.post(message_url(prepared), {"subject": "x", "body": "y"}).status_code == 404
    prepared.refresh_from_db()
    assert not prepared.edited
    assert ResultTemplate.objects.get(language="fr").subject == "{edition} — décision du jury pour {body}"


def test_the_first_visit_gives_the_default_templates_and_says_when_e_mails_go(deliberating, organiser, login):
    page = Page(login(organiser).get(outbox_url(deliberating)))
    assert page.texts("h1") == [f"Courriels de résultats, {deliberating.year}"]
    assert page.messages()[0] == (
        "info",
        "Rien ne part de cette page : les courriels sont envoyés à la publication des résultats, tous ensemble.",
    )
    assert page.field_value("fr-subject") == "{edition} — décision du jury pour {body}"
    assert page.field_value("en-subject") == "{edition}: the jury's decision for {body}"
    assert page.buttons()[:3] == [
        "Préparer la boîte d’envoi",
        "Enregistrer le courriel en français",
        "Enregistrer le courriel en anglais",
    ]
    assert "La boîte d’envoi est vide." in page.texts("p")


def test_a_template_is_saved_from_the_page(deliberating, organiser, login):
    response = login(organiser).post(
        outbox_url(deliberating), {"language": "en", "en-subject": "Result: {body}", "en-body": "Level {level}"}
    )
    assert response.status_code == 302
    assert ResultTemplate.objects.get(language="en").subject == "Result: {body}"


def test_an_unknown_placeholder_is_named_and_what_was_typed_stays(deliberating, organiser, login):
    response = login(organiser).post(
        outbox_url(deliberating), {"language": "fr", "fr-subject": "Résultat", "fr-body": "Niveau {niveau} pour {body}"}
    )
    assert response.status_code == 200
    page = Page(response)
    message = (
        "Variable inconnue : {niveau} ; utilisez l’une de celles-ci : {body}, {level}, {level_label}, "
        "{edition}, {mentions}, {reason}, {dossier_url}."
    )
    assert page.errors() == ([f"Texte : {message}"], [message])
    assert page.field_value("fr-body") == "Niveau {niveau} pour {body}"
    assert page.field_value("en-subject") == "{edition}: the jury's decision for {body}"
    assert ResultTemplate.objects.get(language="fr").body.startswith("Bonjour")


def test_a_lone_brace_is_refused(deliberating, organiser, login):
    response = login(organiser).post(
        outbox_url(deliberating), {"language": "fr", "fr-subject": "Résultat {body", "fr-body": "Texte"}
    )
    assert Page(response).errors()[1] == [
        "Une accolade est seule : écrivez {{ ou }} pour une accolade dans le texte, ou fermez la variable."
    ]


def test_preparing_lists_the_messages(deliberating, organiser, login):
    response = login(organiser).post(reverse("jury:outbox_prepare", args=[deliberating.year]), follow=True)
    page = Page(response)
    assert page.messages()[0] == (
        "success",
        "Boîte d’envoi préparée : 3 nouveaux, 0 à jour des modèles, 0 modifiés à la main ou envoyés gardés tels quels, "
        "0 retirés.",
    )
    subject = f"{deliberating} — décision du jury pour Nancy (54)"
    assert page.tables()[0][1] == [
        ["Nancy (54)", "Camille Contributrice agent@nancy.fr", "français", subject, "à envoyer à la publication"],
        ["Nancy (54)", "Théo Technicien tech@nancy.fr", "français", subject, "à envoyer à la publication"],
        ["Nancy (54)", "Élise Élue elue@nancy.fr", "français", subject, "à envoyer à la publication"],
    ]


def test_preparing_before_the_deliberation_says_why_not(review_edition, organiser, login):
    response = login(organiser).post(reverse("jury:outbox_prepare", args=[review_edition.year]), follow=True)
    assert Page(response).messages()[0] == (
        "error",
        "La boîte d’envoi se prépare à partir des décisions, pendant la délibération ; l’édition est dans la "
        "phase : Examen par le jury.",
    )
    assert Page(response).buttons()[0] == "Enregistrer le courriel en français"


def test_a_message_is_previewed_and_edited(prepared, organiser, login):
    client = login(organiser)
    page = Page(client.get(message_url(prepared)))
    assert page.texts("h1") == ["Courriel à Élise Élue"]
    assert page.facts()["État"] == "à envoyer à la publication"
    assert page.field_value("subject") == prepared.subject
    assert page.field_value("body") == prepared.body
    response = client.post(message_url(prepared), {"subject": "Félicitations", "body": "Bravo à Nancy."})
    assert response.status_code == 302
    page = Page(client.get(message_url(prepared)))
    assert page.facts()["État"] == "à envoyer à la publication (modifié à la main)"
    assert page.select("section.card p") == ["Félicitations", "Bravo à Nancy."]
    assert AuditEntry.objects.filter(action="outbox_message.edited").count() == 1


def test_an_empty_subject_is_refused_and_the_text_stays(prepared, organiser, login):
    response = login(organiser).post(message_url(prepared), {"subject": " ", "body": "Mon texte"})
    page = Page(response)
    assert page.errors()[1] == ["Ce champ est obligatoire."]
    assert page.field_value("body") == "Mon texte"


def test_a_message_of_another_edition_is_404(prepared, organiser, login):
    from tests import factories

    other = factories.EditionFactory(year=prepared.edition.year + 1)
    assert login(organiser).get(reverse("jury:outbox_message", args=[other.year, prepared.pk])).status_code == 404


def test_a_sent_message_is_shown_without_a_form(prepared, organiser, login):
    from tnl.jury.enums import OutboxStatus

    OutboxMessage.objects.filter(pk=prepared.pk).update(status=OutboxStatus.SENT)
    page = Page(login(organiser).get(message_url(prepared)))
    assert page.fields() == []
    assert page.facts()["État"] == "envoyé"


def test_the_outbox_page_takes_as_many_queries_for_three_or_many_messages(
    prepared, deliberating, nancy, organiser, login
):
    from tests import factories

    client = login(organiser)
    few = count_queries(client, outbox_url(deliberating))
    for _n in range(6):
        factories.MembershipFactory(territory=nancy)
    services.prepare_outbox(organiser, deliberating)
    assert OutboxMessage.objects.count() == 9
    assert count_queries(client, outbox_url(deliberating)) == few


def test_the_outbox_in_english(prepared, deliberating, organiser):
    from tests.html import client_for

    page = Page(client_for(organiser, "en").get(outbox_url(deliberating)))
    assert page.texts("h1") == [f"Result e-mails, {deliberating.year}"]
    assert page.messages()[0] == (
        "info",
        "Nothing is sent from this page: the e-mails are sent when the results are published, all at once.",
    )
    assert page.select("table thead th") == ["Body", "Recipient", "Language", "Subject", "State"]
    assert page.buttons()[:3] == ["Prepare the outbox", "Save the e-mail in French", "Save the e-mail in English"]


def test_the_page_says_how_many_dossiers_have_no_decision_yet(deliberating, other_submitted, organiser, login):
    page = Page(login(organiser).get(outbox_url(deliberating)))
    assert page.messages()[1] == (
        "warning",
        "1 dossier déposé n’a pas encore de décision : son organisme ne recevra pas de courriel. "
        "Voir les dossiers non décidés",
    )
    assert page.links("Voir les dossiers non décidés") == [
        reverse("jury:deliberation", args=[deliberating.year]) + "?decision=undecided"
    ]
