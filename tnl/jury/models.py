"""The jury's data: conflicts, assignments, reviews, clarifications, decisions and the outbox.

Nothing here is public: the publication issue copies what may be shown into the published
snapshot. Jury members themselves are `tnl.editions.models.JuryMember` (one seat per edition).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import ClarificationStatus, OutboxStatus, ReviewStatus, Rubric

MAX_TEXT_LENGTH = 10_000  # comments, opinions, reasons, messages (as the dossier's own texts)


class Conflict(models.Model):
    """A body a jury member declared a conflict of interest with (or an organiser did for them).

    Automatic conflicts (the member's own bodies and the bodies that contain them or that they
    contain) are computed by `tnl.jury.conflicts`, never stored, so they follow memberships.
    """

    member = models.ForeignKey(
        "editions.JuryMember", verbose_name=_("jury member"), on_delete=models.CASCADE, related_name="conflicts"
    )
    territory = models.ForeignKey(
        "territories.Territory", verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("declared on"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["member", "territory"], name="one_conflict_per_body")]

    def __str__(self):
        return f"{self.member} ≠ {self.territory}"


class Assignment(models.Model):
    """A jury member asked to review one dossier (or, with `calibration`, to review a sample
    dossier before reviews open)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="assignments"
    )
    member = models.ForeignKey(
        "editions.JuryMember", verbose_name=_("jury member"), on_delete=models.CASCADE, related_name="assignments"
    )
    calibration = models.BooleanField(_("calibration"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned on"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "member", "calibration"], name="one_assignment_per_member")
        ]

    def __str__(self):
        return f"{self.member.user} → {self.dossier}"


class Review(models.Model):
    """One assignment's review: per-question readings, and an expert's written opinion."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.IN_PROGRESS
    )
    opinion = models.TextField(_("written opinion"), blank=True)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"review of {self.assignment}"

    @property
    def is_submitted(self):
        return self.status == ReviewStatus.SUBMITTED


class QuestionReview(models.Model):
    """A juror's reading of one question: the rubric (url, file, text questions), a corrected
    number of points with its reason (any question), a private comment."""

    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(_("question"), max_length=100)
    rubric = models.PositiveSmallIntegerField(_("rubric"), choices=Rubric.choices, null=True, blank=True)
    # An exact decimal as text ("2.5"), as the engine's numbers: never a float.
    corrected_points = models.CharField(_("corrected points"), max_length=20, blank=True)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    comment = models.TextField(_("private comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("question review")
        verbose_name_plural = _("question reviews")
        constraints = [models.UniqueConstraint(fields=["review", "question"], name="one_reading_per_question")]

    def __str__(self):
        return f"{self.question} ({self.review})"


class EvidenceCheck(models.Model):
    """A juror's verdict on one piece of evidence: valid or not."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="evidence_checks"
    )
    evidence = models.ForeignKey(
        "dossiers.Evidence", verbose_name=_("evidence"), on_delete=models.CASCADE, related_name="checks"
    )
    is_valid = models.BooleanField(_("valid"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evidence check")
        verbose_name_plural = _("evidence checks")
        constraints = [models.UniqueConstraint(fields=["review", "evidence"], name="one_check_per_evidence")]

    def __str__(self):
        return f"{self.evidence} ({'valid' if self.is_valid else 'not valid'})"


class CalibrationSample(models.Model):
    """A dossier every juror reviews before reviews open, to settle the reading of the criteria."""

    edition = models.ForeignKey(
        "editions.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="calibration_samples"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        verbose_name = _("calibration dossier")
        verbose_name_plural = _("calibration dossiers")
        constraints = [models.UniqueConstraint(fields=["edition", "dossier"], name="one_sample_per_dossier")]

    def __str__(self):
        return f"{self.dossier} (calibration)"


class QuestionNote(models.Model):
    """The jury's agreed reading of one question, shown to every juror while reviewing."""

    edition = models.ForeignKey(
        "editions.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="question_notes"
    )
    question = models.CharField(_("question"), max_length=100)
    text = models.TextField(_("agreed reading"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reading note")
        verbose_name_plural = _("reading notes")
        constraints = [models.UniqueConstraint(fields=["edition", "question"], name="one_note_per_question")]

    def __str__(self):
        return f"{self.question}: {self.text[:50]}"


class Clarification(models.Model):
    """A question from the jury to a candidate, answered in a thread on the dossier; it may reopen
    chosen questions of the submitted dossier for correction until a date."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="clarifications"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Question codes reopened for correction (empty: a plain question), until `open_until`.
    questions = models.JSONField(_("questions reopened"), default=list, blank=True)
    open_until = models.DateTimeField(_("open for correction until"), null=True, blank=True)
    # {code: {"value": …, "evidence": […]}} of the reopened questions when asked: the "before".
    before = models.JSONField(_("answers before"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ClarificationStatus.choices, default=ClarificationStatus.OPEN
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")

    def __str__(self):
        return f"clarification #{self.pk} on {self.dossier}"


class ClarificationMessage(models.Model):
    clarification = models.ForeignKey(
        Clarification, verbose_name=_("clarification"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("clarification message")
        verbose_name_plural = _("clarification messages")

    def __str__(self):
        return f"{self.author}: {self.text[:50]}"


class Decision(models.Model):
    """The level the jury decides for one dossier. Pending until the edition is published: nothing
    of it reaches a candidate or a visitor before."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="decision"
    )
    proposed_level = models.PositiveSmallIntegerField(_("proposed level"))
    level = models.PositiveSmallIntegerField(_("decided level"))
    reason = models.TextField(_("reason"), blank=True)
    mentions = models.JSONField(_("special mentions"), default=list, blank=True)
    # One public line for the results booklet and the body's page; nothing else of the
    # decision is published.
    highlight = models.CharField(_("what it did well (published)"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), auto_now=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.dossier}: level {self.level}"


class ResultTemplate(models.Model):
    """The result e-mail of an edition in one language; placeholders in `{braces}`."""

    edition = models.ForeignKey(
        "editions.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="result_templates"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("result e-mail template")
        verbose_name_plural = _("result e-mail templates")
        constraints = [models.UniqueConstraint(fields=["edition", "language"], name="one_template_per_language")]

    def __str__(self):
        return f"{self.edition} ({self.language})"


class OutboxMessage(models.Model):
    """One result e-mail, prepared from the template, edited if need be, sent at publication."""

    edition = models.ForeignKey(
        "editions.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="outbox"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="outbox"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    edited = models.BooleanField(_("edited by hand"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.DRAFT)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["dossier_id", "recipient_id"]
        verbose_name = _("result e-mail")
        verbose_name_plural = _("result e-mails")
        constraints = [models.UniqueConstraint(fields=["dossier", "recipient"], name="one_result_mail_per_person")]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


class Reminder(models.Model):
    """A reminder of the deadline sent to the referents of the dossiers still in draft, once per
    body: "J-14" and "J-3" (sent by `send_deadline_reminders`) or "manual-<moment>" (an organiser)."""

    edition = models.ForeignKey(
        "editions.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="reminders"
    )
    key = models.CharField(_("reminder"), max_length=40)
    sent_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    count = models.PositiveIntegerField(_("e-mails sent"), default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [models.UniqueConstraint(fields=["edition", "key"], name="one_reminder_per_key")]

    def __str__(self):
        return f"{self.edition} {self.key}"


class ReminderDelivery(models.Model):
    """One body reminded (through its draft dossier): a reminder reaches each body once."""

    reminder = models.ForeignKey(
        Reminder, verbose_name=_("deadline reminder"), on_delete=models.CASCADE, related_name="deliveries"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    recipients = models.PositiveSmallIntegerField(_("people written to"), default=0)
    sent_at = models.DateTimeField(_("sent on"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent to a body")
        verbose_name_plural = _("reminders sent to bodies")
        constraints = [models.UniqueConstraint(fields=["reminder", "dossier"], name="one_reminder_per_dossier")]

    def __str__(self):
        return f"{self.reminder.key} → {self.dossier}"
