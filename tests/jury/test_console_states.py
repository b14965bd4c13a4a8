"""The jury state of a dossier (tnl/jury/states.py): derived from its status, assignments,
reviews and decision, read from prefetched data; and what the console counts and declares of it."""

from tests import factories
from tests.dossiers.answering import answer_all_required
from tnl.dossiers import services
from tnl.dossiers.models import Dossier
from tnl.dossiers.scoring import dossier_state
from tnl.editions.enums import JuryRole
from tnl.editions.models import Edition
from tnl.jury.console_services import console_rows, parse_sort, sort_rows, state_counts
from tnl.jury.enums import JuryState, ReviewStatus
from tnl.jury.models import Assignment, Decision, Review
from tnl.jury.states import jury_state, with_jury_data
from tnl.territories.models import Territory


def seat_of(user, edition):
    return user.jurymember_set.get(edition=edition)


def state_of(dossier):
    return jury_state(with_jury_data(Dossier.objects.filter(pk=dossier.pk)).get())


def test_a_draft_dossier_is_a_draft(dossier):
    assert state_of(dossier) == JuryState.DRAFT


def test_a_submitted_dossier_without_assignment_is_submitted(review_edition, submitted):
    assert state_of(submitted) == JuryState.SUBMITTED


def test_a_calibration_assignment_does_not_put_a_dossier_under_review(review_edition, submitted, juror):
    Assignment.objects.create(dossier=submitted, member=seat_of(juror, review_edition), calibration=True)
    assert state_of(submitted) == JuryState.SUBMITTED


def test_assigned_with_a_review_not_submitted_is_under_review(assignment, second_juror, review_edition):
    assert state_of(assignment.dossier) == JuryState.UNDER_REVIEW
    Review.objects.create(assignment=assignment, status=ReviewStatus.SUBMITTED)
    other = Assignment.objects.create(dossier=assignment.dossier, member=seat_of(second_juror, review_edition))
    Review.objects.create(assignment=other, status=ReviewStatus.IN_PROGRESS)
    assert state_of(assignment.dossier) == JuryState.UNDER_REVIEW


def test_every_review_submitted_is_reviewed(assignment, expert, review_edition):
    Review.objects.create(assignment=assignment, status=ReviewStatus.SUBMITTED)
    assert state_of(assignment.dossier) == JuryState.REVIEWED
    # An invited expert's opinion is one of the dossier's assignments too.
    opinion = Assignment.objects.create(dossier=assignment.dossier, member=seat_of(expert, review_edition))
    assert opinion.member.role == JuryRole.EXPERT
    assert state_of(assignment.dossier) == JuryState.UNDER_REVIEW


def test_a_decision_makes_it_decided_whatever_the_reviews(assignment):
    Decision.objects.create(dossier=assignment.dossier, proposed_level=1, level=1)
    assert state_of(assignment.dossier) == JuryState.DECIDED


def test_a_reopened_dossier_is_a_draft_even_with_a_decision(assignment):
    Decision.objects.create(dossier=assignment.dossier, proposed_level=1, level=1)
    Dossier.objects.filter(pk=assignment.dossier.pk).update(status="draft")
    assert state_of(assignment.dossier) == JuryState.DRAFT


def test_the_state_asks_nothing_more_of_the_database(assignment, other_submitted, django_assert_num_queries):
    with django_assert_num_queries(2):
        dossiers = list(with_jury_data(Dossier.objects.order_by("pk")))
    with django_assert_num_queries(0):
        assert [jury_state(dossier) for dossier in dossiers] == [JuryState.UNDER_REVIEW, JuryState.SUBMITTED]


def test_without_prefetching_it_still_answers(assignment):
    dossier = Dossier.objects.get(pk=assignment.dossier.pk)
    assert jury_state(dossier) == JuryState.UNDER_REVIEW


def test_the_counts_per_state_add_up(review_edition, submitted, other_submitted):
    assert state_counts(console_rows(review_edition)) == [
        (JuryState.DRAFT, 0),
        (JuryState.SUBMITTED, 2),
        (JuryState.UNDER_REVIEW, 0),
        (JuryState.REVIEWED, 0),
        (JuryState.DECIDED, 0),
    ]


def test_the_declared_score_counts_each_dossier_s_answers_and_evidence(dossier, elected, edition, vandoeuvre):
    other = factories.DossierFactory(edition=edition, territory=vandoeuvre)
    answer_all_required(dossier, elected, choice=-1)
    services.save_answer(elected, dossier, "STR-01", True, expected_version=1)
    without_evidence = dossier_state(dossier).result.global_percent
    services.add_evidence_link(elected, dossier, "STR-01", "https://example.org/preuve")
    declared = {row.dossier: (row.declared_level, row.declared_percent) for row in console_rows(edition)}
    expected = dossier_state(dossier).result
    assert declared[dossier] == (expected.level, expected.global_percent)
    assert expected.global_percent > without_evidence > 0
    assert declared[other] == (0, 0)


def test_the_last_change_is_the_latest_of_the_dossier_its_reviews_and_its_decision(assignment, review_edition):
    review = Review.objects.create(assignment=assignment)
    assert {row.dossier: row.last_change for row in console_rows(review_edition)}[assignment.dossier] == (
        review.updated_at
    )
    decision = Decision.objects.create(dossier=assignment.dossier, proposed_level=1, level=1)
    assert {row.dossier: row.last_change for row in console_rows(review_edition)}[assignment.dossier] == (
        decision.decided_at
    )


def test_the_console_reads_its_rows_in_four_queries(
    review_edition, assignment, other_submitted, django_assert_num_queries
):
    """Dossiers with their body and decision, assignments with reviews, answers, evidence (the
    edition comes with its referential, as the page reads it)."""
    edition = Edition.objects.select_related("referential").get(pk=review_edition.pk)
    with django_assert_num_queries(4):
        rows = console_rows(edition)
        names = [(row.territory.name, row.state) for row in rows]
    assert names == [("Nancy", JuryState.UNDER_REVIEW), ("Vandœuvre-lès-Nancy", JuryState.SUBMITTED)]


def test_a_sort_is_a_column_and_a_direction_the_default_for_anything_else():
    assert parse_sort("population") == ("population", False)
    assert parse_sort("-population") == ("population", True)
    assert parse_sort("-changed") == ("changed", True)
    for unknown in ["", None, "-", "colour", "-colour", "population-", "--population"]:
        assert parse_sort(unknown) == ("body", False), unknown


def test_rows_are_sorted_by_the_column_asked_then_by_name(review_edition, submitted, other_submitted):
    Territory.objects.filter(pk=other_submitted.territory_id).update(population=None)
    rows = console_rows(review_edition)
    assert [row.territory.name for row in rows] == ["Nancy", "Vandœuvre-lès-Nancy"]
    assert [row.territory.name for row in sort_rows(rows, "population")] == ["Vandœuvre-lès-Nancy", "Nancy"]
    assert [row.territory.name for row in sort_rows(rows, "-population")] == ["Nancy", "Vandœuvre-lès-Nancy"]
    assert [row.territory.name for row in sort_rows(rows, "-colour")] == ["Nancy", "Vandœuvre-lès-Nancy"]
