"""The membership pages outside a body's members page, one test per (page or action, role): the
body's public page, "My bodies", joining and the organisers' list of requests. Roles: visitor,
outsider, member (confirmed contributor), referent (confirmed elected referent), other_member
(referent of another body) and organiser."""

import pytest
from django.core import mail

from tests.html import Page
from tnl.territories import membership_services as services
from tnl.territories import membership_views
from tnl.territories.enums import MembershipStatus
from tnl.territories.models import Invitation, Membership, Territory

from .membership import (
    CONTRIBUTOR,
    ELECTED,
    MEMBERS,
    MEMBERSHIP_ROLES,
    MY_BODIES,
    TECHNICAL,
    make_membership,
    make_user,
    today,
)
from .membership import NANCY_URL as NANCY

pytestmark = pytest.mark.usefixtures("english_site")

JOIN = "/territoires/commune/54395/rejoindre/"
REQUESTS = "/organisation/adhesions/"
LOGIN = "/accounts/login/"


# The body's public page --------------------------------------------------------------------------


def test_visitors_are_offered_to_log_in_to_act_for_a_body(client, nancy):
    page = Page(client.get(NANCY))

    assert page.links("Log in to act for this body") == [
        f"{LOGIN}?next=%2Fterritoires%2Fcommune%2F54395%2Frejoindre%2F"
    ]


def test_outsiders_get_the_button_to_act_for_a_body(outsider_client, nancy):
    page = Page(outsider_client.get(NANCY))

    assert page.links("I act for this body") == [JOIN]


def test_members_see_their_role_on_the_body_page(client, member, nancy):
    client.force_login(member)

    page = Page(client.get(NANCY))

    assert page.texts("p", class_="message-info") == ["You act for this body as contributor. See its members"]
    assert page.links("I act for this body") == []
    assert page.links("Members, requests and invitations") == [MEMBERS]


def test_people_with_a_request_see_that_it_waits(client, request_from):
    client.force_login(request_from.user)

    page = Page(client.get(NANCY))

    assert page.texts("p", class_="message-info") == [
        "Your request to act for this body as contributor is waiting for an answer. My bodies"
    ]
    assert page.links("I act for this body") == []


def test_no_button_for_an_inactive_body(outsider_client, nancy):
    Territory.objects.filter(pk=nancy.pk).update(is_active=False)

    assert Page(outsider_client.get(NANCY)).links("I act for this body") == []


# My bodies ---------------------------------------------------------------------------------------


def test_my_bodies_sends_visitors_to_log_in(client, db):
    response = client.get(MY_BODIES)

    assert (response.status_code, response.url) == (302, f"{LOGIN}?next=/mes-organismes/")


def test_my_bodies_of_an_outsider_says_what_to_do(outsider_client, registry):
    page = Page(outsider_client.get(MY_BODIES))

    assert page.texts("h1") == ["My bodies"]
    assert page.texts("h2") == ["Bodies you act for", "Join a body"]
    assert page.tables() == []
    assert page.texts("p")[1] == (
        "You do not act for any body yet. Search for yours below and ask to join it, "
        "or open the invitation a colleague sent you."
    )


def test_my_bodies_of_a_member(client, member, nancy, vandoeuvre, organiser):
    client.force_login(member)
    services.request_membership(member, vandoeuvre, ELECTED)

    page = Page(client.get(MY_BODIES))

    assert page.tables() == [
        ("1 body", [["Nancy (54)", "contributor", today(), "—"]]),
        (
            "You will receive an e-mail when a request is answered.",
            [["Vandœuvre-lès-Nancy (54)", "elected referent", today(), "Withdraw"]],
        ),
    ]
    assert page.links("Nancy (54)") == [MEMBERS]


def test_my_bodies_shows_referents_the_requests_to_review(client, referent, request_from):
    client.force_login(referent)

    page = Page(client.get(MY_BODIES))

    assert page.tables()[0] == ("1 body", [["Nancy (54)", "elected referent", today(), "1 request"]])
    assert page.links("1 request") == [f"{MEMBERS}#requests-title"]


