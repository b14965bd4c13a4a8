"""How far the jurors agree on the calibration dossiers, question by question.

For each sample dossier and question:

- the readings: what each juror chose. On a url, file or text question, the rubric (or a
  corrected number of points); on any other question, a corrected number of points or "no
  correction". A juror counts on a rubric question once they set it (or corrected the points); on
  another question once they wrote anything on it or submitted their review;
- the share of identical readings: how many jurors chose the most common reading, out of those
  who count;
- the spread: the largest minus the smallest number of points the jurors' readings give the
  question, computed by the engine (`tnl.jury.scoring.review_result`), rules and scales included.

Reviews in progress count (the point is to discuss them); the page says how many are submitted.
Invited experts, and jurors conflicted with the sample's body, are left out. Everything is loaded
in a fixed number of queries, whatever the number of jurors, samples or questions.
"""

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tnl.core.formatting import points as as_points
from tnl.core.permissions import is_organiser
from tnl.dossiers.models import Answer, Evidence
from tnl.editions.enums import JuryRole

from .conflicts import ConflictMap
from .enums import ReviewStatus, Rubric
from .models import Assignment, CalibrationSample, EvidenceCheck, QuestionNote, QuestionReview, Review
from .rules import seat
from .scoring import RUBRIC_KINDS, corrected_points, review_result

NO_CORRECTION = ("none",)


@dataclass
class Reading:
    """One juror's reading of one question."""

    member: object
    submitted: bool
    key: tuple  # what is compared: ("rubric", n), ("points", Fraction) or NO_CORRECTION
    points: Fraction  # what the engine gives the question with this juror's review

    @property
    def label(self):
        return reading_label(self.key)


def reading_label(key):
    if key[0] == "rubric":
        return str(Rubric(key[1]).label)
    if key[0] == "points":
        return _("corrected to %(points)s") % {"points": as_points(key[1])}
    return _("no correction")


def reading_key(reading, rubric_question):
    """The comparable reading of a `QuestionReview` (None when it says nothing yet)."""
    correction = corrected_points(reading.corrected_points) if reading is not None else None
    if correction is not None:
        return ("points", correction)
    if rubric_question:
        return ("rubric", reading.rubric) if reading is not None and reading.rubric is not None else None
    return NO_CORRECTION


@dataclass
class QuestionAgreement:
    code: str
    text: dict
    rubric: bool  # the jury sets a rubric on this question
    readings: list = field(default_factory=list)
    note: object = None

    @property
    def answered(self):
        return len(self.readings)

    @property
    def modal(self):
        """(key, count) of the most common reading (the first met on a tie), or None."""
        if not self.readings:
            return None
        return Counter(reading.key for reading in self.readings).most_common(1)[0]

    @property
    def tied(self):
        """Two readings or more share the largest number of jurors: no reading has a majority."""
        counts = Counter(reading.key for reading in self.readings).values()
        return list(counts).count(max(counts)) > 1 if self.readings else False

    @property
    def modal_label(self):
        return reading_label(self.modal[0]) if self.readings and not self.tied else ""

    @property
    def identical(self):
        return self.modal[1] if self.readings else 0

    @property
    def share(self):
        """The share of identical readings, a Fraction in [0, 1]; None when nobody answered."""
        return Fraction(self.identical, self.answered) if self.readings else None

    @property
    def percent(self):
        return self.share * 100 if self.readings else None

    @property
    def spread(self):
        if not self.readings:
            return None
        points = [reading.points for reading in self.readings]
        return max(points) - min(points)

    def sort_key(self):
        """Least agreement first: lower share, then wider spread; unanswered questions last."""
        if not self.readings:
            return (1, Fraction(0), Fraction(0))
        return (0, self.share, -self.spread)


@dataclass
class JurorState:
    member: object
    review: object  # None when not started

    @property
    def status(self):
        if self.review is None:
            return "not_started"
        return "submitted" if self.review.status == ReviewStatus.SUBMITTED else "in_progress"


