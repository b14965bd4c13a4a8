"""Clarifications: the jury asks a candidate a question, may reopen chosen questions of the
submitted dossier for correction until a date, and the candidate answers in a thread.

While a clarification is not closed and its date is ahead, the dossier services let the body's
members change the reopened questions (`tnl.dossiers.services.reopened_questions`); those edits
keep their own audit codes (`answer.saved`, `evidence.added`, `evidence.removed`).
"""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tnl.core import audit
from tnl.core.formatting import when
from tnl.core.notifications import notify
from tnl.core.permissions import has_perm, is_organiser
from tnl.core.services import SYSTEM, NotAllowed, Refused, ensure
from tnl.dossiers.models import Dossier, Evidence
from tnl.dossiers.services import JURY_PHASES
from tnl.editions.enums import Phase
from tnl.territories.models import Membership

from .enums import ClarificationStatus
from .models import MAX_TEXT_LENGTH, Clarification, ClarificationMessage


def _locked_dossier(dossier):
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("edition__referential", "territory")
        .get(pk=dossier.pk)
    )


def _locked(clarification):
    return (
        Clarification.objects.select_for_update(of=("self",))
        .select_related("dossier__edition__referential", "dossier__territory", "asked_by")
        .get(pk=clarification.pk)
    )


def _require_jury_phase(edition):
    if edition.phase not in JURY_PHASES:
        raise Refused(
            _(
                "The jury and the candidates exchange questions only between the deadline and the "
                "publication of the results (%(year)s edition: %(phase)s)."
            )
            % {"year": edition.year, "phase": Phase(edition.phase).label}
        )


def _clean_text(text, empty_message):
    text = (text or "").strip()
    if not text:
        raise Refused(empty_message)
    if len(text) > MAX_TEXT_LENGTH:
        raise Refused(
            _("The message is too long: %(length)s characters; at most %(limit)s are allowed.")
            % {
                "length": formats.number_format(len(text), force_grouping=True),
                "limit": formats.number_format(MAX_TEXT_LENGTH, force_grouping=True),
            },
            code="too_long",
        )
    return text


def question_index(dossier):
    """{code: question} of the dossier's referential, in the referential's order."""
    return dossier.edition.referential.questions


def evidence_item(evidence):
    """One piece of evidence as the snapshot keeps it (and as the "after" is compared to it)."""
    if evidence.kind == "url":
        return {"kind": "url", "url": evidence.url}
    return {"kind": "file", "name": evidence.original_name, "sha256": evidence.sha256}


def snapshot(dossier, codes):
    """{code: {"value", "evidence"}} of `codes` in the dossier now: the "before" of a reopening."""
    answers = {a.question: a for a in dossier.answers.filter(question__in=codes)}
    evidence = {}
    for item in Evidence.objects.filter(dossier=dossier, question__in=codes).order_by("added_at", "pk"):
        evidence.setdefault(item.question, []).append(evidence_item(item))
    return {
        code: {
            "value": answers[code].value if code in answers else None,
            "evidence": evidence.get(code, []),
        }
        for code in codes
    }


def _members(territory):
    return [m.user for m in Membership.objects.confirmed().in_body(territory).select_related("user")]


