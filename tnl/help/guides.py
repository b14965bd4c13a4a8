"""The guides: Markdown files in tnl/help/guides/<language>/, one per reader, rendered on demand.

Every guide exists in every language of the site, with the same heading anchors (the per-page
help links point at them whatever the language).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .rendering import render

GUIDES_DIR = Path(__file__).resolve().parent / "guides"


@dataclass(frozen=True)
class Guide:
    slug: str  # in the address: /aide/<slug>/
    files: dict  # language code -> file name in GUIDES_DIR/<language>/
    reader: str  # who it is for, shown on the index page

    def path(self, language):
        return GUIDES_DIR / language / self.files[language]


GUIDES = [
    Guide("candidats", {"fr": "candidats.md", "en": "candidates.md"}, _("Agents and elected officials of a body")),
    Guide("jury", {"fr": "jury.md", "en": "jurors.md"}, _("Jury members and invited experts")),
    Guide("organisation", {"fr": "organisation.md", "en": "organisers.md"}, _("The label's organisers")),
]
BY_SLUG = {guide.slug: guide for guide in GUIDES}


def current_language():
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@cache
def _rendered(path, mtime):
    return render(path.read_text(encoding="utf-8"))


def rendered(guide, language=None):
    path = guide.path(language or current_language())
    return _rendered(path, path.stat().st_mtime_ns)
