"""The audit log: every service function that changes state calls `record` inside its transaction."""

from .models import AuditEntry


def record(actor, action, obj, summary="", **data):
    """Write one audit entry for `action` on `obj` by `actor` (None for the system)."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:500],
        data=data,
    )


def entries_for(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")
