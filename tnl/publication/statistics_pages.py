"""The statistics page, in each language: the labelled bodies of every live release by level,
kind of body, size class and région, from edition to edition, the participation, and a
schematic map of the latest edition's laureates. Charts are SVG drawn here, each followed by the
same numbers in a table. Reads the published snapshot only (`build.releases`)."""

from django.utils import translation
from django.utils.translation import gettext

from . import paths, stat_charts
from .departement_map import departement_map
from .site import LANGUAGES
from .templatetags.publication import kind_label


def _text(value, language):
    if isinstance(value, dict):
        return value.get(language) or next(iter(value.values()), "")
    return str(value or "")


def _level_labels(releases, language):
    """{level: label} over every release, the newest release's wording first."""
    labels = {}
    for release in releases:
        for item in release.facts.get("levels", []):
            labels.setdefault(item["level"], _text(item.get("label"), language))
        for result in release.published_results:
            labels.setdefault(result.level, _text(result.level_label, language))
    return dict(sorted(labels.items()))


def _size_labels(releases, language):
    labels = {}
    for release in releases:
        for item in release.facts.get("size_classes", []):
            labels.setdefault(item["code"], _text(item.get("label"), language) or item["code"])
    return labels


def _table(rows_of, keys, labels, years):
    """[(label, [count per year], total)] for `keys`, from {year: {key: count}}."""
    rows = []
    for key in keys:
        counts = [rows_of[year].get(key, 0) for year in years]
        rows.append((labels.get(key, key), counts, sum(counts)))
    return rows


def _count(release, attribute):
    counts = {}
    for result in release.published_results:
        key = getattr(result, attribute) or ""
        counts[key] = counts.get(key, 0) + 1
    return counts


def _keys(counted, order=()):
    """Keys in the given order first, then the others sorted."""
    seen = set().union(*counted.values()) if counted else set()
    return [key for key in order if key in seen] + sorted(seen - set(order))


def statistics(releases, language):
    """Everything the page shows, in `language`: tables and their charts."""
    releases = sorted(releases, key=lambda release: release.year)  # oldest first, as a timeline
    years = [release.year for release in releases]
    newest_first = list(reversed(releases))
    with translation.override(language):
        levels = _level_labels(newest_first, language)
        by_level = {release.year: _count(release, "level") for release in releases}
        level_keys = [level for level in levels if any(by_level[year].get(level) for year in years)]
        level_rows = [
            (
                str(release.year),
                [by_level[release.year].get(level, 0) for level in level_keys],
                len(release.published_results),
            )
            for release in releases
        ]
        series = [(levels[level], stat_charts.series_colour(index)) for index, level in enumerate(level_keys)]
        sections = {}
        sections["levels"] = {
            "columns": [levels[level] for level in level_keys],
            "rows": level_rows,
            "svg": stat_charts.stacked_bars(
                "chart-levels",
                gettext("Labelled bodies by level, edition by edition"),
                gettext(
                    "Horizontal bars, one per edition, split by level from the lowest on the left, in the "
                    "order of the legend; the total follows each bar."
                ),
                series,
                [(label, counts) for label, counts, _total in level_rows],
            ),
        }
        evolution = [
            (levels[level], [(str(year), by_level[year].get(level, 0)) for year in years]) for level in level_keys
        ]
        sections["evolution"] = {
            "svg": stat_charts.grouped_bars(
                "chart-evolution",
                gettext("Each level from edition to edition"),
                gettext("For each level, one bar per edition with its number of labelled bodies."),
                evolution,
            ),
            "rows": [(label, [value for _year, value in bars], sum(v for _y, v in bars)) for label, bars in evolution],
        }
        for name, attribute, labels, order, title, description in (
            (
                "kinds",
                "kind",
                {},
                ["commune", "epci", "departement", "region", "other"],
                gettext("Labelled bodies by kind of body"),
                gettext("For each kind of body, one bar per edition with its number of labelled bodies."),
            ),
            (
                "sizes",
                "size_class",
                _size_labels(newest_first, language),
                list(_size_labels(newest_first, language)),
                gettext("Labelled bodies by size"),
                gettext("For each size class, one bar per edition with its number of labelled bodies."),
            ),
            (
                "regions",
                "region_code",
                {},
                [],
                gettext("Labelled bodies by région"),
                gettext("For each région, one bar per edition with its number of labelled bodies."),
            ),
        ):
            counted = {release.year: _count(release, attribute) for release in releases}
            if name == "kinds":
                labels = {key: str(kind_label(key)) for key in _keys(counted)}
            elif name == "regions":
                labels = {r.region_code: r.region_name for rel in releases for r in rel.published_results}
                order = sorted(labels, key=lambda code: labels[code] or "~")
            labels = {**labels, "": labels.get("", gettext("Not known"))}
            rows = _table(counted, _keys(counted, order), labels, years)
            sections[name] = {
                "rows": rows,
                "svg": stat_charts.grouped_bars(
                    f"chart-{name}",
                    title,
                    description,
                    [
                        (label, [(str(year), count) for year, count in zip(years, counts, strict=True)])
                        for label, counts, _t in rows
                    ],
                ),
            }
        sections["participation"] = [
            (release.year, release.facts.get("participation"), len(release.published_results)) for release in releases
        ]
        latest = newest_first[0] if newest_first else None
        sections["map"] = departement_map(latest.published_results, language, "departement-map") if latest else None
    return {"years": years, "latest": latest, **sections}


def write(build):
    if not build.releases:
        return
    alternates = {language: paths.statistics(language) for language in LANGUAGES}
    for language in LANGUAGES:
        build.page(
            alternates[language],
            "publication/published/statistics.html",
            {
                "stats": statistics(build.releases, language),
                "result_links": [
                    (release.year, paths.url(paths.results(release.year, language))) for release in build.releases
                ],
                "language": language,
            },
            language,
            alternates,
        )
