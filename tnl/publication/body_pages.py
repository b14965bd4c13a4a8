"""One page per labelled body, in each language: its label across the published editions, the
scores of each edition by axis, its mentions and highlight, and the answers it made public.

Only live releases count: a body whose every result was withdrawn has no page (the build starts
from an empty folder), and a body never labelled (level 0) has no published result at all."""

import hashlib

from django.utils import translation
from django.utils.translation import gettext

from tnl.core import formatting
from tnl.core.texts import localized

from . import paths
from .charts import axis_bars_svg, level_history_svg
from .site import LANGUAGES


def bodies_of(build):
    """{(kind, code): [results, latest year first]} across the live releases."""
    bodies = {}
    for release in build.releases:  # latest year first
        for result in release.published_results:
            bodies.setdefault((result.kind, result.code), []).append(result)
    return bodies


def answers_by_axis(result):
    """[(axis title {lang: text}, [answers])] in the order of the axes, axes without answers left out."""
    titles = {axis["code"]: axis.get("title") for axis in result.axes}
    groups = {}
    for answer in result.public_answers:
        groups.setdefault(answer.get("axis"), []).append(answer)
    order = [code for code in titles if code in groups] + [code for code in groups if code not in titles]
    return [(titles.get(code) or code, groups[code]) for code in order]


def _pair(name, value):
    # Translators: a name and its value in a chart's description ("Strategy: 62.5 %").
    return gettext("%(name)s: %(value)s") % {"name": name, "value": value}


def _edition(result, top_level, language):
    """One published edition of the body, with its axis chart, in the active language."""
    axes = [
        {
            "title": localized(axis.get("title")),
            "percent": axis.get("percent"),
            "text": formatting.percent(axis.get("percent")),
        }
        for axis in result.axes
        if axis.get("percent") not in (None, "")
    ]
    title = gettext("Scores by axis in %(year)s") % {"year": result.year}
    chart = axis_bars_svg(
        f"axes-{result.year}",
        [(axis["title"], float(axis["percent"]), axis["text"]) for axis in axes],
        title,
        "; ".join(_pair(axis["title"], axis["text"]) for axis in axes),
    )
    return {
        "result": result,
        "axes": axes,
        "axes_title": title,
        "axes_chart": chart,
        "global_percent": formatting.percent(result.global_percent) if result.global_percent is not None else "",
        "answers": answers_by_axis(result),
        "results_page": paths.url(paths.results(result.year, language)),
    }


def _context(results, top_level, language):
    latest = results[0]
    history = [
        {"year": result.year, "level": result.level, "label": localized(result.level_label)}
        for result in reversed(results)
    ]
    title = gettext("Label level of %(name)s per edition") % {"name": latest.display_name}
    chart = level_history_svg(
        "level-history",
        [(item["year"], item["level"], str(item["level"])) for item in history],
        top_level,
        title,
        "; ".join(_pair(item["year"], item["label"]) for item in history),
    )
    return {
        "body": latest,
        "history": history,
        "history_title": title,
        "history_chart": chart,
        "editions": [_edition(result, top_level, language) for result in results],
        "language": language,
        "og_image": paths.url(paths.badge(latest.year, latest.kind, latest.code, "png")),
    }


def write(build):
    top_level = {
        release.year: max((item["level"] for item in release.facts.get("levels", [])), default=5)
        for release in build.releases
    }
    releases = {release.pk: release for release in build.releases}
    for (kind, code), results in bodies_of(build).items():
        alternates = {language: paths.body(kind, code, language) for language in LANGUAGES}
        top = max(top_level.get(result.year, 5) for result in results)
        # The page reads the body's results and their releases' facts: the same releases (unchanged
        # since the previous build) give the same page.
        digest = hashlib.sha256(
            " ".join(build.release_digest(releases[result.release_id]) for result in results).encode()
        ).hexdigest()
        for language in LANGUAGES:
            if build.reuse_page(f"body {kind} {code}", digest, alternates[language], alternates):
                continue
            with translation.override(language):
                context = _context(results, top, language)
            build.page(alternates[language], "publication/published/body.html", context, language, alternates)
