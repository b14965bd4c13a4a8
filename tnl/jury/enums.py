from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")


class Rubric(models.IntegerChoices):
    """The jury's reading of a url, file or text answer: thirds of the question's points."""

    NONE = 0, _("0 — not met")
    ONE_THIRD = 1, _("⅓ — partly met")
    TWO_THIRDS = 2, _("⅔ — mostly met")
    FULL = 3, _("1 — fully met")


class JuryState(models.TextChoices):
    """Where a dossier stands for the jury, derived from its data, never stored."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    REVIEWED = "reviewed", _("reviewed")
    DECIDED = "decided", _("decided")


class ClarificationStatus(models.TextChoices):
    OPEN = "open", _("waiting for the candidate")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class OutboxStatus(models.TextChoices):
    DRAFT = "draft", _("to send at publication")
    SENT = "sent", _("sent")
