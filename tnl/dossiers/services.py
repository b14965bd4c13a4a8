"""State changes of dossiers. Each function is one transaction that checks permission and
state, saves, writes the audit log and queues the e-mails. Nothing changes after the deadline."""

import secrets

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tnl.core import audit
from tnl.core.formatting import plain_number
from tnl.core.notifications import notify
from tnl.core.services import Refused, ensure
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.jury.enums import ClarificationStatus
from tnl.referentials.answers import check_value, is_unanswered
from tnl.territories.enums import MembershipRole
from tnl.territories.models import Membership

from .enums import DossierForm, DossierStatus, EvidenceKind
from .filetypes import check_file, digest, display_name, dossier_files_size
from .models import MAX_TEXT_LENGTH, Answer, Dossier, Evidence
from .scoring import dossier_state


class AnswerConflict(Exception):
    """Someone saved this answer since the form was loaded: nothing was overwritten."""

    def __init__(self, answer):
        super().__init__(answer.question if answer is not None else None)
        self.answer = answer


def _require_open(edition):
    if edition.phase != Phase.OPEN:
        raise Refused(
            _("Applications to the %(year)s edition are closed: nothing can change any more.") % {"year": edition.year}
        )


# While the jury works on an edition, it may reopen chosen questions of a submitted dossier.
JURY_PHASES = (Phase.CLOSED, Phase.REVIEW, Phase.DELIBERATION)


def reopened_questions(dossier):
    """{question code: until when} of the questions of a submitted dossier that the jury reopened
    for correction (a clarification not closed, whose date is still ahead), while the jury works
    on the edition. Empty for a draft dossier."""
    if not dossier.is_submitted or dossier.edition.phase not in JURY_PHASES:
        return {}
    now = timezone.now()
    reopened = {}
    for codes, until in (
        dossier.clarifications.exclude(status=ClarificationStatus.CLOSED)
        .filter(open_until__gt=now)
        .values_list("questions", "open_until")
    ):
        for code in codes:
            reopened[code] = max(until, reopened.get(code, until))
    return reopened


def _require_draft(dossier, code=None):
    """Refused unless the dossier can change: a draft while applications are open, or (`code`)
    a question of the submitted dossier that the jury reopened (see reopened_questions)."""
    if code is not None and code in reopened_questions(dossier):
        return
    _require_open(dossier.edition)
    if dossier.is_submitted:
        raise Refused(_("The dossier is submitted: a referent must reopen it before it can change."))


def _require_short(text, message):
    """Refused(`message`) when `text` is longer than MAX_TEXT_LENGTH characters."""
    if len(text) > MAX_TEXT_LENGTH:
        raise Refused(
            message
            % {
                "length": formats.number_format(len(text), force_grouping=True),
                "limit": formats.number_format(MAX_TEXT_LENGTH, force_grouping=True),
            },
            code="too_long",
        )


def _locked(dossier):
    """The dossier row, locked for the rest of the transaction (two savers queue up here), with
    its edition and body read again. The referential is the one the caller already holds when it
    is the edition's: a version never changes (see Referential), and its 120 kB document need not
    cross the connection a second time in every save (about 1 ms on PostgreSQL). Otherwise it is
    read on first use."""
    locked = Dossier.objects.select_for_update(of=("self",)).select_related("edition", "territory").get(pk=dossier.pk)
    held = _held_referential(dossier)
    if held is not None and held.pk == locked.edition.referential_id:
        locked.edition.referential = held
    return locked


def _held_referential(dossier):
    """The referential already loaded with `dossier` (through its edition), or None."""
    if not Dossier.edition.is_cached(dossier):
        return None
    edition = dossier.edition
    return edition.referential if Edition.referential.is_cached(edition) else None


def _members(territory):
    return [m.user for m in Membership.objects.confirmed().in_body(territory).select_related("user")]


def _notify_members(territory, template, context):
    """E-mail the body's confirmed members, each in their own language (`notify` does that)."""
    notify(_members(territory), template, context)


def _question(dossier, code):
    for axis in dossier.edition.referential.document["axes"]:
        for question in axis["questions"]:
            if question["code"] == code:
                return question
    raise Refused(_("This edition's referential has no question %(code)s.") % {"code": code})


def previous_dossier(edition, territory):
    return (
        Dossier.objects.filter(territory=territory, edition__year__lt=edition.year)
        .select_related("edition__referential")
        .order_by("-edition__year")
        .first()
    )


