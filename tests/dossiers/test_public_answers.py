"""The body's consent to show its answers on its public page once the results are published:
`set_public_answers` per role and phase, and the block of the dossier page that shows and saves it.

Only the body's referents decide, at any time until the edition is published (also after the
submission and the deadline: the consent is not a scored answer)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.dossiers.test_service_checks import close, mark_submitted, refused  # noqa: F401 (fixture)
from tests.html import Page, client_for, messages_of
from tnl.core.models import AuditEntry
from tnl.dossiers import services
from tnl.dossiers.models import Dossier
from tnl.editions.models import Edition

PUBLISHED = "The results of the {year} edition are published: the choice to show your answers can no longer change."
HELP = "Once the results are published, your answers appear on your body's public page; evidence files never do."


def consent():
    return Dossier.objects.get().public_answers


def publish(edition, archived=False):
    """The results are out (the phase follows the dates; the publication itself is tested in
    tests/publication)."""
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=60),
        deliberation_started_at=now - timedelta(days=2),
        published_at=now - timedelta(days=1),
        archived_at=now if archived else None,
    )


# The service ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["elected", "technical"])
def test_a_referent_gives_and_withdraws_the_consent_and_each_change_is_audited(request, dossier, role):
    referent = request.getfixturevalue(role)
    assert consent() is False
    services.set_public_answers(referent, dossier, True)
    assert consent() is True
    services.set_public_answers(referent, dossier, False)
    assert consent() is False
    entries = AuditEntry.objects.filter(action="dossier.publicity_changed").order_by("pk")
    assert [(e.actor, e.object_id, e.summary, e.data) for e in entries] == [
        (referent, str(dossier.pk), "public answers", {"public": True}),
        (referent, str(dossier.pk), "private answers", {"public": False}),
    ]


def test_the_same_choice_again_changes_nothing_and_is_not_audited(dossier, elected):
    services.set_public_answers(elected, dossier, False)
    assert not AuditEntry.objects.filter(action="dossier.publicity_changed").exists()


@pytest.mark.parametrize("role", ["contributor", "other_member", "outsider", "organiser", "juror"])
def test_anyone_but_the_body_referents_is_not_allowed(request, refused, dossier, role):  # noqa: F811
    with refused(PermissionDenied):
        services.set_public_answers(request.getfixturevalue(role), dossier, True)
    assert consent() is False


def test_the_consent_changes_after_the_submission_and_after_the_deadline(dossier, elected, technical):
    mark_submitted(dossier, technical)
    services.set_public_answers(elected, dossier, True)
    assert consent() is True
    close(dossier.edition)
    services.set_public_answers(technical, dossier, False)
    assert consent() is False
    assert Dossier.objects.get().is_submitted  # still submitted: the consent is not an answer


@pytest.mark.parametrize("archived", [False, True])
def test_once_the_results_are_published_the_consent_no_longer_changes(refused, dossier, elected, archived):  # noqa: F811
    services.set_public_answers(elected, dossier, True)
    publish(dossier.edition, archived=archived)
    with refused(ValidationError, [PUBLISHED.format(year=dossier.edition.year)]):
        services.set_public_answers(elected, dossier, False)
    assert consent() is True


# The dossier page -----------------------------------------------------------------------------


def detail_url(dossier):
    return reverse("dossiers:detail", args=[dossier.pk])


def consent_url(dossier):
    return reverse("dossiers:set_public_answers", args=[dossier.pk])


def test_a_referent_sees_the_choice_and_saves_it(dossier, elected):
    client = client_for(elected, "en")
    page = Page(client.get(detail_url(dossier)))
    assert page.text("#public-answers-title") == "Answers on the public page"
    assert page.text("#public-answers-state") == (
        "The answers stay private: once the results are published, the public page will show the level and "
        "the scores only."
    )
    assert page.text("label[for=id_public_answers]") == "Make our answers public with the results"
    assert page.text("#id_public_answers_helptext") == HELP
    assert page.checked("public_answers") == []

    response = client.post(consent_url(dossier), {"public_answers": "1"})
    assert response.url == detail_url(dossier)
    assert messages_of(response) == [
        ("success", "Your answers will appear on your body's public page once the results are published.")
    ]
    assert consent() is True
    page = Page(client.get(detail_url(dossier)))
    assert page.checked("public_answers") == ["1"]
    assert page.text("#public-answers-state") == (
        "The body agrees to show its answers: they will appear on its public page once the results are published."
    )

    response = client.post(consent_url(dossier), {})  # the box unticked
    assert messages_of(response) == [
        ("success", "Your answers stay private: the public page will show your level and scores only.")
    ]
    assert consent() is False


def test_the_page_is_french_by_default(dossier, elected):
    page = Page(client_for(elected).get(detail_url(dossier)))
    assert page.text("#public-answers-title") == "Réponses sur la page publique"
    assert page.text("#id_public_answers_helptext") == (
        "Une fois les résultats publiés, vos réponses figurent sur la page publique de votre organisme ; "
        "les fichiers justificatifs, jamais."
    )


def test_a_referent_changes_it_after_the_submission(dossier, elected, technical):
    mark_submitted(dossier, technical)
    client = client_for(elected, "en")
    assert Page(client.get(detail_url(dossier))).buttons() == ["Reopen the dossier", "Save this choice"]
    client.post(consent_url(dossier), {"public_answers": "1"})
    assert consent() is True


def test_a_contributor_sees_the_choice_but_cannot_change_it(dossier, contributor):
    client = client_for(contributor, "en")
    page = Page(client.get(detail_url(dossier)))
    assert page.text("#public-answers-state").startswith("The answers stay private")
    assert "public_answers" not in page.fields()
    assert "Only the body's referents (elected or technical) can make the answers public." in page.main.text
    assert client.post(consent_url(dossier), {"public_answers": "1"}).status_code == 404
    assert consent() is False


@pytest.mark.parametrize("role", ["organiser", "other_member", "outsider"])
def test_others_cannot_post_it(request, dossier, role):
    client = client_for(request.getfixturevalue(role), "en")
    assert client.post(consent_url(dossier), {"public_answers": "1"}).status_code == 404
    assert consent() is False


def test_after_the_publication_the_page_shows_the_choice_made_without_a_form(dossier, elected):
    services.set_public_answers(elected, dossier, True)
    publish(dossier.edition)
    client = client_for(elected, "en")
    page = Page(client.get(detail_url(dossier)))
    assert page.text("#public-answers-state") == (
        "The body agreed to show its answers: they appear on its public page with the results."
    )
    assert "The results are published: this choice can no longer change." in page.main.text
    assert "public_answers" not in page.fields()
    response = client.post(consent_url(dossier), {})
    assert messages_of(response) == [("error", PUBLISHED.format(year=dossier.edition.year))]
    assert consent() is True
