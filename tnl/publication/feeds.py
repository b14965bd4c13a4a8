"""The Atom feed of the published results, one per language (`resultats.atom`,
`en/results.atom`): one entry per live release, newest first.

An entry's id is a tag: URI made of the release's year and publication number, so a
republication after a correction is a new entry, and a withdrawn release leaves the feed."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from . import paths
from .site import LANGUAGES

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def absolute(path):
    return settings.SITE_URL.rstrip("/") + paths.url(path)


def tag_uri(release):
    """tag:host,YYYY-MM-DD:results/2026/1 — the date is the release's publication day."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{release.published_at:%Y-%m-%d}:results/{release.year}/{release.number}"


def entry_title(release):
    count = len(release.published_results)
    return ngettext(
        "%(label)s %(year)s: %(count)s labelled body", "%(label)s %(year)s: %(count)s labelled bodies", count
    ) % {"label": settings.TNL_LABEL_NAME, "year": release.year, "count": count}


def _add(parent, name, text=None, **attributes):
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def feed(releases, language, now=None):
    """The feed as bytes (UTF-8, with its XML declaration)."""
    with translation.override(language):
        root = ElementTree.Element(f"{{{ATOM}}}feed", {XML_LANG: language})
        _add(root, "id", absolute(paths.feed(language)))
        _add(root, "title", gettext("%(label)s: the published results") % {"label": settings.TNL_LABEL_NAME})
        dates = [release.published_at for release in releases]
        _add(root, "updated", (max(dates) if dates else now or timezone.now()).isoformat())
        _add(root, "link", rel="self", type="application/atom+xml", href=absolute(paths.feed(language)))
        _add(root, "link", rel="alternate", type="text/html", href=settings.SITE_URL.rstrip("/") + "/")
        author = _add(root, "author")
        _add(author, "name", settings.TNL_ORGANISER_NAME)
        for release in sorted(releases, key=lambda item: item.published_at, reverse=True):
            entry = _add(root, "entry")
            _add(entry, "id", tag_uri(release))
            _add(entry, "title", entry_title(release))
            _add(entry, "updated", release.published_at.isoformat())
            _add(entry, "published", release.published_at.isoformat())
            _add(entry, "link", rel="alternate", type="text/html", href=absolute(paths.results(release.year, language)))
            participation = release.facts.get("participation")
            summary = gettext("The results of the %(year)s edition.") % {"year": release.year}
            if participation is not None:
                summary += " " + ngettext("%(count)s body applied.", "%(count)s bodies applied.", participation) % {
                    "count": participation
                }
            _add(entry, "summary", summary)
    ElementTree.register_namespace("", ATOM)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def write(build):
    for language in LANGUAGES:
        build.write(paths.feed(language), feed(build.releases, language))
