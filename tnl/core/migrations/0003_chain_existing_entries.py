"""Chain the entries written before the chain existed, in id order, so that the log verifies."""

from django.db import migrations

from tnl.core.chain import GENESIS, hash_of, normalized_data

BATCH = 2000


def chain(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    using = schema_editor.connection.alias
    entries = AuditEntry.objects.using(using).order_by("id")
    previous, last_id = GENESIS, None
    while batch := list(entries.filter(id__gt=last_id)[:BATCH] if last_id else entries[:BATCH]):
        for entry in batch:
            entry.data = normalized_data(entry.data)
            entry.previous_hash = previous
            entry.hash = previous = hash_of(entry)
        last_id = batch[-1].pk
        AuditEntry.objects.using(using).bulk_update(batch, ["data", "previous_hash", "hash"])
    AuditChainHead.objects.using(using).update_or_create(pk=1, defaults={"last_id": last_id, "last_hash": previous})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_chain")]

    operations = [migrations.RunPython(chain, migrations.RunPython.noop, elidable=False)]
