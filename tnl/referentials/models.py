from functools import lru_cache

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tnl.core.texts import localized

from .shared import shared_document, shared_questions


class Referential(models.Model):
    """A versioned referential, stored as its validated tnl-referential/1 document.

    The document is the single source of truth: pages, the engine, exports and diffs all read
    it, so they cannot disagree. `version` goes up by one at every change; compiled forms are
    cached per (pk, version), which is safe across processes because a version never changes.
    """

    code = models.CharField(_("code"), max_length=100, unique=True)
    title = models.JSONField(_("title"), default=dict)
    source = models.TextField(_("document (canonical JSON)"))
    version = models.PositiveIntegerField(_("version"), default=1)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referential")
        verbose_name_plural = _("referentials")

    def __str__(self):
        return f"{self.code} — {localized(self.title)}"

    @cached_property
    def document(self):
        """The document, read-only and shared by this process's requests (tnl/referentials/shared.py)."""
        return shared_document(self.source)

    @cached_property
    def questions(self):
        """Every question of the document by its code, in the document's order (read-only, shared)."""
        return shared_questions(self.source)

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("document", None)
        self.__dict__.pop("questions", None)

    def set_document(self, document):
        """Store a validated document as is, defaults included, so that what is read back
        equals what was validated (the file export leaves defaults out)."""
        from .format import to_json

        self.source = to_json(document)
        self.title = document["title"]
        self.code = document["code"]
        self.__dict__.pop("document", None)
        self.__dict__.pop("questions", None)

    def compiled(self):
        return _compile(self.pk, self.version, self.source)

    @property
    def question_count(self):
        return sum(len(axis["questions"]) for axis in self.document["axes"])


@lru_cache(maxsize=32)
def _compile(pk, version, source):
    from .engine import compile_referential

    return compile_referential(shared_document(source))
