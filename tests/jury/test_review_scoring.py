"""The reviewed score (tnl/jury/scoring.py): a review's rubric, corrections and evidence verdicts
go through the same engine as the declared score; a dossier's reviewed level is the lower median
of its submitted jurors' reviews; divergence is flagged; jury_results takes a fixed number of
queries whatever the number of dossiers."""

from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.jury.reviewing import give
from tnl.dossiers.models import Dossier
from tnl.jury import review_services as services
from tnl.jury.enums import ReviewStatus, Rubric
from tnl.jury.models import Assignment, EvidenceCheck, QuestionReview, Review
from tnl.jury.scoring import assignment_result, jury_results, overrides_for

pytestmark = pytest.mark.django_db


def test_the_rubric_gives_thirds_of_the_points(juror, assignment):
    give(assignment.dossier, "COM-01", "https://nancy.example.org/contact")
    assert assignment_result(assignment).questions["COM-01"].points == 8  # as declared
    services.save_reading(juror, assignment, "COM-01", rubric=Rubric.TWO_THIRDS)
    assert assignment_result(assignment).questions["COM-01"].points == Fraction(16, 3)
    services.save_reading(juror, assignment, "COM-01", rubric=Rubric.NONE)
    assert assignment_result(assignment).questions["COM-01"].points == 0


def test_a_correction_replaces_the_rubric_and_the_computed_points(juror, assignment):
    give(assignment.dossier, "COM-01", "https://nancy.example.org/contact")
    services.save_reading(
        juror, assignment, "COM-01", rubric=Rubric.FULL, corrected_points="2,5", correction_reason="Page partielle"
    )
    assert assignment_result(assignment).questions["COM-01"].points == Fraction(5, 2)
    services.save_reading(juror, assignment, "STR-01", corrected_points="3", correction_reason="Vu en séance")
    assert assignment_result(assignment).questions["STR-01"].points == 3
    services.save_reading(juror, assignment, "STR-01", corrected_points="0", correction_reason="Rien d’adopté")
    assert assignment_result(assignment).questions["STR-01"].points == 0


def test_a_reading_of_a_question_the_referential_lacks_is_skipped(submitted):
    compiled = submitted.edition.referential.compiled()
    readings = [
        QuestionReview(question="OLD-01", corrected_points="1"),
        QuestionReview(question="COM-01", rubric=Rubric.ONE_THIRD),
        QuestionReview(question="STR-01", corrected_points="99"),
        QuestionReview(question="STR-03", corrected_points="-1"),
    ]
    assert overrides_for(readings, compiled) == {"COM-01": Fraction(8, 3), "STR-01": 15, "STR-03": 0}
    # A comment alone changes nothing; nor does a rubric on a question that is not url, file or text.
    comment_only = QuestionReview(question="COM-01", comment="À revoir")
    assert overrides_for([comment_only, QuestionReview(question="STR-03", rubric=Rubric.FULL)], compiled) == {}


def test_evidence_marked_not_valid_makes_a_required_evidence_question_score_0(juror, assignment):
    (evidence,) = give(assignment.dossier, "STR-03", True, links=["https://nancy.example.org/plan"])
    assert assignment_result(assignment).questions["STR-03"].points == 12
    services.check_evidence(juror, assignment, evidence, False)
    result = assignment_result(assignment).questions["STR-03"]
    assert (result.points, result.status) == (0, "evidence_missing")
    services.check_evidence(juror, assignment, evidence, True)
    assert assignment_result(assignment).questions["STR-03"].points == 12


def test_only_the_evidence_marked_not_valid_is_left_out(juror, assignment):
    # Evidence of another question comes first, so that the verdict's own id is not the evidence's.
    give(assignment.dossier, "COM-01", "https://nancy.example.org/contact", links=["https://nancy.example.org/c"])
    (evidence,) = give(assignment.dossier, "STR-03", True, links=["https://nancy.example.org/plan"])
    services.check_evidence(juror, assignment, evidence, False)
    assert EvidenceCheck.objects.get().pk != evidence.pk
    result = assignment_result(assignment).questions["STR-03"]
    assert (result.points, result.status) == (0, "evidence_missing")


def test_a_dossier_without_answers_nor_evidence_has_results_too(dossier):
    result = results(dossier)[dossier.pk]
    assert (result.declared.level, result.declared.global_percent, result.reviews) == (0, 0, {})


def test_jury_results_leave_out_only_the_evidence_marked_not_valid(submitted, review_edition, juror, second_juror):
    (plan,) = give(submitted, "STR-03", True, links=["https://nancy.example.org/plan"])
    (text,) = give(submitted, "STR-01", True, links=["https://nancy.example.org/deliberation"])
    checked = submitted_review(submitted, juror)
    EvidenceCheck.objects.create(review=checked, evidence=text, is_valid=True)
    EvidenceCheck.objects.create(review=checked, evidence=plan, is_valid=False)
    unchecked = submitted_review(submitted, second_juror)
    result = results(submitted)[submitted.pk]
    assert [result.declared.questions[code].points for code in ("STR-01", "STR-03")] == [15, 12]
    reviews = result.reviews
    assert [
        (reviews[checked].questions[code].points, reviews[checked].questions[code].status)
        for code in ("STR-01", "STR-03")
    ] == [
        (15, "scored"),
        (0, "evidence_missing"),
    ]
    assert [reviews[unchecked].questions[code].points for code in ("STR-01", "STR-03")] == [15, 12]


