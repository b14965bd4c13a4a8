from datetime import UTC

from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .chain import GENESIS, hash_of, normalized_data


class AppendOnlyError(Exception):
    """Raised by any attempt to change or delete audit entries through the ORM."""


def _refuse(*args, **kwargs):
    raise AppendOnlyError("The audit log is append-only: entries are never changed or deleted.")


class AuditEntryQuerySet(models.QuerySet):
    """No bulk writes: every entry is added one by one, chained (`AuditEntry.save`), and stays."""

    update = _update = delete = _raw_delete = bulk_create = bulk_update = _refuse


class AuditEntry(models.Model):
    """One state change, written by the service function that made it (`tnl.core.audit.record`).

    Append-only and chained: each entry holds the hash of the one before it (`previous_hash`) and
    its own (`hash`, see `tnl.core.chain`), so that a change, an insertion or a deletion made
    behind the platform's back shows (`manage.py verify_audit_log`). The ORM refuses to update
    or delete entries; a user who acted cannot be deleted (deactivate the account instead).
    """

    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=100)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        base_manager_name = "objects"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            # Two entries never follow the same one: a fork of the chain cannot be written.
            models.UniqueConstraint(fields=["previous_hash"], name="core_audit_one_successor"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *, force_insert=False, force_update=False, using=None, update_fields=None):
        """Append this new entry at the end of the chain; an entry once written is never saved again."""
        if not self._state.adding or force_update or update_fields is not None:
            _refuse()
        using = using or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            head = AuditChainHead.locked(using)
            # The values as the database gives them back, so that the hash can be checked later.
            self.at = (self.at or timezone.now()).astimezone(UTC)
            self.data = normalized_data(self.data)
            self.previous_hash = head.last_hash
            self.hash = hash_of(self)
            super().save(force_insert=True, using=using)
            head.last_id, head.last_hash = self.pk, self.hash
            head.save(using=using, update_fields=["last_id", "last_hash"])

    def delete(self, *args, **kwargs):
        _refuse()


class AuditChainHead(models.Model):
    """The end of the audit chain: one row (id 1), the last entry's id and hash.

    Each new entry locks it (SELECT ... FOR UPDATE) until its transaction ends, so that two
    transactions never chain to the same entry; a rolled-back entry rolls the head back too.
    It also shows when the last entries were deleted (`verify_audit_log`).
    """

    last_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"#{self.last_id} {self.last_hash}"

    @classmethod
    def locked(cls, using):
        rows = cls.objects.using(using).select_for_update()
        head = rows.filter(pk=1).first()
        if head is None:  # a database emptied by a flush: start from what is there
            last = AuditEntry.objects.using(using).order_by("-id").only("id", "hash").first()
            defaults = {"last_id": last.pk, "last_hash": last.hash} if last else {}
            head, _created = rows.get_or_create(pk=1, defaults=defaults)
        return head
