"""The audit log is append-only and hash-chained; `manage.py verify_audit_log` checks the chain."""

import threading
from datetime import UTC

import pytest
from django.core.management import execute_from_command_line
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from tests.factories import UserFactory
from tnl.core import audit
from tnl.core.chain import GENESIS, entry_hash, hash_of
from tnl.core.models import AppendOnlyError, AuditChainHead, AuditEntry
from tnl.core.services import SYSTEM

TABLE = AuditEntry._meta.db_table


def verify(capsys):
    """(exit status, standard output, standard error) of `manage.py verify_audit_log`."""
    try:
        execute_from_command_line(["manage.py", "verify_audit_log"])
        status = 0
    except SystemExit as exit:
        status = exit.code
    output = capsys.readouterr()
    return status, output.out, output.err


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("TABLE", TABLE), params)


def when(entry):
    return f"{entry.at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


@pytest.fixture
def person(db):
    return UserFactory(full_name="Alice Martin")


@pytest.fixture
def entries(person):
    """Four entries, by a person and by the system, with and without data."""
    return [
        audit.record(person, "user.joined", person, "Alice joined", source="form"),
        audit.record(SYSTEM, "user.verified", person),
        audit.record(person, "user.settings_changed", person, "Langue : anglais", language={"from": "fr", "to": "en"}),
        audit.record(SYSTEM, "user.reminded", person, "Rappel", days=[14, 3]),
    ]


# The chain ---------------------------------------------------------------------------------------


def test_each_entry_holds_the_previous_hash_and_its_own(entries):
    stored = list(AuditEntry.objects.order_by("id"))
    assert [entry.previous_hash for entry in stored] == [GENESIS] + [entry.hash for entry in stored[:-1]]
    assert all(len(entry.hash) == 64 and entry.hash == hash_of(entry) for entry in stored)
    assert len({entry.hash for entry in stored}) == 4
    head = AuditChainHead.objects.get()
    assert (head.pk, head.last_id, head.last_hash) == (1, stored[-1].pk, stored[-1].hash)


def test_the_hash_covers_the_content_as_stored(entries, person):
    stored = AuditEntry.objects.order_by("id").first()
    # The values read back are the hashed ones: time in UTC to the microsecond, data as JSON.
    assert stored.at == entries[0].at and stored.data == {"source": "form"}
    assert stored.hash == entry_hash(
        at=stored.at,
        actor_id=person.pk,
        action="user.joined",
        object_type="accounts.user",
        object_id=str(person.pk),
        summary="Alice joined",
        data={"source": "form"},
        previous_hash=GENESIS,
    )
    # Every field counts, the place in the chain too.
    assert stored.hash != entry_hash(
        at=stored.at,
        actor_id=None,
        action="user.joined",
        object_type="accounts.user",
        object_id=str(person.pk),
        summary="Alice joined",
        data={"source": "form"},
        previous_hash=GENESIS,
    )


def test_data_is_stored_as_it_reads_back(person):
    entry = audit.record(person, "user.reminded", person, days=(14, 3))
    assert entry.data == {"days": [14, 3]}
    assert AuditEntry.objects.get().hash == entry.hash


def test_a_rolled_back_entry_leaves_the_chain_as_it_was(entries, person, capsys):
    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        audit.record(person, "user.joined", person, "never happened")
        raise Undone
    head = AuditChainHead.objects.get()
    assert (head.last_id, head.last_hash) == (entries[-1].pk, entries[-1].hash)
    after = audit.record(SYSTEM, "user.verified", person)
    assert after.previous_hash == entries[-1].hash
    assert verify(capsys) == (0, "Audit log intact: 5 entries.\n", "")


def test_a_fork_cannot_be_written(entries):
    # Two entries following the same one: refused by the database itself.
    with pytest.raises(IntegrityError), transaction.atomic():
        sql(
            "INSERT INTO TABLE (at, action, object_type, object_id, summary, data, previous_hash, hash, actor_id)"
            " SELECT at, action, object_type, object_id, summary, data, previous_hash, hash, actor_id"
            " FROM TABLE WHERE id = %s",
            entries[1].pk,
        )


def test_the_chain_starts_again_from_what_is_there_when_its_head_is_gone(entries, person, capsys):
    AuditChainHead.objects.all().delete()  # as a flush of the database does (transactional tests)
    entry = audit.record(person, "user.verified", person)
    assert entry.previous_hash == entries[-1].hash
    assert verify(capsys) == (0, "Audit log intact: 5 entries.\n", "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_two_transactions_recording_at_once_chain_one_after_the_other(capsys):
    person = UserFactory()
    first_recorded, may_commit, second_started = threading.Event(), threading.Event(), threading.Event()
    entries, errors = {}, []

    def first():
        try:
            with transaction.atomic():
                entries["first"] = audit.record(person, "user.joined", person)
                first_recorded.set()
                may_commit.wait(10)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            first_recorded.wait(10)
            second_started.set()
            with transaction.atomic():  # waits for the first transaction's lock on the chain head
                entries["second"] = audit.record(person, "user.verified", person)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    second_started.wait(10)
    may_commit.set()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert entries["second"].previous_hash == entries["first"].hash
    assert entries["first"].pk < entries["second"].pk
    assert verify(capsys) == (0, "Audit log intact: 2 entries.\n", "")


# Append-only ------------------------------------------------------------------------------------


def test_the_orm_refuses_to_change_an_entry(entries):
    entry = AuditEntry.objects.order_by("id").first()
    entry.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.save(update_fields=["summary"])
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["summary"])
    assert AuditEntry.objects.get(pk=entry.pk).summary == "Alice joined"


