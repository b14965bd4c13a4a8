"""A body's members page and the actions on it, one test per (page or action, role): visitor,
outsider, member (confirmed contributor), referent (confirmed elected referent), other_member
(referent of another body) and organiser. Everyone but the body's confirmed members and the
organisers gets a 404; the last-referent guard is checked on every path."""

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from tests.html import Page
from tnl.core.models import AuditEntry
from tnl.territories import membership_services as services
from tnl.territories.enums import MembershipStatus
from tnl.territories.models import Invitation, Membership

from .membership import (
    CONTRIBUTOR,
    ELECTED,
    MEMBERS,
    MY_BODIES,
    TECHNICAL,
    make_membership,
    make_user,
    member_url,
    today,
)

pytestmark = pytest.mark.usefixtures("english_site")

REQUESTS = "/organisation/adhesions/"


# The members page --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "outsider", "other_member"])
def test_member_pages_are_404_for_outsiders(role, nancy, referent, member, request_from, user_for, login):
    client = login(user_for(role))
    membership = Membership.objects.get(user=member)
    for url in [
        MEMBERS,
        member_url(membership, "role"),
        member_url(request_from, "refuser"),
        member_url(membership, "quitter"),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(member_url(request_from, "confirmer")).status_code == 404
    assert client.post(MEMBERS, {"email": "paul@nancy.fr", "role": CONTRIBUTOR}).status_code == 404
    assert not Invitation.objects.exists()


def test_pending_members_get_404_on_the_members_page(client, request_from):
    client.force_login(request_from.user)

    assert client.get(MEMBERS).status_code == 404


def test_the_members_page_of_a_contributor(client, member, referent, request_from):
    client.force_login(member)

    page = Page(client.get(MEMBERS))

    assert page.texts("h1") == ["Members of Nancy (54)"]
    assert page.tables() == [
        (
            "2 confirmed members",
            [
                ["Camille Contributrice (you)", "agent@nancy.fr", "contributor", today(), "Leave this body"],
                ["Élise Élue", "elue@nancy.fr", "elected referent", today(), ""],
            ],
        ),
        ("A referent of the body will answer them.", [["Jean Demandeur", "jean@example.org", "contributor", today()]]),
    ]
    assert page.texts("div", class_="message-warning") == [
        "To submit its application, the body needs one elected referent and one technical referent. "
        "Missing now: technical referent. "
        "A referent or an organiser can give the role to a member, or invite a colleague below."
    ]
    assert page.buttons() == ["Send the invitation"]
    assert page.texts("label")[1:] == ["Contributor – A colleague who helps fill in the answers."]
    assert page.texts("span", class_="help")[-1] == "As a contributor, you can invite contributors."


@pytest.mark.parametrize("role", ["referent", "organiser"])
def test_the_members_page_of_those_who_manage_members(
    role, nancy, referent, member, technical, request_from, user_for, login
):
    client = login(user_for(role))

    page = Page(client.get(MEMBERS))

    assert [row[0] for row in page.tables()[0][1]] == [
        "Camille Contributrice",
        "Élise Élue" + (" (you)" if role == "referent" else ""),
        "Théo Technicien",
    ]
    assert page.tables()[0][1][0][4] == "Change the role"
    assert page.tables()[1] == (
        "Check that each person works for the body before you accept.",
        [["Jean Demandeur", "jean@example.org", "contributor", today(), "Accept Decline"]],
    )
    assert page.texts("div", class_="message-warning") == []
    assert page.buttons() == ["Accept", "Send the invitation"]
    assert len(page.texts("label")) == 4  # e-mail and the three roles


def test_the_members_page_lists_invitations_and_former_members(client, referent, member, nancy):
    services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)
    services.leave_body(member, Membership.objects.get(user=member))
    client.force_login(referent)

    page = Page(client.get(MEMBERS))

    expires = date_format(timezone.localtime() + timezone.timedelta(days=30), "j F Y")
    assert page.tables()[1:] == [
        (
            "Inviting the same address again sends a new link.",
            [["paul@nancy.fr", "technical referent", "Élise Élue", f"valid until {expires}"]],
        ),
        ("Kept for the record.", [["Camille Contributrice", "contributor", f"left on {today()}"]]),
    ]


def test_the_members_page_of_a_body_nobody_acts_for(organiser_client, nancy):
    page = Page(organiser_client.get(MEMBERS))

    assert page.tables() == []
    assert "Nobody acts for this body on the platform yet." in page.texts("p")
    assert "No request is waiting." in page.texts("p")
    assert "No invitation is waiting for an answer." in page.texts("p")


@pytest.mark.parametrize("members", [2, 12])
def test_the_members_page_queries_do_not_grow(client, nancy, referent, django_assert_num_queries, members):
    for number in range(members):
        user = make_user(f"agent{number}@nancy.fr", f"Agent {number}")
        make_membership(
            user, nancy, CONTRIBUTOR, MembershipStatus.CONFIRMED if number % 2 else MembershipStatus.PENDING
        )
        Invitation.objects.create(
            territory=nancy, email=f"guest{number}@nancy.fr", role=CONTRIBUTOR, token=f"t{number}", invited_by=referent
        )
    client.force_login(referent)

    # session, user, body, the referent's role (read once, then kept for view_members, invitable_roles
    # and manage_members in {% can %}), memberships, invitations
    with django_assert_num_queries(6):
        assert client.get(MEMBERS).status_code == 200


