"""The review of one assignment: a juror's readings question by question, their verdicts on the
evidence, an invited expert's written opinion, submission, and the organiser's reopening.

Every function is one transaction that checks first (`ensure`), then says why not (`Refused`):

- who: `jury.review` on the assignment (only its jury member, never when conflicted); reopening
  is `jury.manage` (organisers);
- when: while the edition is in the jury review or the deliberation phase; a calibration
  assignment also once applications closed (calibration happens before reviews open);
- what: a submitted review is read-only until an organiser reopens it; invited experts write
  an opinion and give no scores; jurors score, they write no opinion here.

Audit codes: `review.started` (the first save creates the Review), `reading.saved`,
`evidence.checked`, `opinion.saved`, `review.submitted`, `review.reopened`.
"""

import re
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tnl.core import audit, formatting
from tnl.core.notifications import notify
from tnl.core.services import Refused, ensure
from tnl.dossiers.enums import DossierForm
from tnl.editions.enums import JuryRole, Phase

from .conflicts import conflict_reason
from .enums import ReviewStatus, Rubric
from .models import MAX_TEXT_LENGTH, EvidenceCheck, QuestionReview, Review
from .scoring import RUBRIC_KINDS, declared_result

REVIEW_PHASES = {Phase.REVIEW, Phase.DELIBERATION}
CALIBRATION_PHASES = REVIEW_PHASES | {Phase.CLOSED}
# A corrected number of points as typed: digits, then at most one decimal separator and digits.
POINTS_TEXT = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,6})?")


def review_open(assignment, now=None):
    """True when the assignment's review may change now (the edition's phase allows it)."""
    phase = assignment.dossier.edition.phase_at(now or timezone.now())
    return phase in (CALIBRATION_PHASES if assignment.calibration else REVIEW_PHASES)


def _check_phase(assignment):
    if review_open(assignment):
        return
    edition = assignment.dossier.edition
    if assignment.calibration:
        message = _(
            "The %(year)s edition is in the phase “%(phase)s”: calibration reviews can change only once "
            "applications closed, until the results are published."
        )
    else:
        message = _(
            "The %(year)s edition is in the phase “%(phase)s”: reviews can change only during the jury "
            "review and the deliberation."
        )
    raise Refused(message % {"year": edition.year, "phase": edition.get_phase_display()})


def _check_role(assignment, role):
    if assignment.member.role == role:
        return
    if role == JuryRole.JUROR:
        raise Refused(_("Invited experts give a written opinion on the dossier, not scores."))
    raise Refused(_("Jurors review the dossier question by question: the written opinion is for invited experts."))


def _check_not_submitted(review):
    if review is not None and review.is_submitted:
        raise Refused(
            _("Your review was submitted on %(date)s: it can no longer change unless an organiser reopens it.")
            % {"date": formatting.when(review.submitted_at)}
        )


def _review(actor, assignment):
    """The assignment's review, created (and `review.started` recorded) on the first save."""
    review, created = Review.objects.select_for_update().get_or_create(assignment=assignment)
    if created:
        audit.record(
            actor, "review.started", review, f"Review of {assignment.dossier} started", assignment=assignment.pk
        )
    return review


def _open_review(actor, assignment, role):
    ensure(actor, "jury.review", assignment)
    _check_role(assignment, role)
    _check_phase(assignment)
    existing = Review.objects.filter(assignment=assignment).first()
    _check_not_submitted(existing)
    return _review(actor, assignment)


def _question(assignment, code):
    """The referential's question `code`, if it is part of the dossier's form."""
    dossier = assignment.dossier
    document = dossier.edition.referential.document
    question = next((q for axis in document["axes"] for q in axis["questions"] if q["code"] == code), None)
    if question is None:
        raise Refused(_("%(code)s is not a question of this edition.") % {"code": code})
    if dossier.form != DossierForm.FULL and not question.get("badge", False):
        raise Refused(_("%(code)s is not part of this dossier's form.") % {"code": code})
    return question


