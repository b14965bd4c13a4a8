"""Calibration: before reviews open, every juror reviews the same sample dossiers, and the
organiser writes the agreed reading of a question as a note that every juror sees while reviewing.

Each function is one transaction that checks who acts, then the state, saves and writes the
audit log. Calibration assignments (`Assignment.calibration`) go to jurors only (never to invited
experts) and never to a juror conflicted with the sample's body.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from tnl.core import audit
from tnl.core.services import Refused, ensure
from tnl.dossiers.enums import DossierStatus
from tnl.editions.enums import JuryRole, Phase
from tnl.editions.models import Edition, JuryMember

from .conflicts import ConflictMap
from .models import MAX_TEXT_LENGTH, Assignment, CalibrationSample, QuestionNote, Review

MAX_SAMPLES = 3
# Calibration happens before reviews open: samples are chosen and removed in these phases only.
SAMPLE_PHASES = (Phase.OPEN, Phase.CLOSED)
# Jurors added later still get the calibration dossiers until the deliberation starts.
SYNC_PHASES = (Phase.OPEN, Phase.CLOSED, Phase.REVIEW)
# Notes guide the review and the deliberation; they no longer change once results are published.
NOTE_PHASES = (Phase.DRAFT, Phase.OPEN, Phase.CLOSED, Phase.REVIEW, Phase.DELIBERATION)


@dataclass
class Skipped:
    """A juror who did not get a calibration dossier, and why."""

    member: object
    dossier: object
    reason: str


@dataclass
class SyncResult:
    created: list = field(default_factory=list)  # the new calibration assignments
    skipped: list = field(default_factory=list)  # Skipped, one per conflicted (juror, sample)


def _jurors(edition):
    return list(JuryMember.objects.filter(edition_id=edition.pk, role=JuryRole.JUROR).select_related("user"))


def _sync(actor, edition, samples):
    """Create the missing calibration assignments of `samples` for the edition's jurors."""
    result = SyncResult()
    jurors = _jurors(edition)
    if not jurors or not samples:
        return result
    conflicts = ConflictMap(jurors)
    existing = set(
        Assignment.objects.filter(
            calibration=True, dossier_id__in=[sample.dossier_id for sample in samples], member__in=jurors
        ).values_list("dossier_id", "member_id")
    )
    for sample in samples:
        dossier = sample.dossier
        for member in jurors:
            reason = conflicts.reason(member, dossier.territory)
            if reason is not None:
                result.skipped.append(Skipped(member, dossier, reason))
            elif (dossier.pk, member.pk) not in existing:
                result.created.append(
                    Assignment(dossier=dossier, member=member, calibration=True, assigned_by=_person(actor))
                )
    Assignment.objects.bulk_create(result.created)
    return result


def _person(actor):
    return actor if getattr(actor, "pk", None) is not None else None


def _samples(edition):
    return list(
        CalibrationSample.objects.filter(edition_id=edition.pk).select_related("dossier__territory", "dossier__edition")
    )


@transaction.atomic
def sync_calibration(actor, edition):
    """Give every juror of `edition` the calibration dossiers they lack (a juror added after the
    samples were chosen), except those they are conflicted with. Does nothing once the
    deliberation has started. Returns a `SyncResult` (created assignments, skipped jurors).

    Side effects: creates calibration assignments; writes `calibration_sample.assigned` on the
    edition when it created any.
    """
    ensure(actor, "jury.manage", edition)
    if edition.phase not in SYNC_PHASES:
        return SyncResult()
    result = _sync(actor, edition, _samples(edition))
    if result.created:
        audit.record(
            actor,
            "calibration_sample.assigned",
            edition,
            ", ".join(f"{a.member.user} → {a.dossier.territory}" for a in result.created),
            assignments=[[a.dossier_id, a.member_id] for a in result.created],
        )
    return result


