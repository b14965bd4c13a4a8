"""The results booklet of each published edition, for the ceremony and the press: a PDF and a page
to show full screen (one level per screen), in each language.

Both list the labelled bodies level by level, the highest first, with their badge (when the badge
writer left one in the build) and their one public line."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from . import paths, printing
from .results_pages import levels_of
from .site import LANGUAGES


def laureates(build, release, pdf):
    """[(level facts, [{"result", "badge"}])] from the highest level down; "badge" is the badge's
    file URL in the build (PDF) or URL path (page), "" when there is none."""
    groups = []
    for level, results in levels_of(release):
        items = []
        for result in results:
            badge = paths.badge(release.year, result.kind, result.code, "svg")
            exists = (build.folder / badge).is_file()
            url = (printing.file_url(build, badge) if pdf else paths.url(badge)) if exists else ""
            items.append({"result": result, "badge": url})
        groups.append((level, items))
    return groups


def context(build, release, language, pdf):
    return {
        "release": release,
        "levels": laureates(build, release, pdf),
        "count": len(release.published_results),
        "language": language,
        "published_on": printing.publication_date(release),
        "results_path": paths.url(paths.results(release.year, language)),
        "pdf_path": paths.url(paths.booklet_pdf(release.year, language)),
        "LABEL_NAME": settings.TNL_LABEL_NAME,
        "ORGANISER_NAME": settings.TNL_ORGANISER_NAME,
    }


def booklet_pdf(build, release, language):
    with translation.override(language):
        html = render_to_string(
            "publication/print/booklet.html",
            {**context(build, release, language, pdf=True), "print_css": printing.print_css()},
        )
    return printing.pdf(html, build.folder)


def write(build):
    for release in build.releases:
        alternates = {language: paths.booklet(release.year, language) for language in LANGUAGES}
        for language in LANGUAGES:
            build.page(
                alternates[language],
                "publication/published/booklet.html",
                context(build, release, language, pdf=False),
                language,
                alternates,
            )
            # The PDF reads this release alone (and its badges, written from it): an unchanged
            # release's is taken from the previous build.
            if not build.reuse(release, paths.booklet_pdf(release.year, language)):
                build.write(paths.booklet_pdf(release.year, language), booklet_pdf(build, release, language))