def test_the_orm_refuses_to_delete_entries(entries, person):
    with pytest.raises(AppendOnlyError):
        entries[0].delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entries[0].pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    # The person who acted stays known: deactivate the account rather than delete it.
    with pytest.raises(ProtectedError):
        person.delete()
    assert AuditEntry.objects.count() == 4


def test_the_orm_refuses_bulk_inserts(person):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create([AuditEntry(action="user.joined", object_type="accounts.user", object_id="1")])
    assert not AuditEntry.objects.exists()


def test_the_admin_shows_the_log_read_only(entries, admin_client):
    assert admin_client.get("/admin/core/auditentry/").status_code == 200
    change = f"/admin/core/auditentry/{entries[0].pk}/change/"
    assert admin_client.post(change, {"summary": "rewritten"}).status_code == 403
    assert admin_client.post(f"/admin/core/auditentry/{entries[0].pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get("/admin/core/auditentry/add/").status_code == 403
    assert AuditEntry.objects.order_by("id").first().summary == "Alice joined"


# verify_audit_log ---------------------------------------------------------------------------------


def test_an_empty_log_is_intact(db, capsys):
    assert verify(capsys) == (0, "Audit log intact: 0 entries.\n", "")


def test_one_entry(person, capsys):
    audit.record(person, "user.joined", person)
    assert verify(capsys) == (0, "Audit log intact: 1 entry.\n", "")


def test_an_intact_chain_verifies(entries, capsys):
    assert verify(capsys) == (0, "Audit log intact: 4 entries.\n", "")


def test_a_row_changed_in_the_database_is_named(entries, capsys):
    second = entries[1]
    sql("UPDATE TABLE SET summary = %s WHERE id = %s", "nothing to see", second.pk)
    assert verify(capsys) == (
        1,
        "",
        f"Audit log broken at entry #{second.pk} ({when(second)}, user.verified): "
        "hash mismatch: its content does not match its hash.\n",
    )


def test_a_changed_row_whose_hash_was_recomputed_breaks_the_next_link(entries, capsys):
    second, third = AuditEntry.objects.order_by("id")[1:3]
    second.data = {"forged": True}
    sql("UPDATE TABLE SET data = %s, hash = %s WHERE id = %s", '{"forged": true}', hash_of(second), second.pk)
    assert verify(capsys) == (
        1,
        "",
        f"Audit log broken at entry #{third.pk} ({when(third)}, user.settings_changed): "
        f"broken link: its previous hash is not the hash of entry #{second.pk}, the entry before it.\n",
    )


def test_a_row_deleted_in_the_middle_breaks_the_link(entries, capsys):
    sql("DELETE FROM TABLE WHERE id = %s", entries[2].pk)
    fourth = entries[3]
    assert verify(capsys) == (
        1,
        "",
        f"Audit log broken at entry #{fourth.pk} ({when(fourth)}, user.reminded): "
        f"broken link: its previous hash is not the hash of entry #{entries[1].pk}, the entry before it.\n",
    )


def test_the_first_row_deleted_is_found(entries, capsys):
    sql("DELETE FROM TABLE WHERE id = %s", entries[0].pk)
    second = entries[1]
    assert verify(capsys) == (
        1,
        "",
        f"Audit log broken at entry #{second.pk} ({when(second)}, user.verified): "
        "broken link: it is the first entry but does not start the chain (entries before it were deleted).\n",
    )


def test_the_last_rows_deleted_are_found(entries, capsys):
    sql("DELETE FROM TABLE WHERE id >= %s", entries[2].pk)
    second = entries[1]
    assert verify(capsys) == (
        1,
        "",
        f"Audit log broken after entry #{second.pk} ({when(second)}, user.verified): "
        f"entries missing at the end: the chain head records entry #{entries[3].pk} as the last one.\n",
    )


def test_every_row_deleted_is_found(entries, capsys):
    sql("DELETE FROM TABLE")
    assert verify(capsys) == (
        1,
        "",
        f"Audit log broken (no entries): entries missing at the end: "
        f"the chain head records entry #{entries[3].pk} as the last one.\n",
    )


# Entries written before the chain ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_the_existing_entries(capsys):
    from django.db.migrations.executor import MigrationExecutor

    person = UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0001_initial")])
    try:
        old = executor.loader.project_state([("core", "0001_initial")]).apps.get_model("core", "AuditEntry")
        for action, actor_id, data in [("user.joined", person.pk, {"source": "form"}), ("user.verified", None, {})]:
            old.objects.create(actor_id=actor_id, action=action, object_type="accounts.user", object_id="1", data=data)
    finally:  # back to the current schema, whatever happened
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert verify(capsys) == (0, "Audit log intact: 2 entries.\n", "")
    audit.record(person, "user.settings_changed", person)
    assert verify(capsys) == (0, "Audit log intact: 3 entries.\n", "")