def test_my_bodies_keeps_the_history(client, outsider, nancy, referent, vandoeuvre, other_member):
    declined = services.request_membership(outsider, nancy, ELECTED)
    services.decline_membership(referent, declined, "Not an elected official.")
    services.leave_body(outsider, services.request_membership(outsider, vandoeuvre, CONTRIBUTOR))
    client.force_login(outsider)

    page = Page(client.get(MY_BODIES))

    assert page.tables() == [
        (
            "Kept for the record; you can ask to join again.",
            [
                ["Nancy (54)", "elected referent", f"declined on {today()}: Not an elected official."],
                ["Vandœuvre-lès-Nancy (54)", "contributor", f"left on {today()}"],
            ],
        )
    ]


def test_my_bodies_lists_invitations_to_my_address(client, outsider, nancy, referent):
    invitation = services.invite_member(referent, nancy, "OUTSIDER@example.org", TECHNICAL)
    client.force_login(outsider)

    page = Page(client.get(MY_BODIES))

    assert page.texts("li") == ["Act for Nancy (54) as technical referent (invited by Élise Élue)"]
    assert page.links("Act for Nancy (54) as technical referent") == [f"/invitations/{invitation.token}/"]


def test_my_bodies_search_offers_to_join(client, member, nancy):
    client.force_login(member)

    page = Page(client.get(MY_BODIES, {"q": "nancy", "kind": "commune"}))

    [(caption, rows)] = page.tables()[1:]
    assert caption == "7 results for “nancy”"
    assert rows[0] == ["Nancy (54)", "Commune", "INSEE 54395, SIREN 215403957", "You act for it"]
    assert rows[1] == ["Vandœuvre-lès-Nancy (54)", "Commune", "INSEE 54547, SIREN 215405473", "Join"]
    assert page.links("Join")[0] == "/territoires/commune/54547/rejoindre/"
    assert page.field_value("q") == "nancy"


def test_my_bodies_search_without_result(outsider_client, registry):
    page = Page(outsider_client.get(MY_BODIES, {"q": "Atlantis"}))

    assert page.texts("p", role="status") == [
        "No territory matches “Atlantis”. Check the spelling, or try a postal code or an INSEE code."
    ]


@pytest.mark.parametrize("bodies", [1, 6])
def test_my_bodies_queries_do_not_grow(client, registry, organiser, django_assert_num_queries, bodies):
    person = make_user("busy@example.org")
    territories = Territory.objects.filter(kind="commune").order_by("code")[: bodies * 2]
    for number, territory in enumerate(territories):
        make_membership(
            person, territory, ELECTED, MembershipStatus.CONFIRMED if number % 2 else MembershipStatus.PENDING
        )
        make_membership(make_user(f"other{number}@example.org"), territory, CONTRIBUTOR, MembershipStatus.PENDING)
        Invitation.objects.create(territory=territory, email="busy@example.org", role=CONTRIBUTOR, token=f"t{number}")
    client.force_login(person)

    # session, user, memberships (with the count of requests), invitations, search
    with django_assert_num_queries(5):
        assert client.get(MY_BODIES, {"q": "nancy"}).status_code == 200


# Joining -----------------------------------------------------------------------------------------


def test_the_join_page_sends_visitors_to_log_in(client, nancy):
    response = client.get(JOIN)

    assert (response.status_code, response.url) == (302, f"{LOGIN}?next=/territoires/commune/54395/rejoindre/")


def test_an_outsider_sees_the_join_form(outsider_client, nancy, organiser):
    page = Page(outsider_client.get(JOIN))

    assert page.texts("h1") == ["Act for Nancy (54)"]
    assert page.texts("legend") == ["Your role for this body"]
    assert page.texts("label") == [
        "Elected referent – An elected official who answers for the application and signs it off.",
        "Technical referent – An agent who coordinates the answers and the evidence.",
        "Contributor – A colleague who helps fill in the answers.",
    ]
    assert "The organisers of the label will review your request." in page.main.text


