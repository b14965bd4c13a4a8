"""The organiser's publication page and its actions, per role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.html import Page, messages_of
from tnl.core.models import AuditEntry
from tnl.publication import paths
from tnl.publication.models import PublishedResult, Release

from .publishing import deliberated

OTHERS = ["visitor", "outsider", "juror", "elected"]


@pytest.fixture
def ready(edition, organiser, submitted, other_submitted):
    return deliberated(edition, organiser, submitted, other_submitted)


def url(name, edition):
    return reverse(f"publication:{name}", args=[edition.year])


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize("name", ["manage", "publish", "schedule", "cancel", "withdraw"])
def test_only_organisers_reach_the_publication_page_and_actions(ready, role, name, user_for, login):
    client = login(user_for(role))
    response = client.post(url(name, ready), {"reason": "x", "moment": "2099-01-01T10:00"})
    assert response.status_code == 404
    assert not Release.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="edition.publ").exists()


def test_the_page_says_what_stops_the_publication(edition, organiser, submitted, other_submitted, organiser_client):
    from tests.jury.conftest import move_to_review
    from tnl.editions.services import start_deliberation

    move_to_review(edition)
    start_deliberation(organiser, edition)
    page = Page(organiser_client.get(url("manage", edition)))
    assert page.texts("h1") == [f"Publication des résultats {edition.year}"]
    assert page.select(".message-warning li") == [
        "2 dossiers déposés n’ont pas encore de décision : Nancy (54), Vandœuvre-lès-Nancy (54)."
    ]
    assert page.buttons() == ["Planifier"]  # no "publish now" while a dossier waits for its decision


def test_publishing_from_the_page(ready, organiser_client, django_capture_on_commit_callbacks):
    page = Page(organiser_client.get(url("manage", ready)))
    assert page.buttons() == ["Publier les résultats maintenant", "Planifier"]
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url("publish", ready))
    assert response.url == url("manage", ready)
    assert messages_of(response) == [
        (
            "success",
            f"Les résultats {ready.year} sont publiés : 1 organisme labellisé. Les courriels de résultats sont envoyés.",
        )
    ]
    page = Page(organiser_client.get(url("manage", ready)))
    assert page.links("français") == [paths.url(paths.results(ready.year, "fr"))]
    # The file the link leads to is served (by Django here, by nginx in production).
    public = organiser_client.get(paths.url(paths.results(ready.year, "fr")))
    assert "Nancy (54)" in b"".join(public.streaming_content).decode()


def test_withdrawing_from_the_page_needs_a_reason(ready, organiser, organiser_client):
    from tnl.publication.services import publish_edition

    publish_edition(organiser, ready)
    page = Page(organiser_client.post(url("withdraw", ready), {"reason": ""}))
    assert page.errors()[1] == ["Ce champ est obligatoire."]
    assert PublishedResult.objects.count() == 1
    response = organiser_client.post(url("withdraw", ready), {"reason": "Erreur de saisie"})
    assert response.status_code == 302
    assert not PublishedResult.objects.exists()
    assert Release.objects.get().withdrawal_reason == "Erreur de saisie"


def test_planning_from_the_page(ready, organiser, organiser_client):
    past = timezone.localtime() - timedelta(hours=1)
    page = Page(organiser_client.post(url("schedule", ready), {"moment": past.strftime("%Y-%m-%dT%H:%M")}))
    assert page.errors()[1] == ["La publication doit être planifiée dans le futur."]
    moment = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    organiser_client.post(url("schedule", ready), {"moment": moment.strftime("%Y-%m-%dT%H:%M")})
    ready.refresh_from_db()
    assert (ready.publication_scheduled_at, ready.publication_scheduled_by) == (moment, organiser)
    organiser_client.post(url("cancel", ready))
    ready.refresh_from_db()
    assert ready.publication_scheduled_at is None
