from datetime import UTC

from django.core.management.base import BaseCommand, no_translations

from tnl.core.chain import GENESIS, hash_of
from tnl.core.models import AuditChainHead, AuditEntry

CHUNK = 2000


def describe(entry):
    return f"entry #{entry.pk} ({entry.at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC, {entry.action})"


def first_break():
    """(number of entries checked, None) when the chain is intact, else (n, what is wrong)."""
    # The head first: every entry up to the one it records was committed before this read, so
    # entries written while the check runs come after it and are checked as links of the chain.
    head = AuditChainHead.objects.filter(pk=1).first()
    count, previous, head_seen = 0, None, False
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=CHUNK):
        if hash_of(entry) != entry.hash:
            return count, f"at {describe(entry)}: hash mismatch: its content does not match its hash"
        if previous is None and entry.previous_hash != GENESIS:
            return count, (
                f"at {describe(entry)}: broken link: it is the first entry but does not start the chain"
                " (entries before it were deleted)"
            )
        if previous is not None and entry.previous_hash != previous.hash:
            return count, (
                f"at {describe(entry)}: broken link: its previous hash is not the hash of entry #{previous.pk},"
                " the entry before it"
            )
        if head is not None and entry.pk == head.last_id:
            if entry.hash != head.last_hash:
                return count, f"at {describe(entry)}: hash mismatch: the chain head records another hash for it"
            head_seen = True
        count, previous = count + 1, entry
    where = f"after {describe(previous)}" if previous else "(no entries)"
    if head is None and previous is not None:
        return count, f"{where}: the chain head is missing"
    if head is not None and head.last_id is not None and not head_seen:
        return (
            count,
            f"{where}: entries missing at the end: the chain head records entry #{head.last_id} as the last one",
        )
    return count, None


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain, entry by entry in id order. Exit status 0 when it is intact, "
        "1 when it is not (the message names the first broken entry)."
    )

    @no_translations
    def handle(self, **options):
        count, problem = first_break()
        if problem:
            self.stderr.write(f"Audit log broken {problem}.")
            raise SystemExit(1)
        self.stdout.write(f"Audit log intact: {count} {'entry' if count == 1 else 'entries'}.")
