"""State changes of referentials. Each function is one transaction that checks permission
and state, saves, and writes the audit log."""

import copy

from django.db import transaction
from django.utils.translation import gettext as _

from tnl.core import audit
from tnl.core.services import Refused, ensure

from .diff import diff_referentials, format_change
from .format import FormatError, dump_referential, load_referential, validate_referential
from .models import Referential

# Human texts an organiser may change at any time before publication: changing them moves
# no goalpost. Everything else (points, kinds, choices, rules, levels) is structure.
AXIS_TEXT_FIELDS = ("title", "description")
QUESTION_TEXT_FIELDS = ("text", "help", "expected_evidence")


def _check(actor, referential=None):
    ensure(actor, "referentials.manage", referential)  # SYSTEM for the management commands


def edition_of(referential):
    from tnl.editions.models import Edition

    return Edition.objects.filter(referential=referential).first()


def structure_locked_reason(referential):
    """Why the scoring structure cannot change any more, or None.

    Once candidates can see an edition's referential, changing points or rules would move the
    goalposts under them, so only a draft edition's referential (or a free one) is open."""
    edition = edition_of(referential)
    if edition is not None and edition.phase != "draft":
        return _("the edition %(year)s is no longer in draft (phase: %(phase)s)") % {
            "year": edition.year,
            "phase": edition.get_phase_display(),
        }
    return None


def texts_locked_reason(referential):
    edition = edition_of(referential)
    if edition is not None and edition.phase in ("published", "archived"):
        return _("the edition %(year)s is published") % {"year": edition.year}
    return None


def import_referential(actor, text, source, *, update=False):
    """Create a referential from a file's text, or replace the one with the same code.

    All-or-nothing: a malformed file raises FormatError and nothing is saved. The file is
    read and validated before the transaction opens, so a bad or huge file holds no lock.
    Side effects: saves the Referential, writes `referential.imported` or `referential.replaced`.
    """
    _check(actor)
    document = load_referential(text, source)
    with transaction.atomic():
        existing = Referential.objects.select_for_update().filter(code=document["code"]).first()
        if existing is None:
            referential = Referential()
            referential.set_document(document)
            referential.save()
            audit.record(actor, "referential.imported", referential, f"{referential.code} from {source}")
            return referential
        if not update:
            raise Refused(
                _("A referential with the code %(code)s already exists; import it as an update to replace it.")
                % {"code": document["code"]}
            )
        return _replace(actor, existing, document, source)


def replace_referential(actor, referential, text, source):
    """Replace `referential`'s whole document by a file's, code included: a different code is taken
    when no other referential uses it.

    Only while its structure is open (see structure_locked_reason). The file is read and
    validated before the transaction opens.
    Side effects: saves with version + 1, writes `referential.replaced` with the list of changes.
    """
    _check(actor, referential)
    document = load_referential(text, source)
    with transaction.atomic():
        taken = Referential.objects.filter(code=document["code"]).exclude(pk=referential.pk)
        if document["code"] != referential.code and taken.exists():
            raise Refused(_("The code %(code)s is already used by another referential.") % {"code": document["code"]})
        return _replace(actor, Referential.objects.select_for_update().get(pk=referential.pk), document, source)


def _replace(actor, referential, document, source):
    reason = structure_locked_reason(referential)
    if reason:
        raise Refused(_("The referential cannot be replaced: %(reason)s.") % {"reason": reason})
    changes = diff_referentials(referential.document, document)
    referential.set_document(document)
    referential.version += 1
    referential.save()
    audit.record(
        actor,
        "referential.replaced",
        referential,
        f"{referential.code} v{referential.version} from {source}",
        changes=[format_change(change, "en") for change in changes[:200]],
    )
    return referential


@transaction.atomic
def copy_referential(actor, referential, code, title=None):
    """A new referential with `referential`'s content under a new code (a new edition starts so).

    Side effects: saves the copy, writes `referential.copied`.
    """
    _check(actor, referential)
    if Referential.objects.filter(code=code).exists():
        raise Refused(_("A referential with the code %(code)s already exists.") % {"code": code})
    document = copy.deepcopy(referential.document)
    document["code"] = code
    if title:
        document["title"] = title
    document = validate_referential(document, code)
    new = Referential(copied_from=referential)
    new.set_document(document)
    new.save()
    audit.record(actor, "referential.copied", new, f"{code} from {referential.code}", source=referential.code)
    return new


@transaction.atomic
def update_axis_texts(actor, referential, axis_code, texts):
    """Change the human texts of one axis and its questions.

    `texts` maps ("axis", field, lang) or (question_code, field, lang) to the new text; an empty
    text removes that language (French is required for title and text: the validator refuses).
    Allowed until the edition is published; scoring structure is untouched by construction.
    Side effects: saves with version + 1, writes `referential.texts_changed` with the changes.
    """
    _check(actor, referential)
    referential = Referential.objects.select_for_update().get(pk=referential.pk)
    reason = texts_locked_reason(referential)
    if reason:
        raise Refused(_("The texts cannot be changed: %(reason)s.") % {"reason": reason})
    document = copy.deepcopy(referential.document)
    axis = next((a for a in document["axes"] if a["code"] == axis_code), None)
    if axis is None:
        raise Refused(_("Unknown axis %(code)s.") % {"code": axis_code})
    questions = {q["code"]: q for q in axis["questions"]}
    for (owner, field, lang), value in texts.items():
        if owner == "axis":
            target, allowed = axis, AXIS_TEXT_FIELDS
        else:
            target, allowed = questions.get(owner), QUESTION_TEXT_FIELDS
        if target is None or field not in allowed:
            raise Refused(_("%(owner)s.%(field)s is not a text of this axis.") % {"owner": owner, "field": field})
        value = (value or "").strip()
        mapping = dict(target.get(field) or {})
        if value:
            mapping[lang] = value
        else:
            mapping.pop(lang, None)
        if mapping:
            target[field] = mapping
        else:
            target.pop(field, None)
    try:
        document = validate_referential(document, referential.code)
    except FormatError as error:
        raise Refused(str(error)) from error
    changes = diff_referentials(referential.document, document)
    if not changes:
        return referential, []
    referential.set_document(document)
    referential.version += 1
    referential.save()
    audit.record(
        actor,
        "referential.texts_changed",
        referential,
        f"{referential.code} v{referential.version}: {len(changes)} text(s) of axis {axis_code}",
        changes=[format_change(change, "en") for change in changes],
    )
    return referential, changes


def export_referential(referential, fmt="yaml"):
    return dump_referential(referential.document, fmt=fmt)
