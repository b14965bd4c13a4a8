"""The hash chain of the audit log: what an entry's hash covers, and how it is computed.

Each entry stores `previous_hash` (the hash of the entry before it, 64 zeros for the first one)
and `hash`: hex SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of

    {"action", "actor" (user id or null), "at" (ISO 8601, UTC, microseconds), "data",
     "object_id", "object_type", "previous_hash", "summary"}

The row's id is not covered (the content and its place in the chain are), so the chain can be
checked on a copy of the table. Changing this function breaks every existing chain: the data
migration 0003 and `verify_audit_log` use it, and an old database would need re-chaining.
"""

import hashlib
import json
from datetime import UTC

GENESIS = "0" * 64


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def normalized_data(data):
    """`data` as the database gives it back (tuples become lists, keys strings): what the hash covers."""
    return json.loads(json.dumps(data, ensure_ascii=False))


def timestamp(at):
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(*, at, actor_id, action, object_type, object_id, summary, data, previous_hash):
    payload = {
        "action": action,
        "actor": actor_id,
        "at": timestamp(at),
        "data": data,
        "object_id": object_id,
        "object_type": object_type,
        "previous_hash": previous_hash,
        "summary": summary,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def hash_of(entry):
    """The hash `entry` (an AuditEntry, or its historical model in a migration) should have."""
    return entry_hash(
        at=entry.at,
        actor_id=entry.actor_id,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        summary=entry.summary,
        data=entry.data,
        previous_hash=entry.previous_hash,
    )
