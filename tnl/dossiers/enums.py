from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("being written")
    SUBMITTED = "submitted", _("submitted")


class DossierForm(models.TextChoices):
    FULL = "full", _("full questionnaire")
    BADGE = "badge", _("short badge form")


class EvidenceKind(models.TextChoices):
    URL = "url", _("link")
    FILE = "file", _("file")
