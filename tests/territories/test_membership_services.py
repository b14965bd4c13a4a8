"""The membership services, read as a permission table: who may ask, confirm, decline, invite,
change a role or leave, and what each change writes (row, audit entry, e-mails)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tnl.core.models import AuditEntry
from tnl.territories import membership_services as services
from tnl.territories.enums import MembershipStatus
from tnl.territories.models import Invitation, Membership, Territory
from tnl.territories.rules import confirmed_membership, invitable_roles, is_referent

from .membership import (
    CONTRIBUTOR,
    ELECTED,
    SITE,
    TECHNICAL,
    actions,
    make_membership,
    make_user,
    sent,
    status_of,
    verify_email,
)

pytestmark = pytest.mark.usefixtures("english_site")

NANCY_MEMBERS = f"{SITE}/territoires/commune/54395/membres/"
REQUESTS = f"{SITE}/organisation/adhesions/"


def set_domains(territory, domains):
    Territory.objects.filter(pk=territory.pk).update(email_domains=domains)
    territory.refresh_from_db()


# Asking to join ----------------------------------------------------------------------------------


def test_a_request_to_a_body_with_referents_waits_for_them(
    outsider, nancy, referent, technical, member, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.request_membership(outsider, nancy, CONTRIBUTOR)

    assert (membership.status, membership.role) == (MembershipStatus.PENDING, CONTRIBUTOR)
    assert sent() == [
        (["outsider@example.org"], "Your request to act for Nancy (54)"),
        (["elue@nancy.fr"], "A request to act for Nancy (54)"),
        (["tech@nancy.fr"], "A request to act for Nancy (54)"),
    ]
    assert "The referents of the body will review it." in mail.outbox[0].body
    assert f"Accept or decline the request: {NANCY_MEMBERS}\n" in mail.outbox[1].body
    assert actions(membership) == ["membership.requested"]


def test_a_request_to_a_body_without_members_waits_for_the_organisers(
    outsider, nancy, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.request_membership(outsider, nancy, ELECTED)

    assert membership.status == MembershipStatus.PENDING
    assert sent() == [
        (["outsider@example.org"], "Your request to act for Nancy (54)"),
        (["organiser@example.org"], "A request to act for Nancy (54)"),
    ]
    assert "The organisers of the label will review it." in mail.outbox[0].body
    assert f"Accept or decline the request: {REQUESTS}\n" in mail.outbox[1].body


def test_a_request_to_a_body_with_contributors_only_waits_for_the_organisers(
    outsider, nancy, member, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_membership(outsider, nancy, ELECTED)

    assert [to for to, _ in sent()] == [["outsider@example.org"], ["organiser@example.org"]]


def test_a_verified_address_at_a_domain_of_the_body_is_confirmed_at_once(
    nancy, organiser, django_capture_on_commit_callbacks
):
    set_domains(nancy, ["nancy.fr"])
    person = verify_email(make_user("jean@nancy.fr", "Jean Agent"))

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.request_membership(person, nancy, TECHNICAL)

    assert (membership.status, membership.role) == (MembershipStatus.CONFIRMED, TECHNICAL)
    assert membership.confirmed_at is not None
    assert sent() == [(["jean@nancy.fr"], "You now act for Nancy (54)")]
    assert "your e-mail address belongs to the body" in mail.outbox[0].body
    assert actions(membership) == ["membership.requested", "membership.confirmed"]
    assert AuditEntry.objects.get(action="membership.confirmed").data == {
        "by": "email_domain",
        "domain": "nancy.fr",
    }


def test_the_domain_match_ignores_case(nancy):
    set_domains(nancy, ["Nancy.FR"])
    person = verify_email(make_user("Jean@nancy.fr"))

    assert services.request_membership(person, nancy, TECHNICAL).status == MembershipStatus.CONFIRMED


@pytest.mark.parametrize(
    ("address", "domains", "status"),
    [
        ("jean@nancy.fr", ["nancy.fr"], MembershipStatus.CONFIRMED),
        ("jean@gmail.com", ["nancy.fr"], MembershipStatus.PENDING),
        ("jean@mairie.nancy.fr", ["nancy.fr"], MembershipStatus.PENDING),  # a subdomain is another domain
        ("jean@mairie.nancy.fr", ["nancy.fr", "mairie.nancy.fr"], MembershipStatus.CONFIRMED),
        ("jean@nancy.fr.evil.example", ["nancy.fr"], MembershipStatus.PENDING),
        ("jean@nancy.fr", [], MembershipStatus.PENDING),
    ],
)
def test_only_an_exact_domain_confirms(nancy, address, domains, status):
    set_domains(nancy, domains)
    person = verify_email(make_user(address))

    assert services.request_membership(person, nancy, CONTRIBUTOR).status == status


def test_an_unverified_address_at_the_domain_waits_for_the_organisers(nancy, organiser):
    set_domains(nancy, ["nancy.fr"])
    person = make_user("jean@nancy.fr")  # no verified EmailAddress

    assert services.request_membership(person, nancy, ELECTED).status == MembershipStatus.PENDING


def test_the_domain_does_not_confirm_once_the_body_has_members(nancy, referent, django_capture_on_commit_callbacks):
    set_domains(nancy, ["nancy.fr"])
    person = verify_email(make_user("jean@nancy.fr"))

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.request_membership(person, nancy, CONTRIBUTOR)

    assert membership.status == MembershipStatus.PENDING
    assert [to for to, _ in sent()] == [["jean@nancy.fr"], ["elue@nancy.fr"]]


def test_asking_twice_is_refused(outsider, nancy):
    services.request_membership(outsider, nancy, CONTRIBUTOR)

    with pytest.raises(ValidationError) as error:
        services.request_membership(outsider, nancy, ELECTED)

    assert error.value.messages == ["Your request to act for Nancy (54) is already waiting for an answer."]


def test_a_member_cannot_ask_again(member, nancy):
    with pytest.raises(ValidationError) as error:
        services.request_membership(member, nancy, ELECTED)

    assert error.value.messages == ["You already act for Nancy (54)."]


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_visitors_cannot_ask(nancy, user):
    with pytest.raises(Http404):
        services.request_membership(user, nancy, CONTRIBUTOR)


def test_nobody_joins_an_inactive_body(outsider, nancy):
    Territory.objects.filter(pk=nancy.pk).update(is_active=False)
    nancy.refresh_from_db()

    with pytest.raises(Http404):
        services.request_membership(outsider, nancy, CONTRIBUTOR)


def test_a_declined_person_may_ask_again_on_the_same_row(outsider, nancy, organiser):
    first = services.request_membership(outsider, nancy, ELECTED)
    services.decline_membership(organiser, first, "Not an elected official.")

    again = services.request_membership(outsider, nancy, CONTRIBUTOR)

    assert again.pk == first.pk
    assert (again.status, again.role, again.decline_reason, again.declined_at) == (
        MembershipStatus.PENDING,
        CONTRIBUTOR,
        "",
        None,
    )


# Confirming and declining ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["referent", "technical", "organiser"])
def test_referents_and_organisers_confirm_a_request(
    role, outsider, nancy, referent, technical, organiser, request, django_capture_on_commit_callbacks
):
    membership = services.request_membership(outsider, nancy, CONTRIBUTOR)
    actor = request.getfixturevalue(role)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_membership(actor, membership)

    assert status_of(membership) == (MembershipStatus.CONFIRMED, CONTRIBUTOR)
    assert sent() == [(["outsider@example.org"], "You now act for Nancy (54)")]
    assert f"The members of the body: {NANCY_MEMBERS}\n" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="membership.confirmed")
    assert (entry.actor, entry.data) == (actor, {"by": "organiser" if role == "organiser" else "referent"})


@pytest.mark.parametrize("role", ["visitor", "outsider", "member", "other_member"])
def test_others_cannot_confirm_or_decline(role, nancy, referent, member, user_for):
    person = make_user("jean@example.org")
    membership = services.request_membership(person, nancy, CONTRIBUTOR)

    with pytest.raises(Http404):
        services.confirm_membership(user_for(role), membership)
    with pytest.raises(Http404):
        services.decline_membership(user_for(role), membership, "")
    assert status_of(membership) == (MembershipStatus.PENDING, CONTRIBUTOR)


def test_a_request_is_answered_once(outsider, nancy, organiser):
    membership = services.request_membership(outsider, nancy, CONTRIBUTOR)
    services.confirm_membership(organiser, membership)

    with pytest.raises(ValidationError) as error:
        services.decline_membership(organiser, membership, "")

    assert error.value.messages == ["This request was already answered."]


def test_declining_tells_the_person_why(outsider, nancy, referent, django_capture_on_commit_callbacks):
    membership = services.request_membership(outsider, nancy, ELECTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.decline_membership(referent, membership, "  You do not work for the city.  ")

    membership.refresh_from_db()
    assert (membership.status, membership.decline_reason) == (
        MembershipStatus.DECLINED,
        "You do not work for the city.",
    )
    assert sent() == [(["outsider@example.org"], "Your request to act for Nancy (54) was declined")]
    assert "Reason given:\nYou do not work for the city.\n" in mail.outbox[0].body
    assert AuditEntry.objects.get(action="membership.declined").data == {"reason": "You do not work for the city."}


# Inviting ----------------------------------------------------------------------------------------


def test_a_referent_invites_a_colleague(referent, nancy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(referent, nancy, " Paul@Nancy.FR ", TECHNICAL)

    assert (invitation.email, invitation.role, invitation.invited_by) == ("paul@nancy.fr", TECHNICAL, referent)
    assert len(invitation.token) >= 40
    assert sent() == [(["paul@nancy.fr"], "Invitation to act for Nancy (54)")]
    assert f"\n{SITE}/invitations/{invitation.token}/\n" in mail.outbox[0].body
    assert actions(invitation) == ["invitation.sent"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("referent", [ELECTED, TECHNICAL, CONTRIBUTOR]),
        ("technical", [ELECTED, TECHNICAL, CONTRIBUTOR]),
        ("member", [CONTRIBUTOR]),
        ("organiser", [ELECTED, TECHNICAL, CONTRIBUTOR]),
        ("outsider", []),
        ("other_member", []),
        ("visitor", []),
    ],
)
def test_who_may_invite_in_which_role(role, allowed, nancy, user_for):
    assert invitable_roles(user_for(role), nancy) == allowed


def test_a_contributor_invites_contributors_only(member, nancy):
    assert services.invite_member(member, nancy, "paul@nancy.fr", CONTRIBUTOR).role == CONTRIBUTOR

    with pytest.raises(ValidationError) as error:
        services.invite_member(member, nancy, "marie@nancy.fr", ELECTED)

    assert error.value.message_dict == {
        "role": ["Contributors can invite contributors only; a referent can invite a referent."]
    }


def test_an_organiser_invites_the_first_member(organiser, nancy):
    assert services.invite_member(organiser, nancy, "maire@nancy.fr", ELECTED).role == ELECTED


@pytest.mark.parametrize("role", ["visitor", "outsider", "other_member"])
def test_outsiders_cannot_invite(role, nancy, referent, user_for):
    with pytest.raises(Http404):
        services.invite_member(user_for(role), nancy, "paul@nancy.fr", CONTRIBUTOR)
    assert not Invitation.objects.exists()


def test_inviting_a_member_is_refused(referent, member, nancy):
    with pytest.raises(ValidationError) as error:
        services.invite_member(referent, nancy, "AGENT@nancy.fr", CONTRIBUTOR)

    assert error.value.message_dict == {"email": ["agent@nancy.fr already acts for Nancy (54)."]}


def test_inviting_someone_who_asked_points_to_the_request(referent, outsider, nancy):
    services.request_membership(outsider, nancy, CONTRIBUTOR)

    with pytest.raises(ValidationError) as error:
        services.invite_member(referent, nancy, "outsider@example.org", CONTRIBUTOR)

    assert error.value.message_dict == {
        "email": [
            "outsider@example.org has already asked to act for Nancy (54): "
            "a referent can accept the request on the members page."
        ]
    }


def test_inviting_again_sends_a_fresh_link(referent, technical, nancy, django_capture_on_commit_callbacks):
    first = services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)
    old_token = first.token
    Invitation.objects.filter(pk=first.pk).update(sent_at=timezone.now() - timedelta(days=40))

    with django_capture_on_commit_callbacks(execute=True):
        again = services.invite_member(technical, nancy, "paul@nancy.fr", ELECTED)

    assert again.pk == first.pk
    assert Invitation.objects.count() == 1
    assert again.token != old_token
    assert (again.role, again.invited_by, again.is_expired()) == (ELECTED, technical, False)
    assert not Invitation.objects.filter(token=old_token).exists()
    assert f"/invitations/{again.token}/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="invitation.sent").first().data["renewed"] is True


# Accepting an invitation -------------------------------------------------------------------------


def test_accepting_an_invitation_confirms_the_role_and_tells_the_inviter(
    referent, nancy, django_capture_on_commit_callbacks
):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)
    paul = verify_email(make_user("paul@nancy.fr", "Paul Agent"))

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.accept_invitation(paul, invitation)

    assert (membership.status, membership.role) == (MembershipStatus.CONFIRMED, TECHNICAL)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert sent() == [(["elue@nancy.fr"], "Your invitation to act for Nancy (54) was accepted")]
    assert actions(membership) == ["membership.confirmed"]
    assert actions(invitation) == ["invitation.sent", "invitation.accepted"]


def test_an_invitation_turns_a_pending_request_into_a_membership(referent, outsider, nancy):
    invitation = services.invite_member(referent, nancy, "outsider@example.org", CONTRIBUTOR)
    services.request_membership(outsider, nancy, ELECTED)  # asked after being invited
    verify_email(outsider)

    membership = services.accept_invitation(outsider, invitation)

    assert Membership.objects.filter(user=outsider).count() == 1
    assert (membership.status, membership.role) == (MembershipStatus.CONFIRMED, CONTRIBUTOR)


def test_an_invitation_works_for_its_address_only(referent, outsider, nancy):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(outsider, invitation)

    assert error.value.messages == [
        "This invitation was sent to paul@nancy.fr, but you are logged in as outsider@example.org. "
        "Log out and log in (or create an account) with paul@nancy.fr, or ask for an invitation to your own address."
    ]
    assert not Membership.objects.filter(user=outsider).exists()


def test_an_invitation_expires_after_30_days(referent, nancy):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)
    paul = make_user("paul@nancy.fr")
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(days=30, seconds=1))

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(paul, invitation)

    assert error.value.messages == ["This invitation has expired. Ask the person who invited you to send a new one."]


def test_an_invitation_is_used_once(referent, nancy):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)
    paul = verify_email(make_user("paul@nancy.fr"))
    membership = services.accept_invitation(paul, invitation)
    services.leave_body(paul, membership)

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(paul, invitation)

    assert error.value.messages == ["This invitation was already used."]


def test_visitors_cannot_accept(referent, nancy):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)

    with pytest.raises(Http404):
        services.accept_invitation(AnonymousUser(), invitation)


# Helpers for other apps --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "membership_role", "referent_"),
    [
        ("visitor", None, False),
        ("outsider", None, False),
        ("member", CONTRIBUTOR, False),
        ("referent", ELECTED, True),
        ("technical", TECHNICAL, True),
        ("other_member", None, False),
        ("organiser", None, False),
    ],
)
def test_confirmed_membership_and_is_referent(role, membership_role, referent_, nancy, user_for):
    user = user_for(role) or AnonymousUser()

    found = confirmed_membership(user, nancy)

    assert (found.role if found else None) == membership_role
    assert is_referent(user, nancy) is referent_


def test_pending_and_former_members_are_not_confirmed(outsider, member, nancy, referent):
    services.request_membership(outsider, nancy, ELECTED)
    services.leave_body(member, Membership.objects.get(user=member))

    assert confirmed_membership(outsider, nancy) is None
    assert confirmed_membership(member, nancy) is None
    assert is_referent(outsider, nancy) is False


# What each change writes: audit summaries and data, e-mail wordings --------------------------------


def entry(action):
    found = AuditEntry.objects.get(action=action)
    return found.summary, found.data


def test_an_accepted_invitation_is_audited_on_the_invitation_and_the_membership(referent, nancy):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)
    paul = verify_email(make_user("paul@nancy.fr", "Paul Agent"))

    services.accept_invitation(paul, invitation)

    assert entry("invitation.accepted") == ("paul@nancy.fr accepted the invitation", {})
    assert entry("membership.confirmed") == (
        "paul@nancy.fr confirmed as technical_referent of Nancy (54) by invitation",
        {"by": "invitation", "invitation": invitation.pk},
    )


def test_a_member_of_the_body_cannot_accept_an_invitation_to_it(referent, nancy):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)
    paul = verify_email(make_user("paul@nancy.fr"))
    make_membership(paul, nancy, CONTRIBUTOR)

    with pytest.raises(ValidationError) as error:
        services.accept_invitation(paul, invitation)

    assert error.value.messages == ["You already act for Nancy (54)."]
    assert status_of(Membership.objects.get(user=paul)) == (MembershipStatus.CONFIRMED, CONTRIBUTOR)


def test_a_member_of_another_body_accepts_an_invitation(referent, nancy, other_member):
    invitation = services.invite_member(referent, nancy, "elu@vandoeuvre.fr", CONTRIBUTOR)
    verify_email(other_member)

    membership = services.accept_invitation(other_member, invitation)

    assert (membership.territory, membership.status, membership.role) == (
        nancy,
        MembershipStatus.CONFIRMED,
        CONTRIBUTOR,
    )
    assert Membership.objects.filter(user=other_member, status=MembershipStatus.CONFIRMED).count() == 2


def test_an_inviter_who_left_the_platform_is_not_told(referent, nancy, django_capture_on_commit_callbacks):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)
    type(referent).objects.filter(pk=referent.pk).update(is_active=False)
    paul = verify_email(make_user("paul@nancy.fr"))

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.accept_invitation(paul, invitation)

    assert membership.status == MembershipStatus.CONFIRMED
    assert sent() == []


def test_an_invitation_without_an_inviter_is_accepted_without_an_e_mail(
    referent, nancy, django_capture_on_commit_callbacks
):
    invitation = services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)
    Invitation.objects.filter(pk=invitation.pk).update(invited_by=None)
    paul = verify_email(make_user("paul@nancy.fr"))

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.accept_invitation(paul, invitation)

    assert membership.status == MembershipStatus.CONFIRMED
    assert sent() == []


def test_a_confirmation_by_a_referent_is_audited_and_not_called_automatic(
    outsider, nancy, referent, django_capture_on_commit_callbacks
):
    membership = services.request_membership(outsider, nancy, CONTRIBUTOR)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_membership(referent, membership)

    assert entry("membership.confirmed") == (
        "outsider@example.org confirmed as contributor of Nancy (54)",
        {"by": "referent"},
    )
    assert "Your request was accepted: you now act for Nancy (54) as contributor on " in mail.outbox[0].body
    assert "your e-mail address belongs to the body" not in mail.outbox[0].body


def test_a_decline_without_a_reason_stores_and_sends_none(
    outsider, nancy, referent, django_capture_on_commit_callbacks
):
    membership = services.request_membership(outsider, nancy, ELECTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.decline_membership(referent, membership)

    membership.refresh_from_db()
    assert (membership.status, membership.decline_reason) == (MembershipStatus.DECLINED, "")
    assert entry("membership.declined") == (
        "Request of outsider@example.org to act for Nancy (54) declined",
        {"reason": ""},
    )
    assert "Reason given" not in mail.outbox[0].body


def test_a_decline_with_no_reason_at_all_stores_an_empty_one(outsider, nancy, referent):
    membership = services.request_membership(outsider, nancy, ELECTED)

    services.decline_membership(referent, membership, None)

    membership.refresh_from_db()
    assert membership.decline_reason == ""


def test_a_role_change_is_audited_and_the_member_told_by_whom(
    referent, member, nancy, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(user=member)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_role(referent, membership, TECHNICAL)

    assert entry("membership.role_changed") == (
        "agent@nancy.fr: contributor → technical_referent in Nancy (54)",
        {"before": "contributor", "after": "technical_referent"},
    )
    assert sent() == [(["agent@nancy.fr"], mail.outbox[0].subject)]
    assert "Élise Élue changed your role for Nancy (54): you were contributor, you are now technical" in (
        " ".join(mail.outbox[0].body.split())
    )


def test_only_a_confirmed_member_has_a_role_to_change(outsider, nancy, referent):
    membership = services.request_membership(outsider, nancy, CONTRIBUTOR)

    with pytest.raises(ValidationError) as error:
        services.change_role(referent, membership, TECHNICAL)

    assert error.value.messages == ["Only a confirmed member has a role to change."]
    assert status_of(membership) == (MembershipStatus.PENDING, CONTRIBUTOR)


def test_leaving_is_audited_with_the_role(referent, technical, member, nancy):
    services.leave_body(member, Membership.objects.get(user=member))

    assert entry("membership.left") == ("agent@nancy.fr left Nancy (54)", {"role": "contributor"})


def test_withdrawing_a_request_is_audited_and_tells_nobody(
    outsider, nancy, organiser, django_capture_on_commit_callbacks
):
    membership = services.request_membership(outsider, nancy, ELECTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.leave_body(outsider, membership)

    assert entry("membership.withdrawn") == (
        "outsider@example.org withdrew the request to act for Nancy (54)",
        {"role": "elected_referent"},
    )
    assert sent() == []


def test_inactive_organisers_are_not_asked_to_review(outsider, nancy, organiser, django_capture_on_commit_callbacks):
    make_user("former@example.org", is_organiser=True, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.request_membership(outsider, nancy, ELECTED)

    assert [to for to, _ in sent()] == [["outsider@example.org"], ["organiser@example.org"]]


# E-mail domains and verified addresses -----------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        ("Jean@Mairie.NANCY.fr", "mairie.nancy.fr"),
        ("jean@nancy.fr.", "nancy.fr"),  # the root's dot
        ("jean@Mairie.LUX", "mairie.lux"),
        ('"jean@gmail.com"@nancy.fr', "nancy.fr"),  # the domain follows the last @
        ("jean@Ville-Châlons.fr", "xn--ville-chlons-wbb.fr"),
    ],
)
def test_the_domain_of_an_address(address, domain):
    assert services.email_domain(address) == domain


def _verified_elsewhere(user, email, verified):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=False)


@pytest.mark.parametrize(
    "case",
    ["unverified row", "another address verified", "someone else verified it"],
)
def test_only_the_persons_own_verified_login_address_confirms_by_domain(nancy, outsider, case):
    set_domains(nancy, ["nancy.fr"])
    person = make_user("jean@nancy.fr")
    if case == "unverified row":
        _verified_elsewhere(person, "jean@nancy.fr", False)
    elif case == "another address verified":
        _verified_elsewhere(person, "jean@gmail.com", True)
    else:
        _verified_elsewhere(outsider, "jean@nancy.fr", True)

    assert services.request_membership(person, nancy, ELECTED).status == MembershipStatus.PENDING


# Batch 3: what a request, an invitation and a referent gap write ----------------------------------


def test_a_request_is_audited_with_the_body_and_the_role(outsider, nancy, referent):
    membership = services.request_membership(outsider, nancy, CONTRIBUTOR)

    assert entry("membership.requested") == (
        "outsider@example.org asked to act for Nancy (54) as contributor",
        {"territory": nancy.pk, "role": "contributor"},
    )
    assert membership.status == MembershipStatus.PENDING


def test_a_confirmation_by_the_domain_is_summarised_with_the_domain(nancy):
    set_domains(nancy, ["nancy.fr"])
    person = verify_email(make_user("jean@nancy.fr", "Jean Agent"))

    services.request_membership(person, nancy, TECHNICAL)

    assert entry("membership.confirmed")[0] == (
        "Confirmed automatically: jean@nancy.fr is at nancy.fr, a domain of Nancy (54)"
    )


def test_the_request_e_mails_name_the_person_and_the_reviewers(
    outsider, nancy, referent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_membership(outsider, nancy, CONTRIBUTOR)

    received, to_review = mail.outbox
    assert f"Your requests and bodies: {SITE}{reverse('territories:my_bodies')}\n" in received.body
    assert "Oscar Outsider (outsider@example.org) asks to act for Nancy (54) as contributor on" in to_review.body
    assert "You receive this e-mail as a referent of the body." in to_review.body


def test_an_invitation_is_audited_with_the_address_the_role_and_the_body(
    referent, nancy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(referent, nancy, "paul@nancy.fr", TECHNICAL)

    assert entry("invitation.sent") == (
        "paul@nancy.fr invited to act for Nancy (54) as technical_referent",
        {"email": "paul@nancy.fr", "role": "technical_referent", "renewed": False, "territory": nancy.pk},
    )
    assert len(invitation.token) == 43  # 32 random bytes, in URL-safe base 64
    body = mail.outbox[0].body
    assert "Élise Élue invites you to act for Nancy (54) as technical referent on" in body
    assert f"The link works until {timezone.localtime(invitation.expires_at):%-d %B %Y}." in body


def test_a_fresh_link_is_summarised_as_such(referent, nancy):
    services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)
    services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)

    assert list(
        AuditEntry.objects.filter(action="invitation.sent").order_by("id").values_list("summary", flat=True)
    ) == [
        "paul@nancy.fr invited to act for Nancy (54) as contributor",
        "paul@nancy.fr invited to act for Nancy (54) as contributor (new link)",
    ]


def test_the_system_invites_on_behalf_of_nobody(nancy):
    from tnl.core.services import SYSTEM

    invitation = services.invite_member(SYSTEM, nancy, "paul@nancy.fr", ELECTED)

    assert Invitation.objects.get(pk=invitation.pk).invited_by is None


def test_an_invitation_to_another_body_is_not_renewed(referent, nancy, vandoeuvre, organiser):
    elsewhere = services.invite_member(organiser, vandoeuvre, "paul@nancy.fr", ELECTED)

    here = services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)

    assert here.pk != elsewhere.pk
    assert (Invitation.objects.get(pk=elsewhere.pk).territory, Invitation.objects.get(pk=here.pk).territory) == (
        vandoeuvre,
        nancy,
    )


def test_an_accepted_invitation_is_not_renewed(referent, nancy):
    first = services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)
    paul = verify_email(make_user("paul@nancy.fr", "Paul Agent"))
    membership = services.accept_invitation(paul, first)
    services.leave_body(paul, membership)

    again = services.invite_member(referent, nancy, "paul@nancy.fr", CONTRIBUTOR)

    assert again.pk != first.pk
    assert Invitation.objects.get(pk=first.pk).accepted_at is not None


def test_only_invitations_count_towards_the_daily_limit(outsider, nancy, referent):
    # The person's own request is audited with the body too; it is no invitation.
    services.confirm_membership(referent, services.request_membership(outsider, nancy, CONTRIBUTOR))

    for number in range(services.INVITATIONS_PER_DAY):
        services.invite_member(outsider, nancy, f"agent{number}@nancy.fr", CONTRIBUTOR)

    assert Invitation.objects.filter(invited_by=outsider).count() == services.INVITATIONS_PER_DAY


def test_invitations_for_another_body_do_not_count(organiser, nancy, vandoeuvre):
    for number in range(services.INVITATIONS_PER_DAY):
        services.invite_member(organiser, vandoeuvre, f"agent{number}@vandoeuvre.fr", CONTRIBUTOR)

    assert services.invite_member(organiser, nancy, "paul@nancy.fr", CONTRIBUTOR).territory == nancy


def test_the_people_who_could_take_a_referent_role_are_sorted_by_name(referent, technical, member, nancy):
    make_membership(make_user("aaa@nancy.fr", "Zoé Zèbre"), nancy, CONTRIBUTOR)

    role, others = services.referent_gap(Membership.objects.get(user=referent))

    assert role == ELECTED
    assert [other.user.email for other in others] == ["agent@nancy.fr", "tech@nancy.fr", "aaa@nancy.fr"]
