import json
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import DossierForm, DossierStatus, EvidenceKind

# The longest text answer or comment, in characters (forms and services refuse longer ones).
MAX_TEXT_LENGTH = 10_000


class Dossier(models.Model):
    """One body's application to one edition."""

    edition = models.ForeignKey(
        "editions.Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="dossiers"
    )
    territory = models.ForeignKey(
        "territories.Territory", verbose_name=_("body"), on_delete=models.PROTECT, related_name="dossiers"
    )
    form = models.CharField(_("form"), max_length=10, choices=DossierForm.choices, default=DossierForm.FULL)
    status = models.CharField(_("status"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("started from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    # The body's consent to show its answers on its public page once the results are published.
    public_answers = models.BooleanField(
        _("make my answers public with the results"),
        default=False,
        help_text=_("Once the results are published, your answers appear on your body's public page."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(fields=["edition", "territory"], name="one_dossier_per_body_and_edition")
        ]

    def __str__(self):
        return f"{self.territory} – {self.edition.year}"

    @property
    def is_submitted(self):
        return self.status == DossierStatus.SUBMITTED


# One decoder for every value: json.loads with an option builds a new decoder at each call.
VALUE_DECODER = json.JSONDecoder(parse_float=Decimal)


def decode_value(text):
    """An answer's value from its stored JSON text: numbers as exact Decimals."""
    return VALUE_DECODER.decode(text)


class Answer(models.Model):
    """The body's answer to one question, matched by the question's code.

    The value is kept as canonical JSON text so that numbers stay exact decimals (a JSON
    column would hand back binary floats). `version` goes up at every save: a save that
    names an older version is a conflict, never a silent overwrite."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=100)
    value_json = models.TextField(_("value"), default="null")
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    needs_review = models.BooleanField(
        _("taken from the previous edition, to review"),
        default=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["dossier", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.dossier} {self.question}"

    @property
    def value(self):
        return decode_value(self.value_json)

    @value.setter
    def value(self, value):
        from tnl.referentials.format import to_json

        self.value_json = to_json(value)


def evidence_upload_to(instance, filename):
    # A server-made name: nothing of the uploader's file name reaches the storage.
    return f"evidence/{instance.dossier_id}/{instance.stored_name}"


class Evidence(models.Model):
    """A piece of evidence for one question: a link, or an uploaded file."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="evidence")
    question = models.CharField(_("question"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True)
    stored_name = models.CharField(_("stored name"), max_length=100, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.url or self.original_name

    def reference(self):
        """How the evidence appears in the dossier file and to the scoring engine."""
        return self.url if self.kind == EvidenceKind.URL else f"file:{self.pk}:{self.original_name}"
