"""The audit log: every service function that changes state calls `record` inside its transaction.

Who: `actor` is the person who acted, or the explicit `tnl.core.services.SYSTEM` actor for
commands, the demo loader and background tasks; the entry of a system action has no actor
(`actor` NULL means "the system"). Anything else (None, an anonymous user) raises TypeError:
the log never guesses who acted.

The log is append-only and hash-chained (`tnl.core.chain`, `manage.py verify_audit_log`).

Action names follow one scheme: `<noun>.<past participle>`.

- The noun is the kind of thing that changed, singular, lowercase: `user`, `territory`,
  `registry`, `membership`, `invitation`, `referential`, `edition`, `dossier`, `answer`,
  `evidence`, and the jury's: `jury_member`, `conflict`, `assignment`, `review`, `reading`,
  `opinion`, `clarification`, `calibration_sample`, `question_note`, `decision`, `result_template`,
  `outbox`, `outbox_message`, `reminder`, and the publication's `release` (past results imported)
  (a noun of two words joins them with `_`).
- The verb says what happened to it, in the past: `dossier.submitted`, `membership.confirmed`,
  `invitation.accepted`. A change of one attribute is `<attribute>_changed`:
  `edition.dates_changed`, `membership.role_changed`, `territory.settings_changed`; a phase
  move of an edition is named after the new state (`edition.opened`, `edition.archived`).
- Details go in `data` (keyword arguments), never in the name.
"""

from django.utils import timezone

from .models import AuditEntry
from .services import SYSTEM


def _actor(actor):
    if actor is SYSTEM:
        return None
    if actor is not None and getattr(actor, "is_authenticated", False) and actor.pk is not None:
        return actor
    raise TypeError(f"audit.record needs a user or SYSTEM as actor, not {actor!r}")


def record(actor, action, obj, summary="", **data):
    """Write one audit entry for `action` on `obj` by `actor` (a user, or SYSTEM).

    The entry is chained to the previous one (`AuditEntry.save`): until the caller's transaction
    ends, other transactions that record wait for it (on PostgreSQL; SQLite has one writer).
    """
    return AuditEntry.objects.create(
        at=timezone.now(),
        actor=_actor(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:500],
        data=data,
    )


def entries_for(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")