@transaction.atomic
def create_dossier(actor, edition, territory, form=DossierForm.FULL, start_from_previous=False):
    """Start the body's dossier for an open edition (one per body and edition).

    With `start_from_previous`, the answers of the body's last dossier are copied where the
    question still exists (same code) and the value is still valid, each marked for review.
    Side effects: saves the dossier (and copied answers), writes `dossier.created`, e-mails the
    body's members."""
    ensure(actor, "dossiers.create", territory)
    edition = Edition.objects.select_related("referential").get(pk=edition.pk)
    _require_open(edition)
    if Dossier.objects.filter(edition=edition, territory=territory).exists():
        raise Refused(_("This body already has a dossier for the %(year)s edition.") % {"year": edition.year})
    previous = previous_dossier(edition, territory) if start_from_previous else None
    dossier = Dossier.objects.create(
        edition=edition, territory=territory, form=form, created_by=actor, previous=previous
    )
    copied = 0
    if previous is not None:
        questions = edition.referential.questions
        new_answers = []
        for old in previous.answers.all():
            question = questions.get(old.question)
            if question is None or is_unanswered(old.value):
                continue
            try:
                check_value(question, old.value)
            except ValueError:
                continue
            new_answers.append(
                Answer(
                    dossier=dossier,
                    question=old.question,
                    value_json=old.value_json,
                    comment=old.comment,
                    needs_review=True,
                    updated_by=actor,
                )
            )
        Answer.objects.bulk_create(new_answers)
        copied = len(new_answers)
        Evidence.objects.bulk_create(
            Evidence(dossier=dossier, question=e.question, kind=EvidenceKind.URL, url=e.url, added_by=actor)
            for e in previous.evidence.filter(kind=EvidenceKind.URL, question__in=[a.question for a in new_answers])
        )
    audit.record(actor, "dossier.created", dossier, f"{territory} {edition.year}", form=form, copied=copied)
    _notify_members(
        territory,
        "dossier_created",
        {"dossier": dossier, "actor": actor, "copied": copied},
    )
    return dossier


@transaction.atomic
def save_answer(actor, dossier, code, value, comment="", expected_version=None):
    """Save one answer. `expected_version` is the version the person's form was loaded with
    (None for a question never answered): if someone saved in between, AnswerConflict is
    raised and nothing is written. A value the question cannot take raises ValidationError.
    Side effects: saves the Answer with version + 1, writes `answer.saved`."""
    ensure(actor, "dossiers.edit", dossier)
    dossier = _locked(dossier)
    _require_draft(dossier, code)
    question = _question(dossier, code)
    _require_short(comment or "", _("The comment is too long: %(length)s characters; at most %(limit)s are allowed."))
    if isinstance(value, str):
        _require_short(value, _("The answer is too long: %(length)s characters; at most %(limit)s are allowed."))
    if not is_unanswered(value):
        try:
            check_value(question, value)
        except ValueError as error:
            raise Refused(str(error)) from error
    answer = Answer.objects.filter(dossier=dossier, question=code).first()
    current_version = answer.version if answer else None
    if expected_version != current_version:
        raise AnswerConflict(answer)
    if answer is None:
        answer = Answer(dossier=dossier, question=code, version=1)
    else:
        answer.version += 1
    answer.value = value
    answer.comment = comment or ""
    answer.needs_review = False
    answer.updated_by = actor
    answer.save()
    dossier.save(update_fields=["updated_at"])
    audit.record(actor, "answer.saved", dossier, code, question=code, version=answer.version)
    return answer


@transaction.atomic
def set_form(actor, dossier, form):
    """Switch between the full questionnaire and the short badge form (answers are kept).
    Side effects: saves the dossier, writes `dossier.form_changed`."""
    ensure(actor, "dossiers.edit", dossier)
    dossier = _locked(dossier)
    _require_draft(dossier)
    if form not in DossierForm.values:
        raise Refused(_("Unknown form."))
    dossier.form = form
    dossier.save(update_fields=["form", "updated_at"])
    audit.record(actor, "dossier.form_changed", dossier, form)
    return dossier


# The phases after which nothing of a dossier changes any more, not even the consent.
PUBLISHED_PHASES = (Phase.PUBLISHED, Phase.ARCHIVED)


@transaction.atomic
def set_public_answers(actor, dossier, value):
    """The body's consent to show its answers on its public page once the results are published
    (never the evidence files). A referent decides it, at any time until the edition is published,
    also after submission: the consent is not one of the scored answers. Publication copies it.

    The edition row is locked first, as `publish_edition` does: a consent saved while the results
    are being published waits for it, then is refused. Side effects: saves the dossier, writes
    `dossier.publicity_changed` with the new value (nothing when the value is already that)."""
    ensure(actor, "dossiers.submit", dossier)
    edition = Edition.objects.select_for_update().get(pk=dossier.edition_id)
    if edition.phase in PUBLISHED_PHASES:
        raise Refused(
            _(
                "The results of the %(year)s edition are published: the choice to show your answers can no longer change."
            )
            % {"year": edition.year}
        )
    dossier = _locked(dossier)
    value = bool(value)
    if dossier.public_answers == value:
        return dossier
    dossier.public_answers = value
    dossier.save(update_fields=["public_answers", "updated_at"])
    audit.record(
        actor, "dossier.publicity_changed", dossier, "public answers" if value else "private answers", public=value
    )
    return dossier


@transaction.atomic
def add_evidence_link(actor, dossier, code, url):
    """Add a link as evidence for one question. Side effects: saves, writes `evidence.added`."""
    ensure(actor, "dossiers.edit", dossier)
    dossier = _locked(dossier)
    _require_draft(dossier, code)
    question = _question(dossier, code)
    try:
        check_value({"code": code, "kind": "url"}, url)
    except ValueError as error:
        raise Refused(str(error)) from error
    evidence = Evidence.objects.create(
        dossier=dossier, question=question["code"], kind=EvidenceKind.URL, url=url, added_by=actor
    )
    audit.record(actor, "evidence.added", dossier, f"{code}: {url}", question=code, evidence=evidence.pk)
    return evidence


