"""State changes of editions. Each function is one transaction that checks permission and
state, saves, and writes the audit log."""

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from tnl.core import audit
from tnl.core.services import Refused, ensure
from tnl.referentials.models import Referential
from tnl.referentials.services import copy_referential

from .enums import Phase
from .models import Edition

DATE_FIELDS = ("opens_at", "closes_at", "jury_on", "ceremony_on", "publication_on")

# The phases from which each organiser action may start: one place, read by the services
# and by the pages that decide which buttons to show.
ALLOWED_FROM = {
    "open_now": {Phase.DRAFT},
    "close_now": {Phase.OPEN},
    "start_deliberation": {Phase.CLOSED, Phase.REVIEW},
    "reopen_review": {Phase.DELIBERATION},
    "archive": {Phase.PUBLISHED},
}


def _check(actor, edition=None):
    ensure(actor, "editions.manage", edition)


def date_errors(dates):
    """Field -> message for dates out of order (the campaign runs open → close → jury → ceremony)."""
    errors = {}
    opens, closes = dates.get("opens_at"), dates.get("closes_at")
    jury, ceremony, publication = dates.get("jury_on"), dates.get("ceremony_on"), dates.get("publication_on")
    if opens and closes and closes <= opens:
        errors["closes_at"] = _("Applications must close after they open.")
    if closes and jury and jury < timezone.localdate(closes):
        errors["jury_on"] = _("The jury review cannot start before applications close.")
    if jury and ceremony and ceremony < jury:
        errors["ceremony_on"] = _("The ceremony cannot come before the jury review starts.")
    elif closes and ceremony and ceremony < timezone.localdate(closes):
        errors["ceremony_on"] = _("The ceremony cannot come before applications close.")
    if ceremony and publication and publication < ceremony:
        errors["publication_on"] = _("Results cannot be published before the ceremony (the embargo).")
    return errors


def referential_code_for(source_code, year):
    prefix = re.sub(r"-(\d{4}|default)$", "", source_code) or "referential"
    return f"{prefix}-{year}"


@transaction.atomic
def create_edition(actor, year, source_referential, **dates):
    """A new edition whose referential starts as a copy of `source_referential`.

    Side effects: saves the referential copy and the edition, writes `edition.created`.
    """
    _check(actor)
    if Edition.objects.filter(year=year).exists():
        raise Refused({"year": _("There is already an edition for %(year)s.") % {"year": year}})
    errors = date_errors(dates)
    if errors:
        raise Refused(errors)
    code = referential_code_for(source_referential.code, year)
    if Referential.objects.filter(code=code).exists():
        raise Refused(
            {
                "source": _("The referential code %(code)s is already taken; start from another referential.")
                % {"code": code}
            }
        )
    label = settings.TNL_LABEL_NAME
    referential = copy_referential(
        actor,
        source_referential,
        code,
        title={"fr": f"{label} {year}", "en": f"{label} {year}"},
    )
    edition = Edition.objects.create(year=year, referential=referential, **{k: dates.get(k) for k in DATE_FIELDS})
    audit.record(actor, "edition.created", edition, f"{year} from {source_referential.code}")
    return edition


