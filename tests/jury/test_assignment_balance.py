"""Automatic assignment: the plan (a pure function) balances the load, never picks a conflicted
juror, keeps what exists and reports what is missing; then the service on the database, with
jurors conflicted through the body hierarchy."""

from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from tests.jury.assigning import seat_of
from tnl.jury import assignment_services as services
from tnl.jury.assignment_services import plan_assignments
from tnl.jury.models import Assignment

# The plan --------------------------------------------------------------------------------------------


def cast(jurors, dossiers):
    """Jurors and dossiers as the plan reads them: objects with a pk (the order of the seats)."""
    return (
        [SimpleNamespace(pk=number) for number in range(1, jurors + 1)],
        [SimpleNamespace(pk=100 + number) for number in range(dossiers)],
    )


@st.composite
def situations(draw):
    jurors, dossiers = cast(draw(st.integers(1, 8)), draw(st.integers(0, 12)))
    pairs = [(d.pk, j.pk) for d in dossiers for j in jurors]
    conflicts = draw(st.sets(st.sampled_from(pairs))) if pairs else set()
    free = [pair for pair in pairs if pair not in conflicts]
    existing = draw(st.sets(st.sampled_from(free))) if free else set()
    wanted = draw(st.integers(1, 4))
    return jurors, dossiers, conflicts, existing, wanted


def plan(jurors, dossiers, conflicts, existing, wanted):
    return plan_assignments(
        dossiers, jurors, existing, wanted, lambda juror, dossier: (dossier.pk, juror.pk) in conflicts
    )


@given(situations())
def test_the_plan_never_picks_a_conflicted_juror_and_gives_each_dossier_what_it_can(situation):
    jurors, dossiers, conflicts, existing, wanted = situation
    pairs, short = plan(*situation)
    chosen = {(dossier.pk, juror.pk) for dossier, juror in pairs}
    assert len(chosen) == len(pairs)
    assert not chosen & conflicts
    assert not chosen & existing
    final = Counter(dossier_pk for dossier_pk, _juror in chosen | existing)
    missing = {}
    for dossier in dossiers:
        free = sum(1 for juror in jurors if (dossier.pk, juror.pk) not in conflicts)
        had = sum(1 for dossier_pk, _juror in existing if dossier_pk == dossier.pk)
        assert final[dossier.pk] == max(had, min(wanted, free))
        if final[dossier.pk] < wanted:
            missing[dossier.pk] = wanted - final[dossier.pk]
    assert {dossier.pk: count for dossier, count in short} == missing


@given(situations())
def test_the_plan_is_the_same_every_time(situation):
    first, second = plan(*situation), plan(*situation)
    assert [(d.pk, j.pk) for d, j in first[0]] == [(d.pk, j.pk) for d, j in second[0]]


@given(st.integers(1, 8), st.integers(0, 12), st.integers(1, 4))
def test_without_conflicts_the_loads_differ_by_one_at_most(jurors, dossiers, wanted):
    jurors, dossiers = cast(jurors, dossiers)
    pairs, _short = plan(jurors, dossiers, set(), set(), wanted)
    load = Counter(juror.pk for _dossier, juror in pairs)
    loads = [load[juror.pk] for juror in jurors]
    assert max(loads) - min(loads) <= 1


def test_the_least_busy_juror_comes_first_then_the_earliest_seat():
    jurors, dossiers = cast(3, 1)
    existing = {(999, 1), (998, 1), (997, 2)}  # juror 1 has two dossiers elsewhere, juror 2 one
    pairs, _short = plan(jurors, dossiers, set(), existing, 2)
    assert [juror.pk for _dossier, juror in pairs] == [3, 2]


def test_the_dossier_with_fewest_possible_jurors_is_served_first():
    jurors, (first, second) = cast(2, 2)
    # The first dossier could take juror 1, but only juror 1 may review the second.
    pairs, short = plan(jurors, [first, second], {(second.pk, 2)}, set(), 1)
    assert sorted((d.pk, j.pk) for d, j in pairs) == [(first.pk, 2), (second.pk, 1)]
    assert short == []


def test_a_new_assignment_weighs_as_much_as_one_made_before():
    jurors, dossiers = cast(2, 2)
    # Juror 2 has a dossier elsewhere: juror 1 takes the first dossier, then, as busy as juror 2,
    # the second one as the earlier seat.
    pairs, _short = plan(jurors, dossiers, set(), {(999, 2)}, 1)
    assert [(d.pk, j.pk) for d, j in pairs] == [(100, 1), (101, 1)]


def test_what_is_missing_is_listed_in_the_order_of_the_dossiers():
    jurors, (first, second) = cast(2, 2)
    # The second dossier, with one possible juror, is served first; both miss jurors.
    _pairs, short = plan(jurors, [first, second], {(second.pk, 2)}, set(), 3)
    assert [(dossier.pk, missing) for dossier, missing in short] == [(first.pk, 1), (second.pk, 2)]


# The service -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_many_jurors_and_dossiers_on_the_database(
    organiser,
    review_edition,
    submitted,
    other_submitted,
    juror,
    second_juror,
    conflicted_juror,
    declared_juror,
    expert,
):
    extra = [factories.JuryMemberFactory(edition=review_edition) for _number in range(3)]
    services.update_jury_settings(organiser, review_edition, 3, True)
    review_edition.refresh_from_db()
    run = services.assign_reviewers(organiser, review_edition)
    assert run.short == []
    jurors = Counter(a.member_id for a in Assignment.objects.all())
    assert seat_of(conflicted_juror, review_edition).pk not in jurors
    assert seat_of(expert, review_edition).pk not in jurors
    assert seat_of(declared_juror, review_edition).pk in jurors
    by_dossier = Counter(a.dossier_id for a in Assignment.objects.all())
    assert by_dossier == {submitted.pk: 3, other_submitted.pk: 3}
    assert not Assignment.objects.filter(dossier=submitted, member__user=declared_juror).exists()
    assert max(jurors.values()) == 1 and len(extra) == 3