@transaction.atomic
def remove_evidence(actor, evidence):
    """Remove one piece of evidence (and its stored file). Writes `evidence.removed`."""
    dossier = evidence.dossier
    ensure(actor, "dossiers.edit", dossier)
    dossier = _locked(dossier)
    _require_draft(dossier, evidence.question)
    description = str(evidence)
    stored = evidence.file.name if evidence.file else None
    storage = evidence.file.storage if evidence.file else None
    evidence.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
    audit.record(actor, "evidence.removed", dossier, f"{evidence.question}: {description}", question=evidence.question)


@transaction.atomic
def add_evidence_file(actor, dossier, code, uploaded_file):
    """Add an uploaded file as evidence for one question, after checking its type by content,
    its size and the dossier's total (see check_file).

    Side effects: writes the file to the default storage under evidence/<dossier>/<random
    token>.<extension of the detected type>, saves the Evidence (original name for display,
    detected content type, size, SHA-256), writes `evidence.added`. If saving the row fails,
    the stored file is deleted again."""
    ensure(actor, "dossiers.edit", dossier)
    dossier = _locked(dossier)
    _require_draft(dossier, code)
    question = _question(dossier, code)
    name = display_name(getattr(uploaded_file, "name", ""))
    file_type = check_file(uploaded_file, name, dossier_files_size(dossier))
    sha256, size = digest(uploaded_file)
    evidence = Evidence(
        dossier=dossier,
        question=question["code"],
        kind=EvidenceKind.FILE,
        stored_name=f"{secrets.token_hex(16)}.{file_type.extension}",
        original_name=name,
        content_type=file_type.content_type,
        size=size,
        sha256=sha256,
        added_by=actor,
    )
    evidence.file.save(evidence.stored_name, uploaded_file, save=False)
    try:
        evidence.save()
        audit.record(
            actor,
            "evidence.added",
            dossier,
            f"{code}: {name}",
            question=code,
            evidence=evidence.pk,
            content_type=file_type.content_type,
            size=size,
            sha256=sha256,
        )
    except BaseException:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def referents_missing(territory):
    """The referent roles the body lacks (one elected and one technical referent are required)."""
    roles = set(Membership.objects.confirmed().in_body(territory).values_list("role", flat=True))
    return [role for role in (MembershipRole.ELECTED_REFERENT, MembershipRole.TECHNICAL_REFERENT) if role not in roles]


def submission_blockers(state, questions=True):
    """Everything that keeps the dossier from being submitted, as (question code or None, message).
    With `questions=False`, only what the body itself lacks (its referents)."""
    items = list(state.blockers()) if questions else []
    for role in referents_missing(state.dossier.territory):
        items.append((None, _("The body needs a confirmed %(role)s.") % {"role": MembershipRole(role).label}))
    return items


@transaction.atomic
def submit_dossier(actor, dossier):
    """Submit the dossier to the jury. Only a referent, only while applications are open, only
    when nothing is missing (see submission_blockers). It can be reopened until the deadline.
    Side effects: saves status and date, writes `dossier.submitted`, e-mails a receipt with a
    summary to every confirmed member."""
    ensure(actor, "dossiers.submit", dossier)
    dossier = _locked(dossier)
    _require_draft(dossier)
    state = dossier_state(dossier)
    blockers = submission_blockers(state)
    if blockers:
        raise Refused([message for _code, message in blockers])
    dossier.status = DossierStatus.SUBMITTED
    dossier.submitted_at = timezone.now()
    dossier.submitted_by = actor
    dossier.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    result = state.result
    audit.record(
        actor,
        "dossier.submitted",
        dossier,
        f"level {result.level}, {plain_number(result.global_percent, 1)} %",
        level=result.level,
        global_percent=plain_number(result.global_percent, 1),
    )
    _, (answered, total) = state.progress()
    _notify_members(
        dossier.territory,
        "dossier_submitted",
        {"dossier": dossier, "actor": actor, "state": state, "answered": answered, "total": total,
         "level": result.level},
    )  # fmt: skip
    return dossier


@transaction.atomic
def reopen_dossier(actor, dossier):
    """Take a submitted dossier back to writing (referents, until the deadline).
    Side effects: saves the status, writes `dossier.reopened`, e-mails the members."""
    ensure(actor, "dossiers.submit", dossier)
    dossier = _locked(dossier)
    _require_open(dossier.edition)
    if not dossier.is_submitted:
        raise Refused(_("The dossier is not submitted."))
    dossier.status = DossierStatus.DRAFT
    dossier.submitted_at = None
    dossier.submitted_by = None
    dossier.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit.record(actor, "dossier.reopened", dossier, str(dossier))
    _notify_members(dossier.territory, "dossier_reopened", {"dossier": dossier, "actor": actor})
    return dossier
