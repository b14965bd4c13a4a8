"""What the review page shows, computed once per request: the dossier question by question (axis by
axis), the reviewer's readings and evidence checks, the agreed reading notes, the live reviewed
score, and the other reviews of the dossier when the juror may see them.

Everything is loaded up front in a fixed number of queries (the assignment with the dossier's
answers and evidence, the review with its readings and checks, the notes, the other reviews);
the engine then scores the declared and the reviewed answers without touching the database.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.urls import reverse

from tnl.core.permissions import has_perm
from tnl.core.texts import localized
from tnl.dossiers.enums import EvidenceKind
from tnl.dossiers.models import Answer
from tnl.dossiers.scoring import dossier_state
from tnl.dossiers.words import answer_words
from tnl.editions.enums import JuryRole

from .enums import ReviewStatus, Rubric
from .models import Assignment, QuestionNote, QuestionReview, Review
from .review_services import review_open
from .scoring import RUBRIC_KINDS, review_result

ASSIGNMENTS = Assignment.objects.select_related(
    "dossier__edition__referential", "dossier__territory", "member__user"
).prefetch_related(Prefetch("dossier__answers", queryset=Answer.objects.all()), "dossier__evidence")

RUBRIC_SHORT = {0: "0", 1: "⅓", 2: "⅔", 3: "1"}


def reviews_of(queryset):
    return queryset.select_related("assignment__member__user").prefetch_related(
        Prefetch("questions", queryset=QuestionReview.objects.all()), "evidence_checks"
    )


@dataclass
class Reading:
    """What the reading form shows: the saved reading, or what was just posted and refused."""

    rubric: object = None  # an int, or None
    corrected_points: str = ""
    correction_reason: str = ""
    comment: str = ""
    saved: object = None  # the QuestionReview, if any

    @classmethod
    def of(cls, reading):
        if reading is None:
            return cls()
        return cls(reading.rubric, reading.corrected_points, reading.correction_reason, reading.comment, saved=reading)

    @property
    def rubric_label(self):
        return Rubric(self.rubric).label if self.rubric in Rubric.values else ""


@dataclass
class QuestionRow:
    code: str
    question: dict
    axis: str
    words: object  # text, list, or None when unanswered
    comment: str
    evidence: list  # [{"item", "check" (True/False/None), "url", "is_file"}]
    note: object  # QuestionNote or None
    reading: Reading
    declared: object  # the engine's QuestionResult on the candidate's answers
    reviewed: object  # the engine's QuestionResult with this review
    max_points: object
    others: list = field(default_factory=list)  # [{"name", "rubric", "points", "comment"…}]
    error: str = ""
    just_saved: bool = False

    @property
    def takes_rubric(self):
        return self.question["kind"] in RUBRIC_KINDS

    @property
    def is_list(self):
        return isinstance(self.words, list)

    @property
    def is_link(self):
        return self.question["kind"] == "url" and isinstance(self.words, str)


class ReviewPage:
    """The review page of one assignment, for its jury member (editable while the review is open)
    or for an organiser (read-only)."""

    def __init__(self, request, assignment):
        self.request, self.assignment = request, assignment
        self.dossier = assignment.dossier
        self.edition = self.dossier.edition
        user = request.user
        self.is_reviewer = has_perm(user, "jury.review", assignment)
        self.is_organiser = has_perm(user, "jury.manage", self.edition)
        self.is_expert = assignment.member.role == JuryRole.EXPERT
        self.review = reviews_of(Review.objects.filter(assignment=assignment)).first()
        self.submitted = self.review is not None and self.review.status == ReviewStatus.SUBMITTED
        self.phase_open = review_open(assignment)
        self.editable = self.is_reviewer and self.phase_open and not self.submitted

    # Data ------------------------------------------------------------------------------------

    @cached_property
    def state(self):
        return dossier_state(self.dossier)

    @cached_property
    def compiled(self):
        return self.edition.referential.compiled()

    @cached_property
    def readings(self):
        return {reading.question: reading for reading in self.review.questions.all()} if self.review else {}

    @cached_property
    def checks(self):
        return {check.evidence_id: check.is_valid for check in self.review.evidence_checks.all()} if self.review else {}

    def _score(self, readings, invalid):
        evidence = [item for items in self.state.evidence.values() for item in items]
        return review_result(self.dossier, self.state.answers, evidence, list(readings), invalid)

    @cached_property
    def result(self):
        """The live reviewed score of this review (its readings so far)."""
        invalid = {pk for pk, valid in self.checks.items() if not valid}
        return self._score(self.readings.values(), invalid)

    @cached_property
    def notes(self):
        return {note.question: note for note in QuestionNote.objects.filter(edition=self.edition)}

    @property
    def others_visible(self):
        """The other reviews are shown to organisers, and to a juror once they submitted their own
        (or always, when the edition does not hide them)."""
        if self.is_organiser and not self.is_reviewer:
            return True
        if not self.is_reviewer or self.is_expert:
            return False
        return self.submitted or not self.edition.reviews_hidden_until_submitted

    @cached_property
    def others(self):
        """The other submitted reviews of the dossier (same kind: calibration or not), scored."""
        if not self.others_visible:
            return []
        queryset = Review.objects.filter(
            assignment__dossier=self.dossier,
            assignment__calibration=self.assignment.calibration,
            status=ReviewStatus.SUBMITTED,
        ).exclude(assignment=self.assignment)
        others = []
        for review in reviews_of(queryset.order_by("submitted_at", "pk")):
            member = review.assignment.member
            readings = {reading.question: reading for reading in review.questions.all()}
            invalid = {check.evidence_id for check in review.evidence_checks.all() if not check.is_valid}
            others.append(
                {
                    "review": review,
                    "name": str(member.user),
                    "is_expert": member.role == JuryRole.EXPERT,
                    "readings": readings,
                    "invalid": invalid,
                    "result": None if member.role == JuryRole.EXPERT else self._score(readings.values(), invalid),
                }
            )
        return others

    @property
    def hidden_others_note(self):
        """Why the other reviews are not shown to this juror, if that is the reason."""
        return (
            self.is_reviewer
            and not self.is_expert
            and not self.submitted
            and self.edition.reviews_hidden_until_submitted
        )

    # Rows ------------------------------------------------------------------------------------

    def _evidence(self, code):
        items = []
        for item in self.state.evidence.get(code, []):
            is_file = item.kind == EvidenceKind.FILE
            url = (
                reverse("dossiers:evidence_file", kwargs={"pk": self.dossier.pk, "evidence_pk": item.pk})
                if is_file
                else item.url
            )
            items.append({"item": item, "check": self.checks.get(item.pk), "url": url, "is_file": is_file})
        return items

    def _others_for(self, code):
        rows = []
        for other in self.others:
            if other["is_expert"]:
                continue
            reading = other["readings"].get(code)
            rows.append(
                {
                    "name": other["name"],
                    "rubric": RUBRIC_SHORT.get(reading.rubric) if reading and reading.rubric is not None else "",
                    "points": other["result"].questions[code].points,
                    "potential": other["result"].questions[code].potential,
                    "corrected": bool(reading and reading.corrected_points),
                    "reason": reading.correction_reason if reading else "",
                }
            )
        return rows

    def row(self, question, reading=None, **extra):
        code = question["code"]
        answer = self.state.answers.get(code)
        evidence = self.state.evidence.get(code, [])
        value = answer.value if answer is not None else None
        if question["kind"] == "file" and not value:
            value = [item.original_name for item in evidence if item.kind == EvidenceKind.FILE] or None
        return QuestionRow(
            code=code,
            question=question,
            axis=self.result.questions[code].axis,
            words=answer_words(question, value),
            comment=answer.comment if answer is not None else "",
            evidence=self._evidence(code),
            note=self.notes.get(code),
            reading=reading or Reading.of(self.readings.get(code)),
            declared=self.state.result.questions[code],
            reviewed=self.result.questions[code],
            max_points=self.compiled.questions[code].points,
            others=self._others_for(code) if self.others else [],
            **extra,
        )

    def axes(self, override=None):
        """[{code, title, declared, reviewed, rows}] of the axes with questions in the dossier's form."""
        axes = []
        for axis in self.state.document["axes"]:
            questions = self.state.form_questions(axis)
            if not questions:
                continue
            axes.append(
                {
                    "code": axis["code"],
                    "title": localized(axis["title"]),
                    "declared": self.state.result.axes[axis["code"]],
                    "reviewed": self.result.axes[axis["code"]],
                    "rows": [
                        override if override is not None and override.code == q["code"] else self.row(q)
                        for q in questions
                    ],
                }
            )
        return axes

    def question(self, code):
        return self.state.questions.get(code)

    def in_form(self, code):
        return code in self.state.questions and self.state.in_form(code)

    def missing_rubrics(self):
        """The url, file and text questions still without a rubric (or corrected points), as
        `review_services.missing_rubrics` says, from what this page already loaded."""
        missing = []
        for code, question in self.state.questions.items():
            if question["kind"] not in RUBRIC_KINDS or not self.state.in_form(code):
                continue
            if self.state.result.questions[code].status in ("not_applicable", "unanswered"):
                continue
            reading = self.readings.get(code)
            if reading is None or (reading.rubric is None and not reading.corrected_points):
                missing.append(code)
        return missing

    # Levels ----------------------------------------------------------------------------------

    def level_words(self, result):
        return {"number": result.level, "label": localized(result.level_label) if result.level_label else ""}

    def context(self, **extra):
        return {
            "page": self,
            "assignment": self.assignment,
            "dossier": self.dossier,
            "edition": self.edition,
            "review": self.review,
            "editable": self.editable,
            "declared": self.state.result,
            "reviewed": self.result,
            "rubrics": Rubric.choices,
            **extra,
        }
