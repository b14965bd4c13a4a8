"""How far the jurors agree on a calibration dossier: identical shares, spread, order, who counts."""

from fractions import Fraction

import pytest

from tests import factories
from tests.jury.calibrating import read
from tnl.jury import calibration_services as services
from tnl.jury.calibration_agreement import agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def third_juror(edition):
    return factories.JuryMemberFactory(
        edition=edition, user__email="tiers@example.org", user__full_name="Tom Tiers"
    ).user


@pytest.fixture
def sample(organiser, edition, submitted, juror, second_juror, third_juror, conflicted_juror, expert):
    return services.add_calibration_sample(organiser, edition, submitted)[0]


@pytest.fixture
def readings(sample, submitted, juror, second_juror, third_juror):
    # DON-02 (url, 15 points), STR-10 (text, 5), COM-01 (url, 8): rubrics; STR-01 (yes/no, 15): corrections.
    read(juror, submitted, {"DON-02": 3, "STR-10": 2, "COM-01": 0, "STR-01": "5"})
    read(second_juror, submitted, {"DON-02": 3, "STR-10": 2, "COM-01": 3}, submitted=True)
    read(third_juror, submitted, {"DON-02": 1, "STR-10": 2})


def questions_of(organiser, edition):
    [item] = agreement(edition, organiser)
    return {question.code: question for question in item.questions}, item


def summary(question):
    return (
        question.answered,
        question.identical,
        question.share,
        question.spread,
        question.modal_label,
        [(r.member.user.full_name, r.label, r.points, r.submitted) for r in question.readings],
    )


def test_rubric_questions_compare_the_rubric_of_the_jurors_who_set_it(organiser, edition, readings):
    questions, _ = questions_of(organiser, edition)
    assert summary(questions["DON-02"]) == (
        3,
        2,
        Fraction(2, 3),
        10,
        "1 — pleinement atteint",
        [
            ("Jeanne Jurée", "1 — pleinement atteint", 15, True),
            ("Jules Juré", "1 — pleinement atteint", 15, False),
            ("Tom Tiers", "⅓ — en partie atteint", 5, False),
        ],
    )
    assert summary(questions["STR-10"])[:4] == (3, 3, Fraction(1), 0)
    assert summary(questions["COM-01"])[:4] == (2, 1, Fraction(1, 2), 8)
    # Nobody set a rubric on DON-09: nobody answered it.
    assert summary(questions["DON-09"]) == (0, 0, None, None, "", [])


def test_other_questions_compare_corrections_of_jurors_who_wrote_or_submitted(organiser, edition, readings):
    questions, _ = questions_of(organiser, edition)
    # Jules corrected STR-01 to 5 points; Jeanne submitted without correcting it (Nancy answered
    # "no": 0 points); Tom's review is in progress and says nothing of STR-01: he does not count.
    assert summary(questions["STR-01"]) == (
        2,
        1,
        Fraction(1, 2),
        5,
        "",  # a tie: no reading has a majority
        [("Jeanne Jurée", "aucune correction", 0, True), ("Jules Juré", "corrigé à 5 points", 5, False)],
    )
    assert summary(questions["STR-02"])[:4] == (1, 1, Fraction(1), 0)
    assert (questions["STR-01"].tied, questions["DON-02"].tied, questions["STR-02"].tied) == (True, False, False)


def test_questions_come_least_agreement_first(organiser, edition, readings):
    _, item = questions_of(organiser, edition)
    codes = [question.code for question in item.questions]
    # Half agree, 8 points apart; half, 5 apart; two thirds; then full agreement in file order; the
    # questions nobody answered come last.
    assert codes[:4] == ["COM-01", "STR-01", "DON-02", "STR-02"]
    assert codes[-3:] == ["DON-09", "DON-10", "COM-10"]
    assert [q.code for q in item.disputed] == ["COM-01", "STR-01", "DON-02"]
    assert [q.code for q in item.agreed][:2] == ["STR-02", "STR-03"]
    assert len(item.disputed) + len(item.agreed) + len(item.unanswered) == len(item.questions) == 57
    assert [(q.code, q.answered) for q in item.unanswered] == [
        (code, 0) for code in ["STR-09", "INT-01", "INT-03", "DON-09", "DON-10", "COM-10"]
    ]


def test_the_jurors_and_their_reviews_are_counted(organiser, edition, readings, sample):
    _, item = questions_of(organiser, edition)
    assert [(j.member.user.full_name, j.status) for j in item.jurors] == [
        ("Jeanne Jurée", "submitted"),
        ("Jules Juré", "in_progress"),
        ("Tom Tiers", "in_progress"),
    ]
    assert (item.started, item.submitted, item.hidden) == (3, 1, False)


def test_a_juror_who_has_not_started_counts_but_reads_nothing(organiser, edition, sample, submitted, juror):
    read(juror, submitted, {"DON-02": 2})
    _, item = questions_of(organiser, edition)
    assert [(j.member.user.full_name, j.status) for j in item.jurors] == [
        ("Jeanne Jurée", "not_started"),
        ("Jules Juré", "in_progress"),
        ("Tom Tiers", "not_started"),
    ]
    assert (item.started, item.submitted) == (1, 0)


def test_conflicted_jurors_and_experts_never_count(
    organiser, edition, sample, submitted, juror, conflicted_juror, expert
):
    # Readings left from before a conflict (or by an expert) are not the jury's calibration.
    read(conflicted_juror, submitted, {"DON-02": 0}, submitted=True)
    read(expert, submitted, {"DON-02": 0}, submitted=True)
    read(juror, submitted, {"DON-02": 3})
    questions, item = questions_of(organiser, edition)
    assert [j.member.user.full_name for j in item.jurors] == ["Jeanne Jurée", "Jules Juré", "Tom Tiers"]
    assert summary(questions["DON-02"])[:4] == (1, 1, Fraction(1), 0)


def test_a_conflicted_juror_does_not_see_the_sample(edition, sample, conflicted_juror, juror):
    assert agreement(edition, conflicted_juror) == []
    assert [item.dossier.territory.name for item in agreement(edition, juror)] == ["Nancy"]


def test_a_juror_sees_the_readings_once_they_submitted_their_own(edition, sample, submitted, juror, second_juror):
    read(second_juror, submitted, {"DON-02": 3}, submitted=True)
    review = read(juror, submitted, {"DON-02": 1})
    [item] = agreement(edition, juror)
    assert (item.hidden, item.own.member.user, [q.answered for q in item.questions if q.answered]) == (True, juror, [])
    review.status = "submitted"
    review.save()
    [item] = agreement(edition, juror)
    assert (item.hidden, {q.code: q.answered for q in item.questions}["DON-02"]) == (False, 2)


def test_without_the_setting_a_juror_sees_the_readings_at_once(edition, sample, submitted, juror, second_juror):
    edition.reviews_hidden_until_submitted = False
    edition.save()
    read(second_juror, submitted, {"DON-02": 3}, submitted=True)
    [item] = agreement(edition, juror)
    assert (item.hidden, {q.code: q.answered for q in item.questions}["DON-02"]) == (False, 1)


def test_no_sample_no_agreement(organiser, edition):
    assert agreement(edition, organiser) == []