@transaction.atomic
def update_dates(actor, edition, **dates):
    """Change an edition's dates (which moves its phase accordingly).

    Side effects: saves the edition, writes `edition.dates_changed` with before/after.
    """
    _check(actor, edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.phase in (Phase.PUBLISHED, Phase.ARCHIVED):
        raise Refused(_("The dates of a published edition cannot change."))
    errors = date_errors(dates)
    if errors:
        raise Refused(errors)
    changed = {}
    for field in DATE_FIELDS:
        before, after = getattr(edition, field), dates.get(field)
        if before != after:
            changed[field] = [before.isoformat() if before else None, after.isoformat() if after else None]
            setattr(edition, field, after)
    if changed:
        edition.save()
        audit.record(actor, "edition.dates_changed", edition, ", ".join(changed), changes=changed)
    return edition


# The date each phase action sets (to now, or clears for `reopen_review`): the confirmation
# page says how it changes, the audit entry keeps the previous value, and undoing restores it.
ACTION_FIELDS = {
    "open_now": "opens_at",
    "close_now": "closes_at",
    "start_deliberation": "deliberation_started_at",
    "reopen_review": "deliberation_started_at",
    "archive": "archived_at",
}
ACTION_CODES = {
    "open_now": "edition.opened",
    "close_now": "edition.closed",
    "start_deliberation": "edition.deliberation_started",
    "reopen_review": "edition.review_reopened",
    "archive": "edition.archived",
}


def _iso(value):
    return value.isoformat() if value else None


def action_preview(edition, action, now=None):
    """(field, value before, value after) of `action` run now, for the confirmation page."""
    now = now or timezone.now()
    field = ACTION_FIELDS[action]
    return field, getattr(edition, field), None if action == "reopen_review" else now


def _transition(actor, edition, action, allowed, apply):
    _check(actor, edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    phase = edition.phase
    if phase not in allowed:
        raise Refused(
            _("This action is not possible while the edition is in the phase: %(phase)s.")
            % {"phase": Phase(phase).label}
        )
    name = next(name for name, code in ACTION_CODES.items() if code == f"edition.{action}")
    field = ACTION_FIELDS[name]
    previous = getattr(edition, field)
    apply(edition, timezone.now())
    edition.save()
    audit.record(
        actor,
        f"edition.{action}",
        edition,
        f"{phase} → {edition.phase}",
        field=field,
        previous=_iso(previous),
        after=_iso(getattr(edition, field)),
    )
    return edition


def undoable_entry(edition):
    """The latest phase action on `edition` if its date is still the one it set, else None.

    Its `data["previous"]` is the date that undoing restores."""
    entry = audit.entries_for(edition).filter(action__in=ACTION_CODES.values()).order_by("-at", "-id").first()
    if entry is None or "field" not in entry.data:
        return None
    if _iso(getattr(edition, entry.data["field"])) != entry.data.get("after"):
        return None
    return entry


@transaction.atomic
def undo_phase_action(actor, edition, entry_id):
    """Put back the date that the phase action of audit entry `entry_id` overwrote.

    Only the latest phase action, and only while its date is unchanged since.
    Side effects: saves the edition, writes `edition.action_undone` with before/after."""
    _check(actor, edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    entry = undoable_entry(edition)
    if entry is None or entry.pk != entry_id:
        raise Refused(_("This action can no longer be undone: the edition has changed since."))
    field, previous = entry.data["field"], entry.data["previous"]
    current = getattr(edition, field)
    restored = parse_datetime(previous) if previous else None
    setattr(edition, field, restored)
    errors = date_errors({name: getattr(edition, name) for name in DATE_FIELDS})
    if errors:
        raise Refused(list(errors.values()))
    edition.save()
    audit.record(
        actor,
        "edition.action_undone",
        edition,
        f"{field}: {_iso(current)} → {previous}",
        field=field,
        undone=entry.pk,
        previous=_iso(current),
        after=previous,
    )
    return edition


@transaction.atomic
def open_now(actor, edition):
    """Open applications now (draft → open). Needs a closing date in the future.

    Side effects: sets opens_at, writes `edition.opened`."""

    def apply(e, now):
        if e.closes_at is None or e.closes_at <= now:
            raise Refused(_("Set a closing date in the future before opening applications."))
        e.opens_at = now

    return _transition(actor, edition, "opened", ALLOWED_FROM["open_now"], apply)


@transaction.atomic
def close_now(actor, edition):
    """Close applications now (open → closed). Side effects: sets closes_at, writes `edition.closed`."""

    def apply(e, now):
        e.closes_at = now

    return _transition(actor, edition, "closed", ALLOWED_FROM["close_now"], apply)


@transaction.atomic
def start_deliberation(actor, edition):
    """Closed or in review → deliberation. Side effects: sets deliberation_started_at, writes the log."""

    def apply(e, now):
        e.deliberation_started_at = now

    return _transition(actor, edition, "deliberation_started", ALLOWED_FROM["start_deliberation"], apply)


@transaction.atomic
def reopen_review(actor, edition):
    """Deliberation → back to review (before anything is published). Writes `edition.review_reopened`."""

    def apply(e, now):
        e.deliberation_started_at = None

    return _transition(actor, edition, "review_reopened", ALLOWED_FROM["reopen_review"], apply)


@transaction.atomic
def archive(actor, edition):
    """Published → archived. Side effects: sets archived_at, writes `edition.archived`."""

    def apply(e, now):
        e.archived_at = now

    return _transition(actor, edition, "archived", ALLOWED_FROM["archive"], apply)


ACTIONS = {
    "open_now": open_now,
    "close_now": close_now,
    "start_deliberation": start_deliberation,
    "reopen_review": reopen_review,
    "archive": archive,
}
