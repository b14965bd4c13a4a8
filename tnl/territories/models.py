"""The territory registry: public bodies (from the official data or added by organisers) and their members."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    INSEE_KINDS,
    INVITATION_VALID_DAYS,
    REFERENT_ROLES,
    Competence,
    EpciType,
    Kind,
    MembershipRole,
    MembershipStatus,
)
from .normalize import search_key


def _empty_list():
    return []


class Territory(models.Model):
    """A public body that can apply for the label.

    Communes, EPCI, départements and régions come from @etalab/decoupage-administratif
    (`import_territories`); they are never deleted, only marked inactive when they leave the data
    (mergers), because dossiers and results refer to them. Other bodies (syndicates, parks,
    agencies…) are added by organisers.

    `population` is the INSEE population municipale as the package gives it: the `population`
    field of a commune and the `populationMunicipale` field of an EPCI (not `populationTotale`,
    which counts people with a second residence twice across communes), so a commune and an EPCI
    are measured the same way. Départements and régions have no population in the data (None).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # INSEE code (commune, département, région), SIREN (EPCI) or "X-<slug>" (other bodies).
    code = models.CharField(_("code"), max_length=60, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    subkind = models.CharField(
        _("kind of body"),
        max_length=100,
        blank=True,
        help_text=_("For other public bodies, e.g. “syndicat mixte”, “regional natural park”."),
    )
    # None (not "") when the data gives none, as for départements and régions: a future unique
    # index on SIREN then ignores them.
    siren = models.CharField(_("SIREN"), max_length=9, null=True, blank=True, db_index=True)  # noqa: DJ001
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    departement = models.ForeignKey(
        "self",
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies_in_departement",
        limit_choices_to={"kind": Kind.DEPARTEMENT},
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies_in_region",
        limit_choices_to={"kind": Kind.REGION},
    )
    # The EPCI à fiscalité propre a commune belongs to.
    epci = models.ForeignKey(
        "self",
        verbose_name=_("intercommunality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_communes",
        limit_choices_to={"kind": Kind.EPCI},
    )
    epci_type = models.CharField(_("EPCI type"), max_length=10, choices=EpciType.choices, blank=True)
    postal_codes = models.JSONField(_("postal codes"), default=_empty_list, blank=True)
    # Set from `default_competences_missing(kind)` at creation, then kept by organisers (never by the import).
    competences_missing = models.JSONField(_("competences the body does not hold"), default=_empty_list, blank=True)
    # Recorded by organisers; a later issue uses them to confirm members from their address.
    email_domains = models.JSONField(_("e-mail domains"), default=_empty_list, blank=True)
    search_name = models.CharField(_("search key"), max_length=200, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_kind_code")]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # The import writes in bulk and sets search_name itself; this covers every other save.
        self.search_name = search_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("territories:detail", kwargs={"kind": self.kind, "code": self.code})

    @property
    def departement_code(self):
        """The département code of a commune, read from its INSEE code (no query): "54395" -> "54"."""
        if self.kind == Kind.COMMUNE:
            return self.code[:3] if self.code.startswith("97") else self.code[:2]
        if self.kind == Kind.DEPARTEMENT:
            return self.code
        return ""

    @property
    def display_name(self):
        """ "Nancy (54)" for a commune, "Meurthe-et-Moselle (54)" for a département, the name otherwise."""
        if self.kind in (Kind.COMMUNE, Kind.DEPARTEMENT):
            return f"{self.name} ({self.departement_code})"
        return self.name

    @property
    def competences_missing_labels(self):
        labels = dict(Competence.choices)
        return [labels.get(code, code) for code in self.competences_missing]

    @property
    def insee_code(self):
        return self.code if self.kind in INSEE_KINDS else ""


class MembershipQuerySet(models.QuerySet):
    """The one place that says who acts for a body: chain `Membership.objects.confirmed()`,
    `.referents()`, `.of(user)`, `.in_body(territory)`. Permissions ask through
    `tnl.territories.rules` (`member_role`, `is_member`, `is_referent`), which cache the answer."""

    def confirmed(self):
        """People who act for their body now."""
        return self.filter(status=MembershipStatus.CONFIRMED)

    def current(self):
        """Confirmed members and pending requests (not those who left or were declined)."""
        return self.filter(status__in=[MembershipStatus.CONFIRMED, MembershipStatus.PENDING])

    def referents(self):
        """Confirmed elected and technical referents (a pending referent is no referent)."""
        return self.confirmed().filter(role__in=REFERENT_ROLES)

    def of(self, user):
        return self.filter(user=user)

    def in_body(self, territory):
        return self.filter(territory=territory)


class Membership(models.Model):
    """A person acting for a body, in one role. State changes go through membership_services.py.

    One row per (person, body), kept for the record: leaving or being declined changes the status,
    and asking again reuses the row. Ask who acts for a body through `Membership.objects`
    (`MembershipQuerySet`), also from a body: `territory.memberships.confirmed()`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="territory_memberships"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=MembershipRole.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The latest request (a person who left may ask again).
    requested_at = models.DateTimeField(_("requested on"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    left_at = models.DateTimeField(_("left on"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "territory"], name="membership_unique_user_territory")]

    def __str__(self):
        return f"{self.user} – {self.territory} ({self.get_role_display()})"

    @property
    def is_referent(self):
        return self.role in REFERENT_ROLES

    @property
    def is_confirmed(self):
        return self.status == MembershipStatus.CONFIRMED


class Invitation(models.Model):
    """An e-mail inviting someone to act for a body; its link works for INVITATION_VALID_DAYS days.

    At most one open (not accepted) invitation per body and address: inviting again refreshes it.
    """

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))  # stored lowercase
    role = models.CharField(_("role"), max_length=30, choices=MembershipRole.choices)
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When the current link was sent: inviting again moves it, and the 30 days count from here.
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="invitation_one_open_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} – {self.territory} ({self.get_role_display()})"

    def get_absolute_url(self):
        return reverse("territories:invitation", kwargs={"token": self.token})

    @property
    def expires_at(self):
        return self.sent_at + timedelta(days=INVITATION_VALID_DAYS)

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at


class RegistryImport(models.Model):
    """One run of `import_territories`: where the data came from and what changed (the audit log points here)."""

    source = models.CharField(_("source"), max_length=500)
    kinds = models.JSONField(_("kinds imported"), default=_empty_list)
    counts = models.JSONField(_("counts"), default=dict)
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.source}"