@transaction.atomic
def ask_clarification(actor, dossier, text, questions=(), open_until=None):
    """Ask the candidate a question about its submitted dossier (organisers, and jurors assigned
    to it who are not conflicted), between the deadline and the publication of the results.

    With `questions` (codes of the edition's referential), those questions are reopened for
    correction until `open_until` (required then, ahead of now, not after the planned
    publication of the results); their current answers and evidence are kept in `before`.
    Side effects: saves the clarification and its first message (the question), writes
    `clarification.asked`, e-mails the body's confirmed members in their languages."""
    ensure(actor, "jury.clarify", dossier)
    dossier = _locked_dossier(dossier)
    edition = dossier.edition
    _require_jury_phase(edition)
    if not dossier.is_submitted:
        raise Refused(
            _("The dossier of %(body)s was not submitted: there is nothing to ask.") % {"body": dossier.territory}
        )
    text = _clean_text(text, _("Write the question to ask the candidate."))
    codes = list(dict.fromkeys(questions or ()))
    known = question_index(dossier)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise Refused(
            _("The referential of the %(year)s edition has no question %(codes)s.")
            % {"year": edition.year, "codes": ", ".join(unknown)}
        )
    if codes:
        if open_until is None:
            raise Refused(_("Give the date until which the reopened questions can be corrected."))
        if open_until <= timezone.now():
            raise Refused(
                _("The date for corrections (%(date)s) is past: choose a date to come.") % {"date": when(open_until)}
            )
        if edition.publication_on and timezone.localdate(open_until) > edition.publication_on:
            raise Refused(
                _(
                    "The date for corrections (%(date)s) is after the planned publication of the results "
                    "(%(publication)s): choose an earlier date."
                )
                % {"date": when(open_until), "publication": formats.date_format(edition.publication_on, "j F Y")}
            )
    else:
        open_until = None
    clarification = Clarification.objects.create(
        dossier=dossier, asked_by=actor, questions=codes, open_until=open_until, before=snapshot(dossier, codes)
    )
    ClarificationMessage.objects.create(clarification=clarification, author=actor, text=text)
    audit.record(
        actor,
        "clarification.asked",
        clarification,
        f"{dossier}: {', '.join(codes) or '-'}",
        dossier=dossier.pk,
        questions=codes,
        open_until=open_until.isoformat() if open_until else None,
    )
    notify(
        _members(dossier.territory),
        "clarification_asked",
        {"dossier": dossier, "clarification": clarification, "text": text, "questions": codes},
    )
    return clarification


@transaction.atomic
def answer_clarification(actor, clarification, text):
    """The candidate body's member answers in the thread (not once it is closed, nor after the
    publication of the results). Side effects: saves the message, sets the status to answered,
    writes `clarification.answered`, e-mails the person who asked (in their language) if they
    may still see the dossier (never a juror who has become conflicted)."""
    ensure(actor, "jury.answer_clarification", clarification)
    clarification = _locked(clarification)
    dossier = clarification.dossier
    _require_jury_phase(dossier.edition)
    if clarification.status == ClarificationStatus.CLOSED:
        raise Refused(_("The jury closed this question: it can no longer be answered."))
    text = _clean_text(text, _("Write your answer."))
    message = ClarificationMessage.objects.create(clarification=clarification, author=actor, text=text)
    clarification.status = ClarificationStatus.ANSWERED
    clarification.save(update_fields=["status"])
    audit.record(actor, "clarification.answered", clarification, str(dossier), dossier=dossier.pk, message=message.pk)
    asker = clarification.asked_by
    if asker is not None and asker.is_active and has_perm(asker, "jury.see_dossier", dossier):
        notify([asker], "clarification_answered", {"dossier": dossier, "clarification": clarification, "text": text})
    return message


@transaction.atomic
def close_clarification(actor, clarification):
    """Close the question (the person who asked it, or an organiser): no more answers, and the
    reopened questions can no longer change. Side effects: saves the status, writes
    `clarification.closed`."""
    ensure(actor, "jury.clarify", clarification.dossier)
    asker = clarification.asked_by_id
    if not (actor is SYSTEM or is_organiser(actor) or (asker is not None and asker == actor.pk)):
        raise NotAllowed("jury.clarify")
    clarification = _locked(clarification)
    if clarification.status == ClarificationStatus.CLOSED:
        raise Refused(_("This question is already closed."))
    clarification.status = ClarificationStatus.CLOSED
    clarification.save(update_fields=["status"])
    audit.record(
        actor, "clarification.closed", clarification, str(clarification.dossier), dossier=clarification.dossier_id
    )
    return clarification