def test_joining_a_body_with_referents(outsider_client, outsider, nancy, referent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = outsider_client.post(JOIN, {"role": CONTRIBUTOR})

    assert (response.status_code, response.url) == (302, MY_BODIES)
    assert Membership.objects.get(user=outsider).status == MembershipStatus.PENDING
    assert [m.to for m in mail.outbox] == [["outsider@example.org"], ["elue@nancy.fr"]]
    page = Page(outsider_client.get(response.url))
    assert page.texts("p", class_="message-success") == [
        "Your request to act for Nancy (54) was sent. You will receive an e-mail when it is answered."
    ]


def test_joining_without_a_role_shows_the_error_next_to_the_field(outsider_client, nancy):
    page = Page(outsider_client.post(JOIN, {}))

    assert page.title.startswith("Error: Act for Nancy (54)")
    assert page.errors() == (["Your role for this body: This field is required."], ["This field is required."])
    assert not Membership.objects.exists()


def test_members_are_told_they_already_act_for_the_body(client, member, nancy):
    client.force_login(member)

    page = Page(client.get(JOIN))

    assert page.texts("p")[0] == "You already act for this body as contributor."
    assert list(page.main.find_all("form")) == []
    client.post(JOIN, {"role": ELECTED})
    assert Membership.objects.get(user=member).role == CONTRIBUTOR


# The organisers' requests page -------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in MEMBERSHIP_ROLES if r != "organiser"])
def test_the_requests_page_is_for_organisers_only(role, nancy, user_for, login):
    assert login(user_for(role)).get(REQUESTS).status_code == 404


def test_the_requests_page_splits_who_decides(organiser_client, outsider, nancy, vandoeuvre, request_from):
    services.request_membership(outsider, vandoeuvre, TECHNICAL)

    page = Page(organiser_client.get(REQUESTS))

    assert page.texts("h2") == ["Waiting for an organiser", "Waiting for the body's referents"]
    assert page.tables() == [
        (
            "1 request",
            [
                [
                    "Vandœuvre-lès-Nancy (54)",
                    "Oscar Outsider",
                    "outsider@example.org",
                    "technical referent",
                    today(),
                    "Accept Decline",
                ]
            ],
        ),
        (
            "1 request",
            [["Nancy (54)", "Jean Demandeur", "jean@example.org", "contributor", today(), "Accept Decline"]],
        ),
    ]
    assert (
        page.links("Decline")[0]
        == f"/territoires/commune/54547/membres/{Membership.objects.get(user=outsider).pk}/refuser/?next=%2Forganisation%2Fadhesions%2F"
    )


def test_the_requests_page_when_nothing_waits(organiser_client, db):
    page = Page(organiser_client.get(REQUESTS))

    assert page.tables() == []
    assert page.texts("p")[-2:] == [
        "The body's referents received them; you can answer too if they do not.",
        "No request is waiting.",
    ]


@pytest.mark.parametrize("requests", [1, 8])
def test_the_requests_page_queries_do_not_grow(organiser_client, registry, django_assert_num_queries, requests):
    for number, territory in enumerate(Territory.objects.filter(kind="commune").order_by("code")[:requests]):
        make_membership(make_user(f"agent{number}@example.org"), territory, CONTRIBUTOR, MembershipStatus.PENDING)

    with django_assert_num_queries(3):
        assert organiser_client.get(REQUESTS).status_code == 200


def test_join_search_results_are_capped(outsider_client, registry, monkeypatch):
    monkeypatch.setattr(membership_views, "JOIN_SEARCH_RESULTS", 2)

    page = Page(outsider_client.get(MY_BODIES, {"q": "54"}))

    [(caption, rows)] = page.tables()
    assert (caption, len(rows)) == ("2 results for “54”", 2)
    assert page.texts("p", class_="muted") == [
        "Only the first 2 results are shown; add words or a code to narrow the search."
    ]
