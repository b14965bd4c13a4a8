"""The published snapshot: what publishing copied, and the only thing public surfaces read.

Embargo by construction: the public pages, files, badges, credentials, exports and the API read
these tables, never dossiers, reviews or decisions. `PublishedResult` rows exist only while their
release is live: unpublishing deletes them (the `Release` row stays, withdrawn, for the history
and the revocation of its credentials), so a query that forgets a filter still finds nothing
withdrawn."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """One publication of one edition's results (or one year imported from a file).

    Republishing after a correction withdraws the live release and makes a new one; `number`
    counts the publications of a year. `facts` holds what the public pages say about the
    edition besides its results (dates, the referential's levels, axes and mentions in each
    language, the jury as published), copied at publication."""

    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="releases",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("publication number"), default=1)
    imported = models.BooleanField(_("imported from a file"), default=False)
    facts = models.JSONField(_("edition facts"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(withdrawn_at=None), name="one_live_release_per_year"
            ),
            models.UniqueConstraint(fields=["year", "number"], name="release_number_unique_per_year"),
        ]

    def __str__(self):
        return f"{self.year} #{self.number}"

    @property
    def is_live(self):
        return self.withdrawn_at is None


class PublishedResult(models.Model):
    """One body's published result in one release: copied, never computed on a public page.

    Labels are stored in every language of the site ({"fr": …, "en": …}) so the files of each
    language are written from the same row."""

    release = models.ForeignKey(
        Release, verbose_name=_("publication"), on_delete=models.CASCADE, related_name="results"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_results",
    )
    # The body as it was at publication (names change, bodies merge).
    kind = models.CharField(_("kind"), max_length=20, db_index=True)
    code = models.CharField(_("code"), max_length=60, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    display_name = models.CharField(_("display name"), max_length=220)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    size_class = models.CharField(_("size class"), max_length=50, blank=True, db_index=True)
    departement_code = models.CharField(_("département code"), max_length=3, blank=True, db_index=True)
    departement_name = models.CharField(_("département"), max_length=200, blank=True)
    region_code = models.CharField(_("region code"), max_length=3, blank=True, db_index=True)
    region_name = models.CharField(_("region"), max_length=200, blank=True)
    # The result.
    level = models.PositiveSmallIntegerField(_("level"), db_index=True)
    level_label = models.JSONField(_("level label"), default=dict, blank=True)
    global_percent = models.DecimalField(_("global score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    # [{"code": "STR", "title": {"fr": …, "en": …}, "percent": "62.5"}], in the referential's order.
    axes = models.JSONField(_("axis scores"), default=list, blank=True)
    # [{"code": "…", "label": {"fr": …, "en": …}}]
    mentions = models.JSONField(_("special mentions"), default=list, blank=True)
    highlight = models.CharField(_("what it did well"), max_length=300, blank=True)
    # The answers the body agreed to make public: [{"question": code, "axis": code,
    # "title": {"fr": …, "en": …}, "answer": {"fr": …, "en": …}}].
    public_answers = models.JSONField(_("public answers"), default=list, blank=True)
    credential_id = models.UUIDField(_("credential identifier"), default=uuid.uuid4, unique=True)
    imported = models.BooleanField(_("imported from a file"), default=False)

    class Meta:
        ordering = ["-year", "-level", "name", "code"]
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        constraints = [
            models.UniqueConstraint(fields=["release", "kind", "code"], name="one_result_per_body_and_release"),
        ]
        indexes = [
            models.Index(fields=["kind", "code", "year"], name="published_body_history"),
            # The laureates' default order (latest edition, highest level first): a page of 50 is
            # read from the index instead of sorting every matching result.
            models.Index(fields=["-year", "-level", "name", "code"], name="published_default_order"),
        ]

    def __str__(self):
        return f"{self.display_name} – {self.year}: {self.level}"


class RevokedCredential(models.Model):
    """A credential that no longer holds: its release was withdrawn. Kept for ever (a revoked
    credential must stay revoked after a republication, which issues new ones)."""

    credential_id = models.UUIDField(_("credential identifier"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20)
    code = models.CharField(_("code"), max_length=60)
    revoked_at = models.DateTimeField(_("revoked on"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("revoked credential")
        verbose_name_plural = _("revoked credentials")

    def __str__(self):
        return str(self.credential_id)


class SiteGeneration(models.Model):
    """One row: a counter raised by every publication, withdrawal and import. A build of the
    published files records the generation it read, and the switch to a new folder never goes
    back to an older generation (two builds finishing out of order)."""

    generation = models.PositiveIntegerField(default=0)
    built = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("published files")
        verbose_name_plural = _("published files")

    def __str__(self):
        return f"generation {self.generation} (built {self.built})"