@transaction.atomic
def add_calibration_sample(actor, edition, dossier):
    """Make a submitted dossier of `edition` a calibration dossier (at most MAX_SAMPLES), while the
    edition is open or closed (calibration happens before reviews open). Every juror who is not
    conflicted with the dossier's body gets it to review.

    Returns (sample, SyncResult). Side effects: saves the sample and the calibration assignments,
    writes `calibration_sample.added` on the edition (with the assigned and skipped jurors).
    """
    ensure(actor, "jury.manage", edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if dossier.edition_id != edition.pk:
        raise Refused(_("The dossier of %(body)s belongs to another edition.") % {"body": str(dossier.territory)})
    if dossier.status != DossierStatus.SUBMITTED:
        raise Refused(
            _("The dossier of %(body)s is not submitted: only a submitted dossier can serve for calibration.")
            % {"body": str(dossier.territory)}
        )
    phase = edition.phase
    if phase not in SAMPLE_PHASES:
        raise Refused(
            _("Calibration dossiers are chosen before reviews open; the edition is in the phase: %(phase)s.")
            % {"phase": Phase(phase).label}
        )
    samples = _samples(edition)
    if any(sample.dossier_id == dossier.pk for sample in samples):
        raise Refused(_("The dossier of %(body)s is already a calibration dossier.") % {"body": str(dossier.territory)})
    if len(samples) >= MAX_SAMPLES:
        raise Refused(
            _("There are already %(count)s calibration dossiers, the most an edition can have.")
            % {"count": MAX_SAMPLES}
        )
    sample = CalibrationSample.objects.create(edition=edition, dossier=dossier)
    result = _sync(actor, edition, [sample])
    audit.record(
        actor,
        "calibration_sample.added",
        edition,
        str(dossier.territory),
        dossier=dossier.pk,
        assigned=[assignment.member_id for assignment in result.created],
        skipped={str(item.member.pk): item.reason for item in result.skipped},
    )
    return sample, result


@transaction.atomic
def remove_calibration_sample(actor, sample):
    """Stop using a dossier for calibration, while the edition is open or closed. Its calibration
    assignments go, with the jurors' calibration reviews of it.

    Side effects: deletes the sample, its calibration assignments and their reviews; writes
    `calibration_sample.removed` on the edition (with the number of reviews deleted).
    """
    edition = sample.edition
    ensure(actor, "jury.manage", edition)
    phase = edition.phase
    if phase not in SAMPLE_PHASES:
        raise Refused(
            _(
                "Calibration dossiers can no longer change once reviews are open; the edition is in the phase: %(phase)s."
            )
            % {"phase": Phase(phase).label}
        )
    assignments = Assignment.objects.filter(dossier_id=sample.dossier_id, calibration=True)
    reviews = Review.objects.filter(assignment__in=assignments).count()
    territory = sample.dossier.territory
    assignments.delete()
    sample.delete()
    audit.record(
        actor, "calibration_sample.removed", edition, str(territory), dossier=sample.dossier_id, reviews=reviews
    )


def reviews_started(sample):
    """How many calibration reviews of the sample's dossier exist (what removing it deletes)."""
    return Review.objects.filter(assignment__dossier_id=sample.dossier_id, assignment__calibration=True).count()


@transaction.atomic
def save_question_note(actor, edition, question_code, text):
    """Write (or, with an empty text, delete) the jury's agreed reading of one question of the
    edition's referential. Returns the note, or None when there is none left.

    Side effects: saves or deletes the `QuestionNote`; writes `question_note.saved` or
    `question_note.deleted` on the edition (nothing when the text is unchanged).
    """
    ensure(actor, "jury.manage", edition)
    if question_code not in edition.referential.compiled().questions:
        raise Refused(_("The referential of this edition has no question %(code)s.") % {"code": question_code})
    phase = edition.phase
    if phase not in NOTE_PHASES:
        raise Refused(
            _(
                "The agreed readings no longer change once results are published; the edition is in the phase: %(phase)s."
            )
            % {"phase": Phase(phase).label}
        )
    text = (text or "").strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise Refused(
            _("The note on %(code)s is %(length)s characters long; the most is %(max)s.")
            % {"code": question_code, "length": len(text), "max": MAX_TEXT_LENGTH}
        )
    note = QuestionNote.objects.filter(edition_id=edition.pk, question=question_code).first()
    if not text:
        if note is not None:
            note.delete()
            audit.record(actor, "question_note.deleted", edition, question_code, question=question_code)
        return None
    if note is not None and note.text == text:
        return note
    if note is None:
        note = QuestionNote(edition=edition, question=question_code)
    note.text, note.updated_by = text, _person(actor)
    note.save()
    audit.record(actor, "question_note.saved", edition, question_code, question=question_code)
    return note
