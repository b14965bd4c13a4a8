"""Every check of tnl/jury/review_services.py, called directly: who, when (phase, submitted),
what (question, rubric, points, reason, lengths). Each test fails if its check is deleted."""

import copy
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from tests.jury.reviewing import give
from tnl.core.exceptions import NotAllowed, Refused
from tnl.core.models import AuditEntry
from tnl.editions.models import Edition
from tnl.jury import review_services as services
from tnl.jury.enums import ReviewStatus, Rubric
from tnl.jury.models import Assignment, Conflict, EvidenceCheck, QuestionReview, Review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English here (one test reads a French one)."""
    with translation.override("en"):
        yield


def assign(user, dossier, calibration=False):
    return Assignment.objects.create(
        dossier=dossier, member=user.jurymember_set.get(edition=dossier.edition), calibration=calibration
    )


def set_phase(edition, phase):
    """Move the edition (in review now) to `phase` by its dates and actions, as time would."""
    now = timezone.now()
    changes = {
        "open": {"closes_at": now + timedelta(days=3), "jury_on": timezone.localdate(now + timedelta(days=5))},
        "closed": {"jury_on": timezone.localdate(now + timedelta(days=1))},
        "review": {},
        "deliberation": {"deliberation_started_at": now},
        "published": {"deliberation_started_at": now, "published_at": now},
    }[phase]
    Edition.objects.filter(pk=edition.pk).update(**changes)
    edition.refresh_from_db()
    assert edition.phase == phase


@pytest.fixture
def answered(assignment):
    """COM-01 (url, 8 points) answered with a link; STR-10 (text) left unanswered."""
    give(assignment.dossier, "COM-01", "https://nancy.example.org", links=["https://nancy.example.org/a11y"])
    return assignment


def expert_assignment(expert, dossier):
    return assign(expert, dossier)


# save_reading --------------------------------------------------------------------------------


def test_a_reading_without_a_comment_has_none(juror, answered):
    reading = services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    assert (reading.rubric, reading.comment, QuestionReview.objects.get().comment) == (Rubric.FULL, "", "")


def test_a_reading_is_saved_and_the_first_one_starts_the_review(juror, answered):
    reading = services.save_reading(juror, answered, "COM-01", rubric=Rubric.TWO_THIRDS, comment="Bien")
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL, comment="Très bien")
    reading.refresh_from_db()
    assert (reading.rubric, reading.comment) == (Rubric.FULL, "Très bien")
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))[-3:] == [
        "review.started",
        "reading.saved",
        "reading.saved",
    ]
    assert Review.objects.get(assignment=answered).status == ReviewStatus.IN_PROGRESS


@pytest.mark.parametrize("who", ["second_juror", "conflicted_juror", "organiser", "outsider", "elected"])
def test_only_the_assigned_member_saves_a_reading(request, who, answered):
    with pytest.raises(NotAllowed):
        services.save_reading(request.getfixturevalue(who), answered, "COM-01", rubric=Rubric.FULL)
    assert not Review.objects.exists()


def test_a_conflicted_juror_assigned_anyway_cannot_review(conflicted_juror, submitted, review_edition):
    assignment = assign(conflicted_juror, submitted)
    with pytest.raises(NotAllowed):
        services.save_reading(conflicted_juror, assignment, "COM-01", rubric=Rubric.FULL)
    with pytest.raises(NotAllowed):
        services.submit_review(conflicted_juror, assignment)


def test_no_actor_is_refused(answered):
    with pytest.raises(NotAllowed):
        services.save_reading(None, answered, "COM-01", rubric=Rubric.FULL)


def test_an_expert_gives_no_scores(expert, submitted, review_edition):
    assignment = expert_assignment(expert, submitted)
    with pytest.raises(Refused, match="Invited experts give a written opinion"):
        services.save_reading(expert, assignment, "COM-01", rubric=Rubric.FULL)
    evidence = give(submitted, "COM-01", "https://nancy.example.org", links=["https://nancy.example.org/x"])[0]
    with pytest.raises(Refused, match="Invited experts"):
        services.check_evidence(expert, assignment, evidence, False)


@pytest.mark.parametrize("phase", ["open", "closed", "published"])
def test_reviews_change_only_in_review_and_deliberation(juror, answered, phase):
    set_phase(answered.dossier.edition, phase)
    with pytest.raises(Refused, match="reviews can change only during the jury review and the deliberation"):
        services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    assert not Review.objects.exists()


def test_reviews_change_during_the_deliberation(juror, answered):
    set_phase(answered.dossier.edition, "deliberation")
    assert services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL).rubric == Rubric.FULL


def test_a_calibration_review_changes_once_applications_closed(juror, answered):
    calibration = assign(juror, answered.dossier, calibration=True)
    set_phase(answered.dossier.edition, "closed")
    assert services.save_reading(juror, calibration, "COM-01", rubric=Rubric.ONE_THIRD).rubric == Rubric.ONE_THIRD
    with pytest.raises(Refused, match="reviews can change only during"):
        services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    set_phase(answered.dossier.edition, "open")
    with pytest.raises(Refused, match="calibration reviews can change only once applications closed"):
        services.save_reading(juror, calibration, "COM-01", rubric=Rubric.FULL)


def test_a_submitted_review_does_not_change(juror, answered):
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    services.submit_review(juror, answered)
    with pytest.raises(Refused, match="Your review was submitted on"):
        services.save_reading(juror, answered, "COM-01", rubric=Rubric.NONE)
    evidence = answered.dossier.evidence.get()
    with pytest.raises(Refused, match="Your review was submitted on"):
        services.check_evidence(juror, answered, evidence, False)
    with pytest.raises(Refused, match="Your review was submitted on"):
        services.submit_review(juror, answered)
    assert QuestionReview.objects.get().rubric == Rubric.FULL
    assert not EvidenceCheck.objects.exists()


def test_the_question_must_be_in_the_dossiers_form(juror, answered):
    with pytest.raises(Refused, match="NOPE-01 is not a question of this edition"):
        services.save_reading(juror, answered, "NOPE-01", rubric=Rubric.FULL)
    type(answered.dossier).objects.filter(pk=answered.dossier.pk).update(form="badge")
    answered.dossier.refresh_from_db()
    with pytest.raises(Refused, match="INT-03 is not part of this dossier's form"):
        services.save_reading(juror, answered, "INT-03", rubric=Rubric.FULL)
    assert services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL).rubric == Rubric.FULL


def test_the_rubric_is_one_of_four_and_only_for_url_file_and_text_questions(juror, answered):
    with pytest.raises(Refused, match="COM-01: choose the rubric 0, ⅓, ⅔ or 1"):
        services.save_reading(juror, answered, "COM-01", rubric=4)
    with pytest.raises(Refused, match="STR-01 is scored from the answer itself"):
        services.save_reading(juror, answered, "STR-01", rubric=Rubric.FULL)
    assert not QuestionReview.objects.exists()
    reading = services.save_reading(
        juror, answered, "STR-01", corrected_points="1", correction_reason="Délibération vue"
    )
    assert (reading.rubric, reading.corrected_points) == (None, "1")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "COM-01: the corrected points must be a number from 0 to 8, such as 2,5."),
        ("-1", "COM-01: the corrected points must be a number from 0 to 8, such as 2,5."),
        ("1" * 200, "COM-01: the corrected points must be a number from 0 to 8, such as 2,5."),
        ("1e3", "COM-01: the corrected points must be a number from 0 to 8, such as 2,5."),
        ("٣", "COM-01: the corrected points must be a number from 0 to 8, such as 2,5."),
        ("1.2345678", "COM-01: the corrected points must be a number from 0 to 8, such as 2,5."),
        ("8.5", "COM-01: the corrected points cannot be more than the question's 8."),
    ],
)
def test_corrected_points_are_a_number_within_the_questions_points(juror, answered, typed, message):
    with pytest.raises(Refused) as refused:
        services.save_reading(juror, answered, "COM-01", corrected_points=typed, correction_reason="Vu")
    assert refused.value.messages == [message]
    assert not QuestionReview.objects.exists()


@pytest.mark.parametrize(("typed", "stored"), [("2,5", "2.5"), (" 8 ", "8"), ("0", "0"), ("3.50", "3.5")])
def test_corrected_points_are_stored_as_exact_decimals(juror, answered, typed, stored):
    reading = services.save_reading(juror, answered, "COM-01", corrected_points=typed, correction_reason="Vu")
    assert reading.corrected_points == stored


def test_a_correction_needs_a_reason(juror, answered):
    with pytest.raises(Refused, match="COM-01: say why you correct the points"):
        services.save_reading(juror, answered, "COM-01", corrected_points="3", correction_reason="  ")
    reading = services.save_reading(juror, answered, "COM-01", corrected_points="3", correction_reason=" Vu en séance ")
    assert (reading.corrected_points, reading.correction_reason) == ("3", "Vu en séance")
    reading = services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL, correction_reason="oublié")
    assert (reading.corrected_points, reading.correction_reason) == ("", "")


def test_texts_are_at_most_10000_characters(juror, answered):
    with pytest.raises(Refused, match="COM-01: the private comment has 10"):
        services.save_reading(juror, answered, "COM-01", comment="x" * 10_001)
    with pytest.raises(Refused, match="COM-01: the reason for the correction has 10"):
        services.save_reading(juror, answered, "COM-01", corrected_points="1", correction_reason="x" * 10_001)
    assert services.save_reading(juror, answered, "COM-01", comment="x" * 10_000).comment == "x" * 10_000


# check_evidence ------------------------------------------------------------------------------


def test_evidence_is_checked_and_changed(juror, answered):
    evidence = answered.dossier.evidence.get()
    services.check_evidence(juror, answered, evidence, False)
    check = services.check_evidence(juror, answered, evidence, True)
    assert EvidenceCheck.objects.get().is_valid is True
    assert check.evidence == evidence
    entry = AuditEntry.objects.filter(action="evidence.checked").order_by("pk").last()
    assert (entry.object_id, entry.data["is_valid"]) == (str(evidence.pk), True)


def test_evidence_of_another_dossier_is_refused(juror, answered, other_submitted):
    other = give(other_submitted, "COM-01", "https://vandoeuvre.example.org", links=["https://v.example.org"])[0]
    with pytest.raises(Refused, match="belongs to another dossier"):
        services.check_evidence(juror, answered, other, False)


@pytest.mark.parametrize("who", ["second_juror", "organiser"])
def test_only_the_assigned_member_checks_evidence(request, who, answered):
    with pytest.raises(NotAllowed):
        services.check_evidence(request.getfixturevalue(who), answered, answered.dossier.evidence.get(), False)


def test_evidence_is_checked_only_in_review_phases(juror, answered):
    set_phase(answered.dossier.edition, "published")
    with pytest.raises(Refused, match="reviews can change only"):
        services.check_evidence(juror, answered, answered.dossier.evidence.get(), False)


# save_opinion --------------------------------------------------------------------------------


def test_an_expert_saves_an_opinion(expert, submitted, review_edition):
    assignment = expert_assignment(expert, submitted)
    review = services.save_opinion(expert, assignment, "Un dossier solide.")
    assert Review.objects.get(pk=review.pk).opinion == "Un dossier solide."
    assert AuditEntry.objects.filter(action="opinion.saved").count() == 1


def test_jurors_write_no_opinion(juror, answered):
    with pytest.raises(Refused, match="the written opinion is for invited experts"):
        services.save_opinion(juror, answered, "Avis")


def test_an_opinion_is_at_most_10000_characters(expert, submitted, review_edition):
    assignment = expert_assignment(expert, submitted)
    with pytest.raises(Refused, match="The opinion has 10"):
        services.save_opinion(expert, assignment, "x" * 10_001)


def test_an_opinion_needs_the_expert_and_the_phase(expert, juror, submitted, review_edition):
    assignment = expert_assignment(expert, submitted)
    with pytest.raises(NotAllowed):
        services.save_opinion(juror, assignment, "Avis")
    set_phase(assignment.dossier.edition, "open")
    with pytest.raises(Refused, match="reviews can change only"):
        services.save_opinion(expert, assignment, "Avis")


def test_a_submitted_opinion_does_not_change(expert, submitted, review_edition):
    assignment = expert_assignment(expert, submitted)
    services.save_opinion(expert, assignment, "Avis")
    services.submit_review(expert, assignment)
    with pytest.raises(Refused, match="Your review was submitted"):
        services.save_opinion(expert, assignment, "Autre avis")


# submit_review -------------------------------------------------------------------------------


def test_submitting_needs_a_rubric_on_every_answered_url_file_and_text_question(juror, answered):
    give(answered.dossier, "STR-10", "Un bilan en 2025")
    give(answered.dossier, "DON-02", "https://data.nancy.fr")
    with pytest.raises(Refused) as refused:
        services.submit_review(juror, answered)
    assert refused.value.messages == [
        "Set the rubric of every question that asks for it before submitting: STR-10, DON-02, COM-01."
    ]
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    services.save_reading(juror, answered, "STR-10", corrected_points="2", correction_reason="Bilan partiel")
    with pytest.raises(Refused, match="DON-02"):
        services.submit_review(juror, answered)
    services.save_reading(juror, answered, "DON-02", rubric=Rubric.NONE)
    review = services.submit_review(juror, answered)
    assert (review.status, review.submitted_at is not None) == (ReviewStatus.SUBMITTED, True)
    assert AuditEntry.objects.filter(action="review.submitted").count() == 1


def test_a_review_without_rubric_questions_to_read_can_be_submitted_at_once(juror, assignment):
    review = services.submit_review(juror, assignment)
    assert review.is_submitted
    assert list(AuditEntry.objects.filter(action="review.started").values_list("actor", "object_id")) == [
        (juror.pk, str(review.pk))
    ]


def test_only_the_assigned_member_submits(second_juror, organiser, answered):
    for who in (second_juror, organiser):
        with pytest.raises(NotAllowed):
            services.submit_review(who, answered)


def test_submitting_only_in_review_phases(juror, assignment):
    set_phase(assignment.dossier.edition, "closed")
    with pytest.raises(Refused, match="reviews can change only"):
        services.submit_review(juror, assignment)
    assert not Review.objects.exists()


def test_an_expert_submits_an_opinion_without_rubrics(expert, submitted, review_edition):
    give(submitted, "COM-01", "https://nancy.example.org")
    assignment = expert_assignment(expert, submitted)
    with pytest.raises(Refused, match="Write your opinion before submitting it"):
        services.submit_review(expert, assignment)
    services.save_opinion(expert, assignment, "   ")
    with pytest.raises(Refused, match="Write your opinion"):
        services.submit_review(expert, assignment)
    services.save_opinion(expert, assignment, "Avis")
    assert services.submit_review(expert, assignment).is_submitted


# reopen_review -------------------------------------------------------------------------------


def test_an_organiser_reopens_a_submitted_review_and_the_juror_is_told(organiser, juror, assignment):
    review = services.submit_review(juror, assignment)
    mail.outbox.clear()
    with pytest.raises(NotAllowed):
        services.reopen_review(juror, review)
    reopened = services.reopen_review(organiser, review)
    assert (reopened.status, reopened.submitted_at) == (ReviewStatus.IN_PROGRESS, None)
    assert AuditEntry.objects.filter(action="review.reopened").count() == 1


def test_the_juror_gets_an_email_when_the_review_is_reopened(
    organiser, juror, assignment, django_capture_on_commit_callbacks
):
    review = services.submit_review(juror, assignment)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reopen_review(organiser, review)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["jure@example.org"], "Votre évaluation du dossier de Nancy (54) est rouverte")
    ]
    assert f"/jury/{assignment.dossier.edition.year}/evaluations/{assignment.pk}/" in mail.outbox[0].body
    year = assignment.dossier.edition.year
    assert mail.outbox[0].body.splitlines()[:3] == [
        "Bonjour Jules Juré,",
        "",
        f"Un organisateur a rouvert votre évaluation du dossier {year} de Nancy (54) sur Territoire Numérique "
        "Libre. Vous pouvez la modifier, puis l’envoyer de nouveau.",
    ]


def test_only_a_submitted_review_is_reopened(organiser, juror, answered):
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    with pytest.raises(Refused, match="This review is not submitted"):
        services.reopen_review(organiser, Review.objects.get())


def test_reopening_only_in_review_phases(organiser, juror, assignment):
    review = services.submit_review(juror, assignment)
    set_phase(assignment.dossier.edition, "published")
    with pytest.raises(Refused, match="reviews can change only"):
        services.reopen_review(organiser, review)
    assert Review.objects.get().is_submitted


def test_a_refusal_names_the_question_in_french(juror, answered):
    with translation.override("fr"), pytest.raises(Refused) as refused:
        services.save_reading(juror, answered, "COM-01", corrected_points="9", correction_reason="Vu")
    assert refused.value.messages == ["COM-01 : les points corrigés ne peuvent pas dépasser les 8 de la question."]


def test_only_answered_applicable_questions_of_the_form_need_a_rubric(juror, answered):
    dossier = answered.dossier
    give(dossier, "INT-01", "https://nancy.example.org")  # does not apply: Nancy said it has no website (INT-00)
    give(dossier, "DON-09", "https://data.nancy.fr/algorithmes")  # not in the badge form
    type(dossier).objects.filter(pk=dossier.pk).update(form="badge")
    dossier.refresh_from_db()
    with pytest.raises(Refused) as refused:
        services.submit_review(juror, answered)
    assert refused.value.messages == ["Set the rubric of every question that asks for it before submitting: COM-01."]


def test_a_question_outside_the_badge_form_does_not_hide_the_next_ones(juror, answered):
    """In the badge form, a question left out does not end its axis: a badge question after it
    (here DON-02, moved after DON-09) still needs its rubric."""
    dossier = answered.dossier
    referential = dossier.edition.referential
    document = copy.deepcopy(referential.document)
    [data] = [axis for axis in document["axes"] if axis["code"] == "DON"]
    data["questions"].sort(key=lambda question: question["code"] != "DON-09")  # DON-09 first
    referential.set_document(document)
    type(referential).objects.filter(pk=referential.pk).update(source=referential.source)
    give(dossier, "DON-02", "https://data.nancy.fr")
    type(dossier).objects.filter(pk=dossier.pk).update(form="badge")
    answered.dossier = type(dossier).objects.get(pk=dossier.pk)
    assert [q["code"] for q in data["questions"]][:3] == ["DON-09", "DON-01", "DON-02"]
    assert services.missing_rubrics(answered) == ["DON-02", "COM-01"]


def test_evidence_of_a_question_outside_the_form_is_refused(juror, answered):
    (evidence,) = give(answered.dossier, "DON-09", "https://data.nancy.fr", links=["https://data.nancy.fr/a"])
    type(answered.dossier).objects.filter(pk=answered.dossier.pk).update(form="badge")
    answered.dossier.refresh_from_db()
    with pytest.raises(Refused, match="DON-09 is not part of this dossier's form"):
        services.check_evidence(juror, answered, evidence, False)


# What each function records, and its refusals word for word ---------------------------------------


def entries(action):
    return [
        (entry.actor, entry.object_type, entry.object_id, entry.summary, entry.data)
        for entry in AuditEntry.objects.filter(action=action).order_by("pk")
    ]


def test_the_audit_entries_of_a_juror_s_review(juror, answered):
    year = answered.dossier.edition.year
    evidence = answered.dossier.evidence.get()
    reading = services.save_reading(
        juror, answered, "COM-01", rubric=Rubric.TWO_THIRDS, corrected_points="2,5", correction_reason="Vu"
    )
    review = Review.objects.get()
    assert entries("review.started") == [
        (juror, "jury.review", str(review.pk), f"Review of Nancy (54) – {year} started", {"assignment": answered.pk})
    ]
    assert entries("reading.saved") == [
        (
            juror,
            "jury.questionreview",
            str(reading.pk),
            f"COM-01 read in the review of Nancy (54) – {year}",
            {"review": review.pk, "question": "COM-01", "rubric": Rubric.TWO_THIRDS, "corrected_points": "2.5"},
        )
    ]
    services.check_evidence(juror, answered, evidence, 0)
    services.check_evidence(juror, answered, evidence, "oui")
    data = {"review": review.pk, "question": "COM-01"}
    assert entries("evidence.checked") == [
        (
            juror,
            "dossiers.evidence",
            str(evidence.pk),
            "COM-01: evidence marked not valid",
            {**data, "is_valid": False},
        ),
        (juror, "dossiers.evidence", str(evidence.pk), "COM-01: evidence marked valid", {**data, "is_valid": True}),
    ]
    assert EvidenceCheck.objects.get().is_valid is True
    services.submit_review(juror, answered)
    assert entries("review.submitted") == [
        (juror, "jury.review", str(review.pk), f"Review of Nancy (54) – {year} submitted", {})
    ]
    assert entries("review.started")[1:] == []


def test_the_audit_entries_of_an_opinion_and_a_reopening(expert, organiser, submitted, review_edition):
    assignment = expert_assignment(expert, submitted)
    review = services.save_opinion(expert, assignment, "Un avis")
    services.save_opinion(expert, assignment, None)
    assert Review.objects.get().opinion == ""
    services.save_opinion(expert, assignment, "Un avis")
    assert entries("opinion.saved") == [
        (expert, "jury.review", str(review.pk), f"Opinion on Nancy (54) – {review_edition.year} saved", {"length": 7}),
        (expert, "jury.review", str(review.pk), f"Opinion on Nancy (54) – {review_edition.year} saved", {"length": 0}),
        (expert, "jury.review", str(review.pk), f"Opinion on Nancy (54) – {review_edition.year} saved", {"length": 7}),
    ]
    services.submit_review(expert, assignment)
    services.reopen_review(organiser, review)
    assert entries("review.reopened") == [
        (organiser, "jury.review", str(review.pk), f"Review of Nancy (54) – {review_edition.year} reopened", {})
    ]


def refusal(call):
    with pytest.raises(Refused) as refused:
        call()
    return refused.value.messages


def test_the_phase_refusals_name_the_edition_and_its_phase(juror, answered):
    edition = answered.dossier.edition
    calibration = assign(juror, answered.dossier, calibration=True)
    set_phase(edition, "open")
    assert refusal(lambda: services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)) == [
        f"The {edition.year} edition is in the phase “Open for applications”: reviews can change only during "
        "the jury review and the deliberation."
    ]
    assert refusal(lambda: services.save_reading(juror, calibration, "COM-01", rubric=Rubric.FULL)) == [
        f"The {edition.year} edition is in the phase “Open for applications”: calibration reviews can change only "
        "once applications closed, until the results are published."
    ]


def test_a_submitted_review_says_when_it_was_submitted(juror, answered):
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    review = services.submit_review(juror, answered)
    moment = timezone.localtime(review.submitted_at)
    assert refusal(lambda: services.save_reading(juror, answered, "COM-01", rubric=Rubric.NONE)) == [
        f"Your review was submitted on {moment.day} {moment.strftime('%B')} {moment.year}, "
        f"{moment.strftime('%H:%M')}: it can no longer change unless an organiser reopens it."
    ]


def test_the_role_refusals_word_for_word(juror, expert, answered):
    assignment = expert_assignment(expert, answered.dossier)
    assert refusal(lambda: services.save_reading(expert, assignment, "COM-01", rubric=Rubric.FULL)) == [
        "Invited experts give a written opinion on the dossier, not scores."
    ]
    assert refusal(lambda: services.save_opinion(juror, answered, "Avis")) == [
        "Jurors review the dossier question by question: the written opinion is for invited experts."
    ]


def test_the_length_refusals_give_the_count_and_the_limit(juror, expert, answered):
    assert refusal(lambda: services.save_reading(juror, answered, "COM-01", comment="x" * 12_345)) == [
        "COM-01: the private comment has 12345 characters; at most 10000 are kept."
    ]
    assert refusal(
        lambda: services.save_reading(juror, answered, "COM-01", corrected_points="1", correction_reason="x" * 10_001)
    ) == ["COM-01: the reason for the correction has 10001 characters; at most 10000 are kept."]
    assignment = expert_assignment(expert, answered.dossier)
    assert refusal(lambda: services.save_opinion(expert, assignment, "x" * 10_001)) == [
        "The opinion has 10001 characters; at most 10000 are kept."
    ]
    assert services.save_opinion(expert, assignment, "x" * 10_000).opinion == "x" * 10_000


def test_a_review_is_not_reopened_for_a_member_now_conflicted(organiser, juror, assignment, nancy):
    review = services.submit_review(juror, assignment)
    mail.outbox.clear()
    Conflict.objects.create(member=assignment.member, territory=nancy, reason="Ancien agent")
    assert refusal(lambda: services.reopen_review(organiser, review)) == [
        "Jules Juré is now in conflict with Nancy (54) (Declared conflict: Ancien agent): their review cannot be reopened."
    ]
    assert Review.objects.get().is_submitted
    assert mail.outbox == []


def test_review_open_reads_the_phase_at_the_moment_it_is_given(juror, answered):
    calibration = assign(juror, answered.dossier, calibration=True)
    applications_open = timezone.now() - timedelta(days=10)
    # The moment applications closed (two days ago): a day before the review started (yesterday),
    # whatever the time of day the test runs at.
    applications_closed = answered.dossier.edition.closes_at
    assert (services.review_open(answered), services.review_open(calibration)) == (True, True)
    assert (
        services.review_open(answered, applications_open),
        services.review_open(calibration, applications_open),
    ) == (
        False,
        False,
    )
    assert services.review_open(answered, applications_closed) is False
    assert services.review_open(calibration, applications_closed) is True


def test_the_other_refusals_word_for_word(juror, expert, organiser, answered, other_submitted):
    assert refusal(lambda: services.save_reading(juror, answered, "NOPE-01", rubric=Rubric.FULL)) == [
        "NOPE-01 is not a question of this edition."
    ]
    assert refusal(lambda: services.save_reading(juror, answered, "COM-01", rubric=4)) == [
        "COM-01: choose the rubric 0, ⅓, ⅔ or 1."
    ]
    assert refusal(lambda: services.save_reading(juror, answered, "STR-01", rubric=Rubric.FULL)) == [
        "STR-01 is scored from the answer itself: it takes no rubric (correct its points if need be)."
    ]
    assert refusal(lambda: services.save_reading(juror, answered, "COM-01", corrected_points="3")) == [
        "COM-01: say why you correct the points."
    ]
    other = give(other_submitted, "COM-01", "https://vandoeuvre.example.org", links=["https://v.example.org"])[0]
    assert refusal(lambda: services.check_evidence(juror, answered, other, False)) == [
        "This piece of evidence belongs to another dossier."
    ]
    services.save_reading(juror, answered, "COM-01", rubric=Rubric.FULL)
    assert refusal(lambda: services.reopen_review(organiser, Review.objects.get())) == [
        "This review is not submitted: there is nothing to reopen."
    ]
    assignment = expert_assignment(expert, answered.dossier)
    assert refusal(lambda: services.submit_review(expert, assignment)) == ["Write your opinion before submitting it."]
    type(answered.dossier).objects.filter(pk=answered.dossier.pk).update(form="badge")
    answered.dossier.refresh_from_db()
    assert refusal(lambda: services.save_reading(juror, answered, "INT-03", rubric=Rubric.FULL)) == [
        "INT-03 is not part of this dossier's form."
    ]
