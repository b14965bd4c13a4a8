"""The press release of each published edition, in each language: a page and a PDF, filled with
the edition's figures (participation, labelled bodies per level, bodies reaching the top level for
the first time, mentions, kinds of bodies, ceremony) from the release and its results only."""

from collections import Counter
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import ngettext

from tnl.core.texts import localized

from . import paths, printing
from .site import LANGUAGES
from .templatetags.publication import kind_label


def headline_figures(participation, labelled):
    """The headline's figures in the active language: "2 applications, 1 labelled body", or the
    labelled bodies alone when the participation is not known (a year imported from a file)."""
    parts = [ngettext("%(count)s labelled body", "%(count)s labelled bodies", labelled) % {"count": labelled}]
    if participation is not None:
        applications = ngettext("%(count)s application", "%(count)s applications", participation)
        parts.insert(0, applications % {"count": participation})
    return ", ".join(parts)


def figures(release, earlier):
    """The edition's figures in the active language; `earlier`: the live releases of the years
    before (a body is new at the top level when none of them had it there)."""
    results = release.published_results
    levels = sorted(release.facts.get("levels", []), key=lambda item: -item["level"])
    top = levels[0]["level"] if levels else max((result.level for result in results), default=0)
    per_level = Counter(result.level for result in results)
    had_top = {
        (result.kind, result.code) for other in earlier for result in other.published_results if result.level == top
    }
    mentions = {item["code"]: localized(item["label"]) for item in release.facts.get("mentions", [])}
    awarded = {}
    for result in results:
        for mention in result.mentions:
            label = mentions.get(mention["code"]) or localized(mention["label"])
            awarded.setdefault(label, []).append(result.display_name)
    ceremony = (release.facts.get("dates") or {}).get("ceremony_on")
    participation = release.facts.get("participation")
    return {
        "participation": participation,
        "labelled": len(results),
        "headline": headline_figures(participation, len(results)),
        "levels": [
            {"label": localized(item["label"]), "count": per_level.get(item["level"], 0)}
            for item in levels
            if item["level"] >= 1
        ],
        "top_level": top,
        "new_at_top": [
            result.display_name
            for result in results
            if result.level == top and (result.kind, result.code) not in had_top
        ],
        "mentions": sorted(awarded.items()),
        "kinds": sorted(
            ((str(kind_label(kind)), count) for kind, count in Counter(r.kind for r in results).items()),
            key=lambda item: (-item[1], item[0]),
        ),
        "ceremony_on": date_format(date.fromisoformat(ceremony), "j F Y") if ceremony else "",
    }


def context(release, earlier, language):
    return {
        "release": release,
        "figures": figures(release, earlier),
        "language": language,
        "published_on": printing.publication_date(release),
        "results_url": printing.site_url(paths.results(release.year, language)),
        "open_data_url": printing.site_url(paths.open_data_index(language)),
        "booklet_url": printing.site_url(paths.booklet(release.year, language)),
        "pdf_path": paths.url(paths.press_release_pdf(release.year, language)),
        "LABEL_NAME": settings.TNL_LABEL_NAME,
        "ORGANISER_NAME": settings.TNL_ORGANISER_NAME,
    }


def write(build):
    for release in build.releases:
        earlier = [other for other in build.releases if other.year < release.year]
        alternates = {language: paths.press_release(release.year, language) for language in LANGUAGES}
        for language in LANGUAGES:
            with translation.override(language):
                values = context(release, earlier, language)
                html = render_to_string("publication/print/press.html", {**values, "print_css": printing.print_css()})
            build.page(alternates[language], "publication/published/press.html", values, language, alternates)
            build.write(paths.press_release_pdf(release.year, language), printing.pdf(html, build.folder))
