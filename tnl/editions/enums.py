from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Applications closed")
    REVIEW = "review", _("Jury review")
    DELIBERATION = "deliberation", _("Deliberation")
    PUBLISHED = "published", _("Results published")
    ARCHIVED = "archived", _("Archived")


class JuryRole(models.TextChoices):
    JUROR = "juror", _("Juror")
    EXPERT = "expert", _("Invited expert")