@dataclass
class SampleAgreement:
    sample: object
    jurors: list  # JurorState, by name
    questions: list  # QuestionAgreement, least agreement first
    hidden: bool = False  # the viewer must submit their own calibration review first
    own: object = None  # the viewer's calibration assignment of this dossier, if any

    @property
    def dossier(self):
        return self.sample.dossier

    @property
    def disputed(self):
        """The questions the answering jurors read differently, least agreement first."""
        return [question for question in self.questions if question.answered and question.identical < question.answered]

    @property
    def agreed(self):
        """The questions all answering jurors read the same way."""
        return [
            question for question in self.questions if question.answered and question.identical == question.answered
        ]

    @property
    def unanswered(self):
        return [question for question in self.questions if not question.answered]

    @property
    def started(self):
        return sum(1 for juror in self.jurors if juror.review is not None)

    @property
    def submitted(self):
        return sum(1 for juror in self.jurors if juror.status == "submitted")


def question_texts(referential):
    """[(code, text {lang: str})] in the referential's order."""
    return [
        (question["code"], question.get("text") or {})
        for axis in referential.document["axes"]
        for question in axis["questions"]
    ]


def agreement(edition, viewer):
    """[SampleAgreement] of the edition's calibration dossiers that `viewer` may see (organisers:
    all; a juror: those whose body they are not conflicted with)."""
    samples = list(
        CalibrationSample.objects.filter(edition_id=edition.pk)
        .select_related("dossier__territory")
        .order_by("created_at", "pk")
    )
    if not samples:
        return []
    for sample in samples:
        sample.dossier.edition = edition
    dossier_ids = [sample.dossier_id for sample in samples]
    assignments = list(
        Assignment.objects.filter(dossier_id__in=dossier_ids, calibration=True, member__role=JuryRole.JUROR)
        .select_related("member__user")
        .order_by("member__user__full_name", "member_id")
    )
    viewer_seat = None if is_organiser(viewer) else seat(viewer, edition)
    members = {assignment.member.pk: assignment.member for assignment in assignments}
    if viewer_seat is not None:
        members.setdefault(viewer_seat.pk, viewer_seat)
    conflicts = ConflictMap(members.values())
    reviews = {
        review.assignment_id: review
        for review in Review.objects.filter(assignment__in=[a.pk for a in assignments]).prefetch_related(
            Prefetch("questions", queryset=QuestionReview.objects.all()),
            Prefetch("evidence_checks", queryset=EvidenceCheck.objects.filter(is_valid=False)),
        )
    }
    answers, evidence = {}, {}
    for answer in Answer.objects.filter(dossier_id__in=dossier_ids):
        answers.setdefault(answer.dossier_id, {})[answer.question] = answer
    for item in Evidence.objects.filter(dossier_id__in=dossier_ids):
        evidence.setdefault(item.dossier_id, []).append(item)
    notes = {note.question: note for note in QuestionNote.objects.filter(edition_id=edition.pk)}
    compiled = edition.referential.compiled()
    texts = question_texts(edition.referential)

    result = []
    for sample in samples:
        dossier = sample.dossier
        if viewer_seat is not None and conflicts.is_conflicted(viewer_seat, dossier.territory):
            continue
        mine = [a for a in assignments if a.dossier_id == dossier.pk]
        mine = [a for a in mine if not conflicts.is_conflicted(a.member, dossier.territory)]
        jurors = [JurorState(a.member, reviews.get(a.pk)) for a in mine]
        own = next((a for a in mine if viewer_seat is not None and a.member_id == viewer_seat.pk), None)
        hidden = (
            own is not None
            and edition.reviews_hidden_until_submitted
            and not (reviews.get(own.pk) is not None and reviews[own.pk].is_submitted)
        )
        questions = {
            code: QuestionAgreement(code, text, compiled.questions[code].kind in RUBRIC_KINDS, note=notes.get(code))
            for code, text in texts
        }
        if not hidden:
            _read(dossier, jurors, questions, answers.get(dossier.pk, {}), evidence.get(dossier.pk, []))
        ordered = sorted(questions.values(), key=QuestionAgreement.sort_key)
        result.append(SampleAgreement(sample, jurors, ordered, hidden, own))
    return result


def _read(dossier, jurors, questions, answers, evidence):
    for juror in jurors:
        review = juror.review
        if review is None:
            continue
        rows = {row.question: row for row in review.questions.all()}
        invalid = {check.evidence_id for check in review.evidence_checks.all()}
        scored = review_result(dossier, answers, evidence, list(rows.values()), invalid)
        for code, question in questions.items():
            row = rows.get(code)
            if row is None and not (review.is_submitted and not question.rubric):
                continue
            key = reading_key(row, question.rubric)
            if key is None:
                continue
            question.readings.append(Reading(juror.member, review.is_submitted, key, scored.questions[code].points))
