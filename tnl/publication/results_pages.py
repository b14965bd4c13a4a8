"""The results page of each published edition, in each language."""

from itertools import groupby

from . import paths
from .departement_map import departement_map
from .site import LANGUAGES


def levels_of(release):
    """[(level facts, [results])] from the highest level down, levels without laureates left out."""
    facts = {item["level"]: item for item in release.facts.get("levels", [])}
    groups = []
    for level, results in groupby(release.published_results, key=lambda result: result.level):
        results = list(results)
        groups.append((facts.get(level) or {"level": level, "label": results[0].level_label}, results))
    return groups


def write(build):
    for release in build.releases:
        alternates = {language: paths.results(release.year, language) for language in LANGUAGES}
        for language in LANGUAGES:
            build.page(
                alternates[language],
                "publication/published/results.html",
                {
                    "release": release,
                    "levels": levels_of(release),
                    "language": language,
                    "booklet_url": paths.url(paths.booklet(release.year, language)),
                    "booklet_pdf_url": paths.url(paths.booklet_pdf(release.year, language)),
                    "press_url": paths.url(paths.press_release(release.year, language)),
                    "press_pdf_url": paths.url(paths.press_release_pdf(release.year, language)),
                    "statistics_url": paths.url(paths.statistics(language)),
                    "departement_map": departement_map(
                        release.published_results, language, ident=f"departement-map-{release.year}"
                    ),
                },
                language,
                alternates,
            )
