from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import JuryRole, Phase


class Edition(models.Model):
    """One yearly campaign of the label, with its own referential.

    The phase is derived, never stored: from the dates for the campaign itself (draft → open →
    closed → review) and from the organiser's recorded actions after that (deliberation,
    published, archived). Moving a date therefore moves the phase, with nothing to keep in sync.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    referential = models.OneToOneField(
        "referentials.Referential", verbose_name=_("referential"), on_delete=models.PROTECT, related_name="edition"
    )
    opens_at = models.DateTimeField(_("applications open"), null=True, blank=True)
    closes_at = models.DateTimeField(_("applications close"), null=True, blank=True)
    jury_on = models.DateField(_("jury review starts"), null=True, blank=True)
    ceremony_on = models.DateField(_("ceremony"), null=True, blank=True)
    publication_on = models.DateField(_("planned publication of results"), null=True, blank=True)
    deliberation_started_at = models.DateTimeField(_("deliberation started"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # A publication planned for a date and time (the ceremony): `manage.py publish_scheduled`,
    # run every minute by cron, publishes it as the organiser who planned it.
    publication_scheduled_at = models.DateTimeField(_("publication scheduled for"), null=True, blank=True)
    publication_scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publication scheduled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Jury settings.
    reviewers_per_dossier = models.PositiveSmallIntegerField(
        _("reviewers per dossier"), default=2, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    reviews_hidden_until_submitted = models.BooleanField(
        _("jurors see the other reviews of a dossier only after submitting their own"), default=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(opens_at__lt=models.F("closes_at")),
                name="edition_opens_before_closing",
            ),
        ]

    def __str__(self):
        return f"{settings.TNL_LABEL_NAME} {self.year}"

    def phase_at(self, now):
        if self.archived_at:
            return Phase.ARCHIVED
        if self.published_at:
            return Phase.PUBLISHED
        if self.deliberation_started_at:
            return Phase.DELIBERATION
        if self.opens_at is None or self.closes_at is None or now < self.opens_at:
            return Phase.DRAFT
        if now < self.closes_at:
            return Phase.OPEN
        if self.jury_on is None or timezone.localdate(now) < self.jury_on:
            return Phase.CLOSED
        return Phase.REVIEW

    @property
    def phase(self):
        return self.phase_at(timezone.now())

    def get_phase_display(self):
        return Phase(self.phase).label

    @property
    def is_open(self):
        return self.phase == Phase.OPEN


class JuryMember(models.Model):
    """A juror or invited expert of one edition (assignment and reviews come with the jury issue)."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=20, choices=JuryRole.choices, default=JuryRole.JUROR)
    organisation = models.CharField(_("organisation represented"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="one_jury_seat_per_edition")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.edition.year})"
