"""The one place that says who acts for a body (`Membership.objects`, the predicates of rules.py)
and the SYSTEM actor in the territory services."""

import pytest

from tests.territories.conftest import CONTRIBUTOR, ELECTED, TECHNICAL, actions, make_membership, make_user
from tnl.core.exceptions import NotAllowed
from tnl.core.models import AuditEntry
from tnl.core.permissions import has_perm, is_organiser
from tnl.core.services import SYSTEM
from tnl.territories import membership_services
from tnl.territories.enums import MembershipStatus
from tnl.territories.importer import EXTRACT_DIR
from tnl.territories.models import Membership, RegistryImport
from tnl.territories.rules import is_member, is_referent, member_role
from tnl.territories.services import import_registry


@pytest.fixture
def cast(nancy, vandoeuvre):
    """One person per status and role, in Nancy, and a referent of Vandœuvre."""
    people = {}
    for name, role, status in [
        ("elected", ELECTED, MembershipStatus.CONFIRMED),
        ("technical", TECHNICAL, MembershipStatus.CONFIRMED),
        ("contributor", CONTRIBUTOR, MembershipStatus.CONFIRMED),
        ("pending_referent", ELECTED, MembershipStatus.PENDING),
        ("left", ELECTED, MembershipStatus.LEFT),
        ("declined", CONTRIBUTOR, MembershipStatus.DECLINED),
    ]:
        people[name] = make_user(f"{name}@nancy.fr", name)
        make_membership(people[name], nancy, role, status)
    people["neighbour"] = make_user("neighbour@vandoeuvre.fr", "neighbour")
    make_membership(people["neighbour"], vandoeuvre, ELECTED)
    return people


def emails(queryset):
    return sorted(m.user.email.split("@")[0] for m in queryset)


def test_the_queryset_names_who_acts_for_a_body(cast, nancy):
    in_nancy = Membership.objects.in_body(nancy)
    assert emails(in_nancy.confirmed()) == ["contributor", "elected", "technical"]
    assert emails(in_nancy.referents()) == ["elected", "technical"]
    assert emails(in_nancy.current()) == ["contributor", "elected", "pending_referent", "technical"]
    assert emails(Membership.objects.referents().of(cast["neighbour"])) == ["neighbour"]
    assert emails(nancy.memberships.confirmed().of(cast["left"])) == []


def test_the_predicates_read_only_confirmed_memberships_of_that_body(cast, nancy, vandoeuvre):
    answers = {
        name: (member_role(user, nancy), is_member(user, nancy), is_referent(user, nancy))
        for name, user in cast.items()
    }
    assert answers == {
        "elected": (ELECTED, True, True),
        "technical": (TECHNICAL, True, True),
        "contributor": (CONTRIBUTOR, True, False),
        "pending_referent": (None, False, False),
        "left": (None, False, False),
        "declined": (None, False, False),
        "neighbour": (None, False, False),
    }
    assert (member_role(None, nancy), member_role(SYSTEM, nancy)) == (None, None)


def test_the_role_is_read_once_per_person_and_body_until_a_membership_changes(cast, nancy, django_assert_num_queries):
    contributor = cast["contributor"]
    with django_assert_num_queries(1):
        assert [is_member(contributor, nancy), is_referent(contributor, nancy), member_role(contributor, nancy)] == [
            True,
            False,
            CONTRIBUTOR,
        ]
    Membership.objects.filter(user=contributor).get().delete()
    with django_assert_num_queries(1):
        assert is_member(contributor, nancy) is False


def test_the_body_rules_are_compositions_of_the_predicates(cast, nancy, organiser):
    composed = {
        name: (has_perm(user, "territories.view_members", nancy), has_perm(user, "territories.manage_members", nancy))
        for name, user in {**cast, "organiser": organiser}.items()
    }
    assert composed == {
        "elected": (True, True),
        "technical": (True, True),
        "contributor": (True, False),
        "pending_referent": (False, False),
        "left": (False, False),
        "declined": (False, False),
        "neighbour": (False, False),
        "organiser": (True, True),
    }
    assert (is_organiser | is_referent).test(cast["technical"], nancy) is True


def test_the_registry_import_needs_an_explicit_actor(db):
    with pytest.raises(NotAllowed):
        import_registry(EXTRACT_DIR, None)
    with pytest.raises(NotAllowed):
        import_registry(EXTRACT_DIR, make_user("someone@example.org"))
    assert not RegistryImport.objects.exists()

    run = import_registry(EXTRACT_DIR, SYSTEM)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == ("registry.imported", None, str(run.pk))


def test_the_system_may_confirm_a_request_and_is_logged_as_the_system(request_from):
    membership_services.confirm_membership(SYSTEM, request_from)

    assert actions(request_from) == ["membership.requested", "membership.confirmed"]
    entry = AuditEntry.objects.get(action="membership.confirmed")
    assert (entry.actor, entry.data) == (None, {"by": "system"})


def test_none_is_no_actor_for_a_membership_service(request_from):
    with pytest.raises(NotAllowed):
        membership_services.confirm_membership(None, request_from)
    request_from.refresh_from_db()
    assert request_from.status == MembershipStatus.PENDING
