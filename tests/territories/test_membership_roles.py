"""Changing roles and leaving, read as a permission table, and the last-referent guard on every
path: a body never loses its last elected or technical referent while others remain."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404

from tnl.core.models import AuditEntry
from tnl.territories import membership_services as services
from tnl.territories.enums import MembershipStatus
from tnl.territories.models import Membership
from tnl.territories.rules import confirmed_membership

from .membership import CONTRIBUTOR, ELECTED, SITE, TECHNICAL, actions, make_membership, make_user, sent, status_of

pytestmark = pytest.mark.usefixtures("english_site")

NANCY_MEMBERS = f"{SITE}/territoires/commune/54395/membres/"


# Changing a role ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["referent", "organiser"])
def test_referents_and_organisers_change_a_role(
    role, nancy, referent, member, organiser, request, django_capture_on_commit_callbacks
):
    actor = request.getfixturevalue(role)
    membership = Membership.objects.get(user=member)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_role(actor, membership, TECHNICAL)

    assert status_of(membership) == (MembershipStatus.CONFIRMED, TECHNICAL)
    assert sent() == [(["agent@nancy.fr"], "Your role for Nancy (54) changed")]
    assert "you were contributor, you are now technical referent." in mail.outbox[0].body
    assert AuditEntry.objects.get(action="membership.role_changed").data == {
        "before": "contributor",
        "after": "technical_referent",
    }


@pytest.mark.parametrize("role", ["visitor", "outsider", "member", "other_member"])
def test_others_cannot_change_a_role(role, nancy, referent, member, user_for):
    membership = Membership.objects.get(user=referent)

    with pytest.raises(Http404):
        services.change_role(user_for(role), membership, CONTRIBUTOR)
    assert status_of(membership) == (MembershipStatus.CONFIRMED, ELECTED)


def test_changing_ones_own_role_sends_no_email(nancy, referent, technical, django_capture_on_commit_callbacks):
    make_membership(make_user("adjoint@nancy.fr"), nancy, ELECTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_role(referent, Membership.objects.get(user=referent), CONTRIBUTOR)

    assert sent() == []


# The last-referent guard, on every path ----------------------------------------------------------


def test_the_last_elected_referent_cannot_be_made_a_contributor(nancy, referent, technical, member, organiser):
    membership = Membership.objects.get(user=referent)

    with pytest.raises(ValidationError) as error:
        services.change_role(organiser, membership, CONTRIBUTOR)

    assert error.value.messages == [
        "Élise Élue is the last elected referent of Nancy (54), and a body needs one to submit its application. "
        "First give this role to another member: Camille Contributrice, Théo Technicien."
    ]
    assert status_of(membership) == (MembershipStatus.CONFIRMED, ELECTED)


def test_the_last_technical_referent_cannot_be_made_an_elected_referent(nancy, referent, technical):
    membership = Membership.objects.get(user=technical)

    with pytest.raises(ValidationError) as error:
        services.change_role(referent, membership, ELECTED)

    assert error.value.messages == [
        "Théo Technicien is the last technical referent of Nancy (54), and a body needs one to submit its "
        "application. First give this role to another member: Élise Élue."
    ]


def test_the_last_elected_referent_cannot_step_down_alone(nancy, referent, member):
    with pytest.raises(ValidationError) as error:
        services.change_role(referent, Membership.objects.get(user=referent), TECHNICAL)

    assert error.value.messages == [
        "You are the last elected referent of Nancy (54), and a body needs one to submit its application. "
        "First give this role to another member (Camille Contributrice), then change yours."
    ]


def test_a_referent_role_can_change_when_someone_else_holds_it(nancy, referent, member):
    deputy = make_user("adjoint@nancy.fr", "Adèle Adjointe")
    make_membership(deputy, nancy, ELECTED)

    services.change_role(deputy, Membership.objects.get(user=referent), CONTRIBUTOR)

    assert Membership.objects.get(user=referent).role == CONTRIBUTOR


def test_the_only_member_may_change_their_own_role(nancy, referent):
    membership = services.change_role(referent, Membership.objects.get(user=referent), TECHNICAL)

    assert membership.role == TECHNICAL


def test_the_last_elected_referent_cannot_leave(nancy, referent, technical, member):
    membership = Membership.objects.get(user=referent)

    with pytest.raises(ValidationError) as error:
        services.leave_body(referent, membership)

    assert error.value.messages == [
        "You are the last elected referent of Nancy (54), and a body needs one to submit its application. "
        "Before you leave, the role must go to another member: Camille Contributrice, Théo Technicien. "
        "A referent or an organiser can give it on the members page."
    ]
    assert status_of(membership) == (MembershipStatus.CONFIRMED, ELECTED)


def test_the_last_technical_referent_cannot_leave(nancy, referent, technical):
    with pytest.raises(ValidationError) as error:
        services.leave_body(technical, Membership.objects.get(user=technical))

    assert "You are the last technical referent of Nancy (54)" in error.value.messages[0]


def test_the_refusal_names_five_people_at_most(nancy, referent):
    for number in range(7):
        make_membership(make_user(f"agent{number}@nancy.fr", f"Agent {number}"), nancy, CONTRIBUTOR)

    with pytest.raises(ValidationError) as error:
        services.leave_body(referent, Membership.objects.get(user=referent))

    assert "another member: Agent 0, Agent 1, Agent 2, Agent 3, Agent 4 and 2 others. " in error.value.messages[0]


def test_a_referent_leaves_when_another_holds_the_role(nancy, referent, technical, django_capture_on_commit_callbacks):
    make_membership(make_user("adjoint@nancy.fr"), nancy, ELECTED)
    membership = Membership.objects.get(user=referent)

    with django_capture_on_commit_callbacks(execute=True):
        services.leave_body(referent, membership)

    membership.refresh_from_db()
    assert (membership.status, membership.role) == (MembershipStatus.LEFT, ELECTED)
    assert membership.left_at is not None
    assert sent() == []
    assert actions(membership) == ["membership.left"]


def test_a_contributor_leaves(nancy, referent, member):
    membership = services.leave_body(member, Membership.objects.get(user=member))

    assert membership.status == MembershipStatus.LEFT
    assert confirmed_membership(member, nancy) is None


def test_the_very_last_member_may_leave_and_the_organisers_are_told(
    nancy, referent, organiser, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(user=referent)

    with django_capture_on_commit_callbacks(execute=True):
        services.leave_body(referent, membership)

    assert status_of(membership) == (MembershipStatus.LEFT, ELECTED)
    assert sent() == [(["organiser@example.org"], "Nancy (54) has no member any more")]
    assert f"{NANCY_MEMBERS}\n" in mail.outbox[0].body


def test_withdrawing_a_request(outsider, nancy, referent):
    membership = services.request_membership(outsider, nancy, CONTRIBUTOR)

    services.leave_body(outsider, membership)

    assert status_of(membership) == (MembershipStatus.LEFT, CONTRIBUTOR)
    assert actions(membership) == ["membership.requested", "membership.withdrawn"]


@pytest.mark.parametrize("role", ["visitor", "outsider", "referent", "organiser"])
def test_nobody_else_makes_a_member_leave(role, nancy, member, referent, user_for):
    with pytest.raises(Http404):
        services.leave_body(user_for(role), Membership.objects.get(user=member))


def test_leaving_twice_is_refused(nancy, referent, member):
    membership = services.leave_body(member, Membership.objects.get(user=member))

    with pytest.raises(ValidationError) as error:
        services.leave_body(member, membership)

    assert error.value.messages == ["You no longer act for Nancy (54)."]