def _check_length(code, text, label):
    if len(text) > MAX_TEXT_LENGTH:
        raise Refused(
            _("%(code)s: the %(field)s has %(count)s characters; at most %(limit)s are kept.")
            % {
                "code": code,
                "field": label,
                "count": formatting.number(len(text)),
                "limit": formatting.number(MAX_TEXT_LENGTH),
            }
        )


def parse_points(code, text, maximum):
    """The corrected points typed for question `code` ("2,5", "2.5"), as stored ("2.5"), or ""
    when none. Refused unless it is a plain decimal number from 0 to `maximum`."""
    text = (text or "").strip()
    if not text:
        return ""
    bounds = {"code": code, "max": formatting.number(maximum)}
    if not POINTS_TEXT.fullmatch(text):
        raise Refused(_("%(code)s: the corrected points must be a number from 0 to %(max)s, such as 2,5.") % bounds)
    value = Fraction(Decimal(text.replace(",", ".")))
    if value > maximum:
        raise Refused(_("%(code)s: the corrected points cannot be more than the question's %(max)s.") % bounds)
    return formatting.plain_number(value)


@transaction.atomic
def save_reading(actor, assignment, question, *, rubric=None, corrected_points="", correction_reason="", comment=""):
    """Save the juror's reading of one question (every field at once: what the form shows).

    `rubric` is a `Rubric` value or None (url, file and text questions only); `corrected_points`
    the exact number of points typed, or "" (any question; a reason is then required); `comment`
    stays private to the jury. Creates the review on the first save (`review.started`);
    records `reading.saved`. Returns the QuestionReview."""
    review = _open_review(actor, assignment, JuryRole.JUROR)
    definition = _question(assignment, question)
    if rubric is not None:
        if rubric not in Rubric.values:
            raise Refused(_("%(code)s: choose the rubric 0, ⅓, ⅔ or 1.") % {"code": question})
        if definition["kind"] not in RUBRIC_KINDS:
            raise Refused(
                _("%(code)s is scored from the answer itself: it takes no rubric (correct its points if need be).")
                % {"code": question}
            )
    maximum = assignment.dossier.edition.referential.compiled().questions[question].points
    points = parse_points(question, corrected_points, maximum)
    correction_reason = (correction_reason or "").strip()
    comment = comment or ""
    if points and not correction_reason:
        raise Refused(_("%(code)s: say why you correct the points.") % {"code": question})
    _check_length(question, correction_reason, _("reason for the correction"))
    _check_length(question, comment, _("private comment"))
    reading, _created = QuestionReview.objects.update_or_create(
        review=review,
        question=question,
        defaults={
            "rubric": rubric,
            "corrected_points": points,
            "correction_reason": correction_reason if points else "",
            "comment": comment,
        },
    )
    audit.record(
        actor,
        "reading.saved",
        reading,
        f"{question} read in the review of {assignment.dossier}",
        review=review.pk,
        question=question,
        rubric=rubric,
        corrected_points=points,
    )
    return reading


@transaction.atomic
def check_evidence(actor, assignment, evidence, is_valid):
    """Mark one piece of the dossier's evidence valid or not valid. Evidence marked not valid is
    left out of the reviewed score (a question that requires evidence then scores 0). Records
    `evidence.checked`. Returns the EvidenceCheck."""
    review = _open_review(actor, assignment, JuryRole.JUROR)
    if evidence.dossier_id != assignment.dossier_id:
        raise Refused(_("This piece of evidence belongs to another dossier."))
    _question(assignment, evidence.question)
    check, _created = EvidenceCheck.objects.update_or_create(
        review=review, evidence=evidence, defaults={"is_valid": bool(is_valid)}
    )
    audit.record(
        actor,
        "evidence.checked",
        evidence,
        f"{evidence.question}: evidence marked {'valid' if is_valid else 'not valid'}",
        review=review.pk,
        question=evidence.question,
        is_valid=bool(is_valid),
    )
    return check