# A dossier's results ---------------------------------------------------------------------------


def submitted_review(dossier, user, readings=(), calibration=False):
    """A submitted review of `dossier` by `user` with `readings` [(code, corrected points)]."""
    member = user.jurymember_set.get(edition=dossier.edition)
    assignment = Assignment.objects.create(dossier=dossier, member=member, calibration=calibration)
    review = Review.objects.create(assignment=assignment, status=ReviewStatus.SUBMITTED, submitted_at=timezone.now())
    for code, points in readings:
        QuestionReview.objects.create(review=review, question=code, corrected_points=points, correction_reason="Vu")
    return review


def results(*dossiers):
    queryset = Dossier.objects.select_related("edition__referential", "territory").filter(
        pk__in=[d.pk for d in dossiers]
    )
    return jury_results(queryset)


# LOG-01 is required from level 1 on: with points on it, the dossier reaches level 1.
LEVEL_ONE = [("LOG-01", "1")]


def test_a_review_that_changes_nothing_has_the_declared_result_itself(submitted, review_edition, juror, second_juror):
    # No reading that gives points, no evidence marked not valid: the engine's input is the
    # candidate's, so the declared result is reused (not scored again); a reading is scored.
    (text,) = give(submitted, "STR-01", True, links=["https://nancy.example.org/deliberation"])
    unchanged = submitted_review(submitted, juror)
    EvidenceCheck.objects.create(review=unchanged, evidence=text, is_valid=True)
    corrected = submitted_review(submitted, second_juror, LEVEL_ONE)
    result = results(submitted)[submitted.pk]
    assert result.reviews[unchanged] is result.declared
    assert result.reviews[corrected] is not result.declared
    assert (result.reviews[corrected].level, result.declared.level) == (1, 0)


def test_without_submitted_reviews_the_proposed_level_is_the_declared_one(submitted, review_edition, juror):
    Review.objects.create(assignment=Assignment.objects.create(dossier=submitted, member=juror.jurymember_set.get()))
    result = results(submitted)[submitted.pk]
    assert (result.declared.level, result.reviewed_level, result.proposed_level, result.divergent) == (
        0,
        None,
        0,
        False,
    )


def test_the_reviewed_level_is_the_lower_median_of_the_jurors(
    submitted, review_edition, juror, second_juror, declared_juror
):
    submitted_review(submitted, juror, LEVEL_ONE)
    submitted_review(submitted, second_juror)
    result = results(submitted)[submitted.pk]
    assert (sorted(result.reviewed_levels), result.reviewed_level, result.proposed_level) == ([0, 1], 0, 0)
    assert result.divergent is True
    # A juror who declared a conflict with Nancy reviews Vandœuvre only; a third review of Nancy:
    submitted_review(submitted, declared_juror, LEVEL_ONE)
    result = results(submitted)[submitted.pk]
    assert (result.reviewed_level, result.proposed_level) == (1, 1)


def test_reviewers_who_agree_are_not_divergent(submitted, review_edition, juror, second_juror):
    submitted_review(submitted, juror, LEVEL_ONE)
    submitted_review(submitted, second_juror, LEVEL_ONE)
    result = results(submitted)[submitted.pk]
    assert (result.reviewed_level, result.divergent) == (1, False)


def test_percents_15_points_apart_are_divergent_even_at_the_same_level(submitted, review_edition, juror, second_juror):
    compiled = submitted.edition.referential.compiled()
    # Every point of the axes STR and LOG, none elsewhere: a higher global percent, still level 1.
    full = [(c, str(q.points)) for c, q in compiled.questions.items() if q.axis in ("STR", "LOG") and q.points]
    submitted_review(submitted, juror, LEVEL_ONE)
    submitted_review(submitted, second_juror, full)
    result = results(submitted)[submitted.pk]
    percents = sorted(r.global_percent for r in result.reviews.values())
    assert len(set(result.reviewed_levels)) == 1
    assert (percents[1] - percents[0] >= 15, result.divergent) == (True, True)


def test_calibration_reviews_and_expert_opinions_do_not_count(submitted, review_edition, juror, expert):
    submitted_review(submitted, juror, LEVEL_ONE, calibration=True)
    submitted_review(submitted, expert, LEVEL_ONE)
    result = results(submitted)[submitted.pk]
    assert (result.reviews, result.reviewed_level, result.proposed_level) == ({}, None, 0)


def test_jury_results_takes_the_same_queries_for_one_dossier_or_two(
    submitted, other_submitted, review_edition, juror, second_juror
):
    submitted_review(submitted, juror, LEVEL_ONE)
    submitted_review(other_submitted, second_juror, LEVEL_ONE)
    submitted_review(other_submitted, juror)
    with CaptureQueriesContext(connection) as one:
        results(submitted)
    with CaptureQueriesContext(connection) as two:
        both = results(submitted, other_submitted)
    assert len(one) == len(two)
    assert [both[submitted.pk].reviewed_level, both[other_submitted.pk].reviewed_level] == [1, 0]
