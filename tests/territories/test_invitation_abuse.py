"""Invitations cannot be abused: accepting needs a verified address whatever the verification
setting, a contributor cannot take over a referent's invitation, one person sends at most
INVITATIONS_PER_DAY per body a day, and no free text reaches an e-mail subject."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tnl.territories import membership_services as services
from tnl.territories.models import Invitation, Membership

from .conftest import CONTRIBUTOR, ELECTED, TECHNICAL, make_user, sent, verify_email
from .page import Page

pytestmark = pytest.mark.usefixtures("english_site")


# A verified address, whatever ACCOUNT_EMAIL_VERIFICATION says ---------------------------------------


@pytest.mark.parametrize("verification", ["optional", "none"])
def test_an_unverified_address_cannot_accept(settings, client, referent, nancy, verification):
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", ELECTED)
    paul = make_user("paul@nancy.fr", "Paul Agent")  # signed up with the address, never confirmed it

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(paul, invitation)
    assert error.value.messages == [
        "Confirm your e-mail address paul@nancy.fr first (with the link we sent you, or from your account page), "
        "then accept the invitation."
    ]

    client.force_login(paul)
    page = Page(client.get(invitation.get_absolute_url()))
    assert page.texts("p", class_="message-warning") == [
        "Confirm your e-mail address paul@nancy.fr before you accept: follow the link we sent you by e-mail. "
        "Send the link again"
    ]
    assert [button.text for button in page.main.find_all("button")] == []
    client.post(invitation.get_absolute_url())
    assert not Membership.objects.filter(user=paul).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize("verification", ["optional", "none"])
def test_once_verified_the_address_accepts(settings, referent, nancy, verification):
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", ELECTED)
    paul = verify_email(make_user("paul@nancy.fr", "Paul Agent"))

    assert services.accept_invitation(paul, invitation).role == ELECTED


# Who may replace an open invitation -----------------------------------------------------------------


def test_a_contributor_cannot_replace_a_referent_s_invitation(member, referent, nancy):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)
    mail.outbox.clear()

    with pytest.raises(ValidationError) as error:
        services.invite_member(member, nancy, "Paul@Nancy.fr", CONTRIBUTOR)

    assert error.value.message_dict == {
        "email": [
            "paul@nancy.fr already has an invitation to act for Nancy (54) as technical referent. "
            "Only a referent or an organiser can change it."
        ]
    }
    fresh = Invitation.objects.get()
    assert (fresh.token, fresh.role, fresh.invited_by) == (invitation.token, TECHNICAL, referent)
    assert sent() == []


def test_a_contributor_sends_a_new_link_for_a_contributor_s_invitation(member, referent, nancy):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)

    renewed = services.invite_member(member, nancy, "paul@nancy.fr", CONTRIBUTOR)

    assert (renewed.pk, renewed.role, renewed.invited_by) == (invitation.pk, CONTRIBUTOR, member)
    assert renewed.token != invitation.token


def test_a_referent_may_change_a_referent_s_invitation(referent, technical, nancy):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)

    renewed = services.invite_member(technical, nancy, "paul@nancy.fr", CONTRIBUTOR)

    assert (renewed.pk, renewed.role) == (invitation.pk, CONTRIBUTOR)


def test_the_members_page_shows_the_refusal_on_the_form(client, member, referent, nancy):
    services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)
    client.force_login(member)

    page = Page(client.post("/territoires/commune/54395/membres/", {"email": "paul@nancy.fr", "role": CONTRIBUTOR}))

    assert [li.text for li in next(page.main.find_all("div", id="error-summary")).find_all("li")] == [
        "E-mail address of your colleague: paul@nancy.fr already has an invitation to act for Nancy (54) as technical referent. "
        "Only a referent or an organiser can change it."
    ]
    assert Invitation.objects.get().role == TECHNICAL


# At most INVITATIONS_PER_DAY per person and body ---------------------------------------------------


def test_one_person_sends_at_most_the_daily_number_of_invitations_for_a_body(
    referent, technical, nancy, vandoeuvre, organiser
):
    for number in range(services.INVITATIONS_PER_DAY):
        services.invite_member(referent, nancy, f"agent{number}@nancy.fr", CONTRIBUTOR)

    with pytest.raises(ValidationError) as error:
        services.invite_member(referent, nancy, "one-more@nancy.fr", CONTRIBUTOR)
    assert error.value.message_dict == {
        "email": [
            "You have sent 20 invitations for Nancy (54) in the last 24 hours, the most allowed. "
            "Try again tomorrow, or ask an organiser."
        ]
    }
    assert not Invitation.objects.filter(email="one-more@nancy.fr").exists()
    # New links count too: the same address cannot be flooded either.
    with pytest.raises(ValidationError):
        services.invite_member(referent, nancy, "agent0@nancy.fr", CONTRIBUTOR)
    # Others, and other bodies, are not held back.
    assert services.invite_member(technical, nancy, "one-more@nancy.fr", CONTRIBUTOR).invited_by == technical
    assert services.invite_member(organiser, vandoeuvre, "agent@vandoeuvre.fr", CONTRIBUTOR).territory == vandoeuvre


def test_invitations_older_than_a_day_no_longer_count(referent, nancy, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    # Sent yesterday (the audit log, which counts them, is append-only: no changing their date).
    yesterday = timezone.now() - timedelta(hours=25)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: yesterday)
        for number in range(services.INVITATIONS_PER_DAY):
            services.invite_member(referent, nancy, f"agent{number}@nancy.fr", CONTRIBUTOR)

    assert services.invite_member(referent, nancy, "one-more@nancy.fr", CONTRIBUTOR).email == "one-more@nancy.fr"


# No free text in subjects ---------------------------------------------------------------------------


def test_the_sender_s_name_stays_out_of_the_subjects(nancy, django_capture_on_commit_callbacks):
    from tnl.territories.enums import MembershipRole

    from .conftest import make_membership

    spammer = make_user("elue@nancy.fr", "WIN 1000 EUR http://spam.example")
    make_membership(spammer, nancy, MembershipRole.ELECTED_REFERENT)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(spammer, nancy, "paul@nancy.fr", CONTRIBUTOR)
    paul = verify_email(make_user("paul@nancy.fr", "FREE PRIZES http://spam.example"))
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_invitation(paul, invitation)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_membership(make_user("jean@example.org", "CHEAP PILLS"), nancy, CONTRIBUTOR)

    assert [subject for _, subject in sent()] == [
        "Invitation to act for Nancy (54)",
        "Your invitation to act for Nancy (54) was accepted",
        "Your request to act for Nancy (54)",
        "A request to act for Nancy (54)",
    ]
