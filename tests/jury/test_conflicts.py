"""Conflicts of interest: declared ones, and the automatic ones through the body hierarchy."""

import pytest

from tests import factories
from tests.factories import CONTRIBUTOR
from tnl.jury.conflicts import ConflictMap, conflict_reason
from tnl.jury.models import Conflict

pytestmark = pytest.mark.django_db


def seat_of(user, edition):
    return user.jurymember_set.get(edition=edition)


def test_a_juror_without_ties_is_not_conflicted(edition, juror, nancy, grand_nancy):
    assert conflict_reason(seat_of(juror, edition), nancy) is None
    assert conflict_reason(seat_of(juror, edition), grand_nancy) is None


def test_a_declared_conflict_gives_its_reason(edition, declared_juror, nancy, vandoeuvre):
    seat = seat_of(declared_juror, edition)
    assert conflict_reason(seat, nancy) == "Conflit déclaré : Ancienne agente de la ville"
    assert conflict_reason(seat, vandoeuvre) is None


def test_a_declared_conflict_without_reason_names_the_body(edition, juror, nancy):
    Conflict.objects.create(member=seat_of(juror, edition), territory=nancy)
    assert conflict_reason(seat_of(juror, edition), nancy) == "Conflit déclaré avec Nancy"


def test_acting_for_the_body_itself(edition, juror, nancy):
    factories.MembershipFactory(user=juror, territory=nancy, role=CONTRIBUTOR)
    assert conflict_reason(seat_of(juror, edition), nancy) == "Agit pour Nancy"


def test_a_pending_request_counts_but_a_membership_that_ended_does_not(edition, juror, nancy, vandoeuvre):
    factories.MembershipFactory(user=juror, territory=nancy, pending=True)
    factories.MembershipFactory(user=juror, territory=vandoeuvre, left=True)
    seat = seat_of(juror, edition)
    assert conflict_reason(seat, nancy) == "Agit pour Nancy"
    assert conflict_reason(seat, vandoeuvre) is None


def test_acting_for_a_body_that_contains_the_candidate(edition, conflicted_juror, nancy):
    assert conflict_reason(seat_of(conflicted_juror, edition), nancy) == (
        "Agit pour Métropole du Grand Nancy, qui contient Nancy"
    )


@pytest.mark.parametrize("container", ["departement", "region"])
def test_acting_for_the_departement_or_region_of_the_candidate(edition, juror, nancy, container):
    body = getattr(nancy, container)
    factories.MembershipFactory(user=juror, territory=body, role=CONTRIBUTOR)
    assert conflict_reason(seat_of(juror, edition), nancy) == f"Agit pour {body.name}, qui contient Nancy"


def test_acting_for_a_commune_of_the_candidate_epci(edition, juror, nancy, grand_nancy):
    factories.MembershipFactory(user=juror, territory=nancy, role=CONTRIBUTOR)
    assert conflict_reason(seat_of(juror, edition), grand_nancy) == (
        "Agit pour Nancy, que Métropole du Grand Nancy contient"
    )


def test_a_body_elsewhere_is_no_conflict(edition, juror, nancy, registry):
    from tnl.territories.models import Territory

    elsewhere = Territory.objects.filter(kind="commune").exclude(departement=nancy.departement).first()
    factories.MembershipFactory(user=juror, territory=elsewhere, role=CONTRIBUTOR)
    assert conflict_reason(seat_of(juror, edition), nancy) is None


def test_the_map_answers_for_many_members_in_a_fixed_number_of_queries(
    edition, juror, declared_juror, conflicted_juror, nancy, vandoeuvre, grand_nancy, django_assert_num_queries
):
    seats = [seat_of(user, edition) for user in (juror, declared_juror, conflicted_juror)]
    factories.MembershipFactory(user=juror, territory=vandoeuvre, role=CONTRIBUTOR)
    with django_assert_num_queries(2):
        conflicts = ConflictMap(seats)
    with django_assert_num_queries(0):
        answers = [(conflicts.is_conflicted(seat, nancy), conflicts.is_conflicted(seat, vandoeuvre)) for seat in seats]
        # Jules acts for Vandœuvre, a commune of the Métropole: the bodies he acts for are read with their containers.
        assert (
            conflicts.reason(seats[0], grand_nancy)
            == "Agit pour Vandœuvre-lès-Nancy, que Métropole du Grand Nancy contient"
        )
    assert answers == [(False, True), (True, False), (True, True)]


def test_the_jury_cast_sets_up(review_edition, submitted, other_submitted, assignment):
    assert (review_edition.phase, submitted.status, other_submitted.status, assignment.dossier) == (
        "review",
        "submitted",
        "submitted",
        submitted,
    )
