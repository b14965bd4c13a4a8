"""The dossier page offers its copies (print version, PDF, dossier file) to everyone who may
read it, before and after submission; "Our dossiers" mentions pending requests to join a body."""

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.territories.page import Page
from tnl.dossiers.models import Dossier
from tnl.territories.models import Membership

READERS = ["elected", "technical", "contributor", "organiser"]
NO_ACCESS = ["other_member", "outsider", "juror"]


def client_for(user, language="en"):
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = language
    return client


def copies(response):
    """[(link text, address)] of the "Print or keep a copy" list."""
    [links] = Page(response).main.find_all("ul", id="copies")
    return [(next(li.find_all("a")).text, next(li.find_all("a")).attrs["href"]) for li in links.find_all("li")]


def expected_copies(dossier):
    return [
        ("Print version", reverse("dossiers:print", args=[dossier.pk])),
        ("Download as PDF", reverse("dossiers:pdf", args=[dossier.pk])),
        ("Download the dossier file (JSON)", reverse("dossiers:download", args=[dossier.pk])),
    ]


def submit_directly(dossier, person):
    Dossier.objects.filter(pk=dossier.pk).update(
        status="submitted",
        submitted_at=timezone.make_aware(datetime(2026, 11, 29, 15, 46), timezone.get_fixed_timezone(60)),
        submitted_by=person,
    )


@pytest.mark.parametrize("role", READERS)
def test_the_dossier_page_offers_its_copies_before_submission(role, request, dossier):
    response = client_for(request.getfixturevalue(role)).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert copies(response) == expected_copies(dossier)


@pytest.mark.parametrize("role", READERS)
def test_the_dossier_page_offers_its_copies_after_submission(role, request, dossier, elected):
    submit_directly(dossier, elected)
    response = client_for(request.getfixturevalue(role)).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert copies(response) == expected_copies(dossier)
    assert Page(response).texts("dd", id="dossier-status") == [f"Submitted — on 29 November 2026, 15:46 by {elected}"]


@pytest.mark.parametrize("role", NO_ACCESS + ["visitor"])
def test_people_without_access_get_no_copies(role, request, dossier):
    user = None if role == "visitor" else request.getfixturevalue(role)
    client = client_for(user)
    for name in ("detail", "print", "pdf", "download"):
        response = client.get(reverse(f"dossiers:{name}", args=[dossier.pk]))
        assert response.status_code in (302, 404), name
        if role != "visitor":
            assert response.status_code == 404, name


def test_the_copies_are_in_french_on_the_french_page(dossier, contributor):
    response = client_for(contributor, "fr").get(reverse("dossiers:detail", args=[dossier.pk]))
    assert [text for text, _url in copies(response)] == [
        "Version imprimable",
        "Télécharger en PDF",
        "Télécharger le fichier du dossier (JSON)",
    ]


# Our dossiers ------------------------------------------------------------------------------------


def test_our_dossiers_mentions_a_pending_request_to_join_a_body(outsider, nancy):
    Membership.objects.create(
        user=outsider,
        territory=nancy,
        role="contributor",
        status="pending",
        requested_at=timezone.make_aware(datetime(2026, 11, 29, 15, 46), timezone.get_fixed_timezone(60)),
    )
    page = Page(client_for(outsider).get(reverse("dossiers:mine")))
    assert page.texts("h2", id="pending-title") == ["Your request waiting for confirmation"]
    [item] = next(page.main.find_all("section", id="pending-requests")).find_all("li")
    assert item.text == (
        "You asked on 29 November 2026, 15:46 to act for Nancy (54) as contributor: its referents or the "
        "organiser must confirm it before you can see its dossier. See the body"
    )
    assert "You do not act for any public body yet." not in page.main.text


def test_our_dossiers_without_requests_or_bodies_says_how_to_start(outsider):
    page = Page(client_for(outsider).get(reverse("dossiers:mine")))
    assert not list(page.main.find_all("section", id="pending-requests"))
    assert "You do not act for any public body yet." in page.main.text