# Inviting from the members page ------------------------------------------------------------------


def test_a_referent_invites_from_the_members_page(client, referent, nancy, django_capture_on_commit_callbacks):
    client.force_login(referent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MEMBERS, {"email": "Paul@Nancy.fr", "role": TECHNICAL})

    assert (response.status_code, response.url) == (302, MEMBERS)
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("paul@nancy.fr", TECHNICAL)
    assert [(m.to, m.subject) for m in mail.outbox] == [(["paul@nancy.fr"], "Invitation to act for Nancy (54)")]


def test_a_mistyped_address_keeps_what_was_typed(client, referent, nancy):
    client.force_login(referent)

    page = Page(client.post(MEMBERS, {"email": "paul@", "role": TECHNICAL}))

    assert page.errors() == (
        ["E-mail address of your colleague: Enter a valid email address."],
        ["Enter a valid email address."],
    )
    assert page.field_value("email") == "paul@"
    assert page.checked("role") == [TECHNICAL]
    assert not Invitation.objects.exists()


def test_inviting_a_member_shows_the_error_next_to_the_address(client, referent, member, nancy):
    client.force_login(referent)

    page = Page(client.post(MEMBERS, {"email": "agent@nancy.fr", "role": TECHNICAL}))

    assert page.errors() == (
        ["E-mail address of your colleague: agent@nancy.fr already acts for Nancy (54)."],
        ["agent@nancy.fr already acts for Nancy (54)."],
    )
    assert page.field_value("email") == "agent@nancy.fr"


def test_a_contributor_cannot_invite_a_referent(client, member, nancy):
    client.force_login(member)

    page = Page(client.post(MEMBERS, {"email": "paul@nancy.fr", "role": ELECTED}))

    assert page.errors()[1] == ["Select a valid choice. elected_referent is not one of the available choices."]
    assert not Invitation.objects.exists()


# Accepting and declining requests ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["referent", "organiser"])
def test_accepting_a_request(role, request_from, user_for, login):
    client = login(user_for(role))

    response = client.post(member_url(request_from, "confirmer"))

    assert (response.status_code, response.url) == (302, MEMBERS)
    assert Membership.objects.get(pk=request_from.pk).status == MembershipStatus.CONFIRMED
    assert Page(client.get(MEMBERS)).texts("p", class_="message-success") == [
        "Jean Demandeur now acts for Nancy (54) as contributor."
    ]


def test_a_contributor_cannot_accept(client, member, request_from):
    client.force_login(member)

    assert client.post(member_url(request_from, "confirmer")).status_code == 404
    assert client.get(member_url(request_from, "refuser")).status_code == 404
    assert Membership.objects.get(pk=request_from.pk).status == MembershipStatus.PENDING


def test_accepting_needs_a_post(client, referent, request_from):
    client.force_login(referent)

    assert client.get(member_url(request_from, "confirmer")).status_code == 405


def test_accepting_twice_says_so(client, referent, request_from):
    client.force_login(referent)
    client.post(member_url(request_from, "confirmer"))

    response = client.post(member_url(request_from, "confirmer"), follow=True)

    assert Page(response).texts("p", class_="message-error") == ["This request was already answered."]


def test_an_organiser_accepts_from_the_requests_page_and_comes_back(organiser_client, request_from):
    response = organiser_client.post(member_url(request_from, "confirmer"), {"next": REQUESTS})

    assert response.url == REQUESTS


def test_the_next_page_must_be_on_this_site(organiser_client, request_from):
    response = organiser_client.post(member_url(request_from, "confirmer"), {"next": "https://evil.example/"})

    assert response.url == MEMBERS


@pytest.mark.parametrize("role", ["referent", "organiser"])
def test_declining_a_request_with_a_reason(role, request_from, user_for, login, django_capture_on_commit_callbacks):
    client = login(user_for(role))
    page = Page(client.get(member_url(request_from, "refuser")))
    assert page.texts("h1") == ["Decline the request of Jean Demandeur"]
    assert page.facts()["Role asked for"] == "contributor"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(member_url(request_from, "refuser"), {"reason": "Unknown at the town hall."})

    assert (response.status_code, response.url) == (302, MEMBERS)
    request_from.refresh_from_db()
    assert (request_from.status, request_from.decline_reason) == (
        MembershipStatus.DECLINED,
        "Unknown at the town hall.",
    )
    assert [m.to for m in mail.outbox] == [["jean@example.org"]]


def test_a_too_long_reason_is_kept_with_its_error(client, referent, request_from):
    client.force_login(referent)
    reason = "x" * 1001

    page = Page(client.post(member_url(request_from, "refuser"), {"reason": reason}))

    assert page.errors()[1] == ["Ensure this value has at most 1000 characters (it has 1001)."]
    assert page.field_value("reason") == reason
    assert Membership.objects.get(pk=request_from.pk).status == MembershipStatus.PENDING