@transaction.atomic
def save_opinion(actor, assignment, text):
    """Save an invited expert's written opinion on the dossier. Records `opinion.saved`."""
    review = _open_review(actor, assignment, JuryRole.EXPERT)
    text = text or ""
    if len(text) > MAX_TEXT_LENGTH:
        raise Refused(
            _("The opinion has %(count)s characters; at most %(limit)s are kept.")
            % {"count": formatting.number(len(text)), "limit": formatting.number(MAX_TEXT_LENGTH)}
        )
    review.opinion = text
    review.save(update_fields=["opinion", "updated_at"])
    audit.record(actor, "opinion.saved", review, f"Opinion on {assignment.dossier} saved", length=len(text))
    return review


def missing_rubrics(assignment, review=None):
    """The url, file and text questions of the dossier's form that still need a rubric (or a
    corrected number of points), in referential order: answered and applicable ones only (an
    unanswered question scores 0 whatever the jury thinks)."""
    dossier = assignment.dossier
    document = dossier.edition.referential.document
    answers = {answer.question: answer for answer in dossier.answers.all()}
    evidence = list(dossier.evidence.all())
    result = declared_result(dossier, answers, evidence)
    read = set()
    if review is not None:
        read = {
            reading.question
            for reading in review.questions.all()
            if reading.rubric is not None or reading.corrected_points
        }
    missing = []
    for axis in document["axes"]:
        for question in axis["questions"]:
            code = question["code"]
            if question["kind"] not in RUBRIC_KINDS or code in read:
                continue
            if dossier.form != DossierForm.FULL and not question.get("badge", False):
                continue
            if result.questions[code].status in ("not_applicable", "unanswered"):
                continue
            missing.append(code)
    return missing


@transaction.atomic
def submit_review(actor, assignment):
    """Submit the review: it then counts (jurors) and becomes read-only. A juror's review needs a
    rubric on every answered url, file and text question; an expert's needs an opinion.
    Records `review.submitted`. Returns the Review."""
    ensure(actor, "jury.review", assignment)
    _check_phase(assignment)
    existing = Review.objects.filter(assignment=assignment).first()
    _check_not_submitted(existing)
    if assignment.member.role == JuryRole.EXPERT:
        if existing is None or not existing.opinion.strip():
            raise Refused(_("Write your opinion before submitting it."))
    else:
        missing = missing_rubrics(assignment, existing)
        if missing:
            raise Refused(
                _("Set the rubric of every question that asks for it before submitting: %(codes)s.")
                % {"codes": ", ".join(missing)}
            )
    review = _review(actor, assignment)
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = timezone.now()
    review.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor, "review.submitted", review, f"Review of {assignment.dossier} submitted")
    return review


@transaction.atomic
def reopen_review(actor, review):
    """An organiser reopens a submitted review so that its jury member can change it again; the
    member is told by e-mail. Refused when the member has become conflicted with the dossier's
    body (they may no longer open it, nor hear of it). Records `review.reopened`. Returns the Review."""
    assignment = review.assignment
    ensure(actor, "jury.manage", assignment.dossier.edition)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_submitted:
        raise Refused(_("This review is not submitted: there is nothing to reopen."))
    _check_phase(assignment)
    reason = conflict_reason(assignment.member, assignment.dossier.territory)
    if reason is not None:
        raise Refused(
            _("%(person)s is now in conflict with %(body)s (%(reason)s): their review cannot be reopened.")
            % {"person": assignment.member.user, "body": assignment.dossier.territory.display_name, "reason": reason}
        )
    review.status = ReviewStatus.IN_PROGRESS
    review.submitted_at = None
    review.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor, "review.reopened", review, f"Review of {assignment.dossier} reopened")
    notify(
        [assignment.member.user],
        "review_reopened",
        {
            "person": assignment.member.user,
            "body": assignment.dossier.territory.display_name,
            "year": assignment.dossier.edition.year,
            "review_path": reverse(
                "jury:review", kwargs={"year": assignment.dossier.edition.year, "pk": assignment.pk}
            ),
        },
    )
    return review
