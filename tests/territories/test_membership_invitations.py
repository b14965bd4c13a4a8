"""Invitations end to end: a member invites a colleague by e-mail, the colleague opens the link,
logs in with the invited address and acts for the body at once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.html import Page
from tnl.territories import membership_services as services
from tnl.territories.enums import MembershipRole, MembershipStatus
from tnl.territories.models import Invitation, Membership

from .membership import PASSWORD, SITE, make_user, verify_email

pytestmark = pytest.mark.usefixtures("english_site")

MEMBERS = "/territoires/commune/54395/membres/"
LINK = re.compile(re.escape(SITE) + r"(/invitations/[\w-]+/)")


def test_a_colleague_is_invited_logs_in_and_acts_for_the_body(
    client, referent, nancy, django_capture_on_commit_callbacks
):
    # The referent invites Paul from the members page.
    client.force_login(referent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MEMBERS, {"email": "paul@nancy.fr", "role": MembershipRole.TECHNICAL_REFERENT})
    [message] = mail.outbox
    assert (message.to, message.subject) == (["paul@nancy.fr"], "Invitation to act for Nancy (54)")
    assert "invites you to act for Nancy (54) as technical referent" in message.body
    [path] = LINK.findall(message.body)
    assert path == f"/invitations/{Invitation.objects.get().token}/"
    client.logout()

    # Paul opens the link logged out: he is asked to log in or sign up, and comes back.
    page = Page(client.get(path))
    assert page.texts("h1") == ["Invitation to act for Nancy (54)"]
    assert page.facts() == {
        "Body": "Nancy (54)",
        "Role": "technical referent",
        "Invited by": "Élise Élue",
        "Sent to": "paul@nancy.fr",
    }
    back = path.replace("/", "%2F")
    assert [(a.text, a.attrs["href"]) for a in page.main.find_all("a", class_="button")] == [
        ("Log in", f"/accounts/login/?next={back}"),
        ("Create an account", f"/accounts/signup/?next={back}"),
    ]
    paul = verify_email(make_user("paul@nancy.fr", "Paul Agent"))
    response = client.post(f"/accounts/login/?next={back}", {"login": "paul@nancy.fr", "password": PASSWORD})
    assert (response.status_code, response.url) == (302, path)

    # Logged in with the invited address, he accepts.
    page = Page(client.get(path))
    assert page.buttons() == ["Accept the invitation"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert (response.status_code, response.url) == (302, MEMBERS)
    membership = Membership.objects.get(user=paul)
    assert (membership.status, membership.role) == (MembershipStatus.CONFIRMED, MembershipRole.TECHNICAL_REFERENT)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["elue@nancy.fr"], "Your invitation to act for Nancy (54) was accepted")
    ]
    page = Page(client.get(MEMBERS))
    assert page.texts("p", class_="message-success") == ["Welcome: you now act for Nancy (54) as technical referent."]

    # The link is spent.
    page = Page(client.get(path))
    assert page.texts("p", class_="message-info") == ["This invitation was already used. My bodies"]
    assert page.buttons() == []


@pytest.fixture
def invitation(referent, nancy):
    return services.invite_member(referent, nancy, "paul@nancy.fr", MembershipRole.CONTRIBUTOR)


def test_the_address_is_compared_without_case(client, invitation):
    client.force_login(verify_email(make_user("PAUL@Nancy.fr")))

    assert Page(client.get(invitation.get_absolute_url())).buttons() == ["Accept the invitation"]
    client.post(invitation.get_absolute_url())
    assert Membership.objects.get(user__email="paul@nancy.fr").status == MembershipStatus.CONFIRMED


def test_another_address_gets_a_clear_message(outsider_client, invitation):
    page = Page(outsider_client.get(invitation.get_absolute_url()))

    message = (
        "This invitation was sent to paul@nancy.fr, but you are logged in as outsider@example.org. "
        "Log out and log in (or create an account) with paul@nancy.fr, or ask for an invitation to your own address."
    )
    assert page.texts("p", class_="message-warning") == [message]
    assert page.buttons() == []
    page = Page(outsider_client.post(invitation.get_absolute_url()))
    assert [li.text for li in next(page.main.find_all("div", id="error-summary")).find_all("li")] == [message]
    assert not Membership.objects.filter(user__email="outsider@example.org").exists()


def test_an_expired_invitation_says_what_to_do(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(days=31))
    client.force_login(make_user("paul@nancy.fr"))

    page = Page(client.get(invitation.get_absolute_url()))

    assert page.texts("p", class_="message-warning")[0].startswith("This invitation expired on ")
    assert page.texts("p", class_="message-warning")[0].endswith(". Ask the person who invited you to send a new one.")
    assert page.buttons() == []


def test_a_member_opening_an_invitation_is_told(client, invitation, nancy):
    paul = verify_email(make_user("paul@nancy.fr"))
    Membership.objects.create(user=paul, territory=nancy, role=MembershipRole.CONTRIBUTOR, status="confirmed")
    client.force_login(paul)

    page = Page(client.get(invitation.get_absolute_url()))

    assert page.texts("p", class_="message-info") == ["You already act for this body. See its members"]


def test_an_unknown_token_is_404(client, invitation):
    assert client.get("/invitations/not-a-token/").status_code == 404


def test_visitors_cannot_post_an_acceptance(client, invitation):
    assert client.post(invitation.get_absolute_url()).status_code == 404
    assert not Membership.objects.filter(user__email="paul@nancy.fr").exists()
