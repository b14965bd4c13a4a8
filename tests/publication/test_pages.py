"""Public pages: the home page, an edition, its criteria. One test per (page, role)."""

import re

import pytest
from django.urls import reverse

from tests.publication.conftest import ROLES


def text_of(response):
    """The page's visible text in <main>, whitespace collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_an_open_edition(role, open_edition, user_for, login):
    response = login(user_for(role)).get(reverse("publication:edition", args=[2027]))
    text = text_of(response)
    assert "Territoire Numérique Libre 2027" in text
    assert "Ouverte aux candidatures" in text
    assert "Les candidatures sont ouvertes jusqu’au" in text
    assert "Lire les critères 2027" in text
    if role == "visitor":
        assert "Créer un compte ou se connecter" in text
    else:
        assert "Vous avez un compte." in text
    assert ("Gérer cette édition" in text) == (role == "organiser")


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_criteria_of_an_open_edition(role, open_edition, user_for, login):
    text = text_of(login(user_for(role)).get(reverse("publication:criteria", args=[2027])))
    assert "Les critères de l’édition 2027" in text
    assert "STR — Stratégie" in text
    assert "STR-01 Une délibération en faveur du logiciel libre a-t-elle été adoptée ?" in text
    assert "Joignez la délibération." in text  # the help text
    assert (
        "Oui / non · jusqu’à 10 points · Justificatif obligatoire · aussi demandé dans le formulaire court « badge »"
        in text
    )
    assert "Personne — 0 pts" in text and "Un élu et un agent — 8 pts" in text
    assert "XS : à partir de 1 : 5 pts · à partir de 3 : 10 pts" in text
    assert "Autres strates : à partir de 5 : 5 pts · à partir de 20 : 10 pts" in text
    # The rule `when: {population_lt: 3500}, scale: {DON-01: 0.5}` in words.
    assert "Quand l’organisme compte moins de 3 500 habitants : DON-01 compte pour 50 %" in text
    assert "Niveau 1 — Découverte" in text
    assert "points sur STR-01 (ou la question ne s’applique pas)" in text
    assert "Première candidature" in text
    assert "XS — jusqu’à 3 499 habitants" in text


def test_the_criteria_read_in_english(open_edition, client):
    client.cookies["django_language"] = "en"
    text = text_of(client.get(reverse("publication:criteria", args=[2027]), HTTP_ACCEPT_LANGUAGE="en"))
    assert "The criteria of the 2027 edition" in text
    assert "STR-01 Has a resolution in favour of free software been adopted?" in text
    assert "Yes / no · up to 10 points · Evidence required · also asked in the short badge form" in text
    assert "When the body has fewer than 3,500 inhabitants: DON-01 counts for 50 %" in text


@pytest.mark.parametrize("role", ["visitor", "outsider", "member"])
def test_a_draft_edition_is_404_for_everyone_but_organisers(role, draft_edition, user_for, login):
    client = login(user_for(role))
    assert client.get(reverse("publication:edition", args=[2028])).status_code == 404
    assert client.get(reverse("publication:criteria", args=[2028])).status_code == 404


def test_organisers_preview_a_draft_edition(draft_edition, organiser, login):
    client = login(organiser)
    assert "Cette édition est en préparation" in text_of(client.get(reverse("publication:edition", args=[2028])))
    assert "Les critères de l’édition 2028" in text_of(client.get(reverse("publication:criteria", args=[2028])))


def test_an_unknown_edition_is_404(open_edition, client):
    assert client.get(reverse("publication:edition", args=[1999])).status_code == 404


def test_the_criteria_page_reads_the_edition_and_its_referential_in_one_query(
    open_edition, client, django_assert_num_queries
):
    url = reverse("publication:criteria", args=[2027])
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200


def test_the_criteria_page_costs_the_same_for_a_logged_in_person(
    open_edition, member, login, django_assert_num_queries
):
    client = login(member)
    url = reverse("publication:criteria", args=[2027])
    # The session, the person, then the edition with its referential.
    with django_assert_num_queries(3):
        client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_names_the_current_edition_s_axes_and_links_its_pages(role, open_edition, user_for, login):
    response = login(user_for(role)).get(reverse("home"))
    text = text_of(response)
    assert "L’édition 2027" in text
    assert "2 axes Stratégie Données ouvertes" in text
    html = response.content.decode()
    assert f'href="{reverse("publication:edition", args=[2027])}"' in html
    assert f'href="{reverse("publication:criteria", args=[2027])}"' in html


def test_the_home_page_skips_a_draft_edition(draft_edition, client):
    text = text_of(client.get(reverse("home")))
    assert "Les dates de la prochaine édition ne sont pas encore annoncées." in text
    assert "2028" not in text


def test_a_person_without_a_body_is_told_to_find_and_join_one(outsider, login):
    response = login(outsider).get(reverse("home"))
    text = text_of(response)
    assert "Votre prochaine étape" in text
    assert "Trouver et rejoindre votre organisme" in text
    assert f'href="{reverse("territories:search")}"' in response.content.decode()


def test_a_person_with_a_pending_request_sees_it_on_the_home_page(outsider, body, login):
    from tnl.territories.enums import MembershipRole
    from tnl.territories.models import Membership

    Membership.objects.create(user=outsider, territory=body, role=MembershipRole.CONTRIBUTOR)
    response = login(outsider).get(reverse("home"))
    text = text_of(response)
    assert "Votre demande pour agir au nom d’un organisme attend" in text
    assert "Nancy (54) — contributeur" in text
    assert f'href="{body.get_absolute_url()}"' in response.content.decode()
    assert "Trouver et rejoindre votre organisme" not in text


@pytest.mark.parametrize("role", ["visitor", "member", "organiser"])
def test_no_next_step_for_visitors_and_confirmed_members(role, user_for, login, db):
    assert "Votre prochaine étape" not in text_of(login(user_for(role)).get(reverse("home")))


def test_favicon_ico_leads_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("tnl/favicon.svg")
    assert '<link rel="icon" href="/static/tnl/favicon.svg" type="image/svg+xml">' in client.get("/").content.decode()


def test_a_closed_edition_says_so_and_no_longer_explains_how_to_apply(open_edition, organiser, client):
    from tnl.editions import services

    services.close_now(organiser, open_edition)
    text = text_of(client.get(reverse("publication:edition", args=[2027])))
    assert "Candidatures closes" in text
    assert "Les candidatures sont closes ; l’examen par le jury commence bientôt." in text
    assert "Comment candidater" not in text
