"""The jury's permissions (tnl/jury/rules.py), per role, including the conflicted juror and the expert."""

import pytest

from tests import factories
from tests.jury.assigning import seat_of
from tnl.core.permissions import has_perm
from tnl.jury.models import Assignment, Clarification
from tnl.jury.rules import forget_seats, seat

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("visitor", False),
        ("outsider", False),
        ("elected", False),
        ("juror", False),
        ("expert", False),
        ("organiser", True),
        ("admin_user", True),
    ],
)
def test_only_organisers_manage_the_jury(role, allowed, edition, user_for):
    assert has_perm(user_for(role), "jury.manage", edition) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("visitor", False),
        ("outsider", False),
        ("elected", False),
        ("expert", False),
        ("juror", True),
        ("conflicted_juror", True),
        ("organiser", True),
    ],
)
def test_organisers_and_jurors_deliberate(role, allowed, edition, user_for):
    assert has_perm(user_for(role), "jury.deliberate", edition) is allowed


def test_a_juror_of_another_edition_does_not_deliberate(edition, default_referential):
    other = factories.JuryMemberFactory(edition=factories.EditionFactory(year=2031, referential=default_referential))
    assert has_perm(other.user, "jury.deliberate", edition) is False


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("visitor", False),
        ("outsider", False),
        ("elected", False),
        ("member_of_other_body", False),
        ("conflicted_juror", False),
        ("declared_juror", False),
        ("expert", False),
        ("juror", True),
        ("second_juror", True),
        ("organiser", True),
    ],
)
def test_who_reads_a_submitted_dossier_as_the_jury(role, allowed, review_edition, submitted, user_for):
    assert has_perm(user_for(role), "jury.see_dossier", submitted) is allowed


def test_an_expert_reads_only_the_dossier_assigned_to_them(review_edition, submitted, other_submitted, expert):
    Assignment.objects.create(dossier=submitted, member=seat_of(expert, review_edition))
    assert has_perm(expert, "jury.see_dossier", submitted) is True
    assert has_perm(expert, "jury.see_dossier", other_submitted) is False


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("visitor", False), ("outsider", False), ("second_juror", False), ("organiser", False), ("juror", True)],
)
def test_only_the_assigned_member_reviews(role, allowed, assignment, user_for):
    assert has_perm(user_for(role), "jury.review", assignment) is allowed


def test_a_member_who_became_conflicted_no_longer_reviews(assignment, juror, nancy):
    factories.MembershipFactory(user=juror, territory=nancy, role=factories.CONTRIBUTOR)
    assert has_perm(juror, "jury.review", assignment) is False


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("visitor", False),
        ("outsider", False),
        ("elected", False),
        ("second_juror", False),
        ("conflicted_juror", False),
        ("juror", True),
        ("organiser", True),
    ],
)
def test_organisers_and_assigned_jurors_ask_for_clarification(
    role, allowed, assignment, submitted, conflicted_juror, user_for
):
    assert has_perm(user_for(role), "jury.clarify", submitted) is allowed


def test_an_assigned_expert_does_not_ask_for_clarification(review_edition, submitted, expert):
    Assignment.objects.create(dossier=submitted, member=seat_of(expert, review_edition))
    assert has_perm(expert, "jury.clarify", submitted) is False


def test_a_conflicted_juror_even_assigned_does_not_ask_for_clarification(assignment, juror, submitted, nancy):
    factories.MembershipFactory(user=juror, territory=nancy, role=factories.CONTRIBUTOR)
    assert has_perm(juror, "jury.clarify", submitted) is False


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("visitor", False),
        ("outsider", False),
        ("juror", False),
        ("member_of_other_body", False),
        ("contributor", True),
        ("elected", True),
    ],
)
def test_the_candidate_body_answers_clarifications(role, allowed, review_edition, submitted, juror, user_for):
    clarification = Clarification.objects.create(dossier=submitted, asked_by=juror)
    assert has_perm(user_for(role), "jury.answer_clarification", clarification) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("visitor", False), ("outsider", False), ("second_juror", False), ("juror", True), ("organiser", True)],
)
def test_a_member_declares_their_own_conflicts_or_an_organiser_does(role, allowed, edition, juror, user_for):
    assert has_perm(user_for(role), "jury.declare_conflicts", seat_of(juror, edition)) is allowed


def test_the_seat_is_read_once_per_person_and_edition(edition, juror, django_assert_num_queries):
    with django_assert_num_queries(1):
        first, again = seat(juror, edition), seat(juror, edition)
    assert first is again and first.user_id == juror.pk
    forget_seats(juror)
    with django_assert_num_queries(1):
        seat(juror, edition)


def test_no_seat_for_a_visitor_or_a_person_off_the_jury(edition, outsider):
    assert seat(None, edition) is None
    assert seat(outsider, edition) is None
    assert seat(outsider, None) is None