def test_declining_an_answered_request_goes_back(client, referent, request_from):
    client.force_login(referent)
    client.post(member_url(request_from, "confirmer"))

    response = client.get(member_url(request_from, "refuser"))

    assert (response.status_code, response.url) == (302, MEMBERS)


# Changing a role ---------------------------------------------------------------------------------


def test_a_contributor_cannot_change_roles(client, member, referent):
    client.force_login(member)

    assert client.get(member_url(Membership.objects.get(user=referent), "role")).status_code == 404


@pytest.mark.parametrize("role", ["referent", "organiser"])
def test_changing_a_role(role, member, referent, user_for, login):
    client = login(user_for(role))
    membership = Membership.objects.get(user=member)
    page = Page(client.get(member_url(membership, "role")))
    assert page.texts("h1") == ["Role of Camille Contributrice"]
    assert page.checked("role") == [CONTRIBUTOR]

    response = client.post(member_url(membership, "role"), {"role": TECHNICAL})

    assert (response.status_code, response.url) == (302, MEMBERS)
    assert Membership.objects.get(user=member).role == TECHNICAL


def test_the_last_referent_guard_on_the_role_page(organiser_client, referent, member):
    membership = Membership.objects.get(user=referent)

    page = Page(organiser_client.post(member_url(membership, "role"), {"role": CONTRIBUTOR}))

    message = (
        "Élise Élue is the last elected referent of Nancy (54), and a body needs one to submit its application. "
        "First give this role to another member: Camille Contributrice."
    )
    assert page.errors() == ([f"New role: {message}"], [message])
    assert page.checked("role") == [CONTRIBUTOR]
    assert Membership.objects.get(user=referent).role == ELECTED


def test_the_role_page_is_for_confirmed_members(client, referent, request_from):
    client.force_login(referent)

    assert client.get(member_url(request_from, "role")).status_code == 404


# Leaving -----------------------------------------------------------------------------------------


def test_a_contributor_leaves(client, member, referent, nancy):
    client.force_login(member)
    membership = Membership.objects.get(user=member)
    page = Page(client.get(member_url(membership, "quitter")))
    assert page.texts("h1") == ["Leave Nancy (54)"]
    assert page.buttons() == ["Leave this body"]

    response = client.post(member_url(membership, "quitter"))

    assert (response.status_code, response.url) == (302, MY_BODIES)
    assert Membership.objects.get(user=member).status == MembershipStatus.LEFT
    assert Page(client.get(MY_BODIES)).texts("p", class_="message-success") == ["You no longer act for Nancy (54)."]
    assert client.get(MEMBERS).status_code == 404


def test_the_last_referent_is_told_before_trying_to_leave(client, referent, member):
    client.force_login(referent)

    page = Page(client.get(member_url(Membership.objects.get(user=referent), "quitter")))

    assert page.texts("p", class_="message-warning") == [
        "You are the last elected referent of Nancy (54), and a body needs one to submit its application. "
        "Before you leave, the role must go to another member: Camille Contributrice. "
        "A referent or an organiser can give it on the members page."
    ]
    assert page.buttons() == []


def test_the_last_referent_guard_when_leaving(client, referent, member):
    client.force_login(referent)

    page = Page(client.post(member_url(Membership.objects.get(user=referent), "quitter")))

    assert page.errors()[0] == [
        "You are the last elected referent of Nancy (54), and a body needs one to submit its application. "
        "Before you leave, the role must go to another member: Camille Contributrice. "
        "A referent or an organiser can give it on the members page."
    ]
    assert Membership.objects.get(user=referent).status == MembershipStatus.CONFIRMED


def test_the_last_member_is_warned_then_leaves(client, referent, organiser, django_capture_on_commit_callbacks):
    client.force_login(referent)
    url = member_url(Membership.objects.get(user=referent), "quitter")
    page = Page(client.get(url))
    assert page.texts("p", class_="message-warning") == [
        "You are the last person acting for this body: after you leave, nobody will be able to answer its "
        "application. The organisers will be told."
    ]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["organiser@example.org"], "Nancy (54) has no member any more")
    ]


def test_withdrawing_a_request_from_my_bodies(client, request_from):
    client.force_login(request_from.user)
    page = Page(client.get(MY_BODIES))
    assert page.links("Withdraw") == [member_url(request_from, "quitter")]
    assert Page(client.get(member_url(request_from, "quitter"))).texts("h1") == ["Withdraw your request"]

    client.post(member_url(request_from, "quitter"))

    assert Membership.objects.get(pk=request_from.pk).status == MembershipStatus.LEFT
    assert AuditEntry.objects.filter(action="membership.withdrawn").count() == 1


@pytest.mark.parametrize("role", ["referent", "organiser"])
def test_nobody_makes_someone_else_leave(role, member, referent, user_for, login):
    client = login(user_for(role))
    url = member_url(Membership.objects.get(user=member), "quitter")

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
