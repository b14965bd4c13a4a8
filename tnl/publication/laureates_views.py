"""The laureates search page: every published result, filtered, sorted and paginated.

Reads only the published snapshot through `laureates`; the number of queries does not depend on
the number of results."""

from django.shortcuts import render
from django.utils.translation import get_language

from . import laureates, paths


def _body_path(result, language):
    try:
        return paths.url(paths.body(result.kind, result.code, language))
    except ValueError:  # a code that cannot be a published path has no page
        return ""


def laureates_page(request):
    language = "en" if (get_language() or "").startswith("en") else "fr"
    filters = laureates.parse(request.GET)
    page = laureates.page(filters)
    for result in page.results:
        result.page_url = _body_path(result, language)
    return render(
        request,
        "publication/laureates.html",
        {
            "filters": filters,
            "errors": filters.errors,
            "page": page,
            "choices": laureates.choices(language),
            "headers": laureates.sort_headers(filters),
            "sort_choices": laureates.SORT_CHOICES,
            "previous_url": filters.query_string(page=page.number - 1) if page.has_previous else "",
            "next_url": filters.query_string(page=page.number + 1) if page.has_next else "",
            "first_url": filters.query_string(page=1) if page.number > 2 else "",
            "last_url": filters.query_string(page=page.pages) if page.number < page.pages - 1 else "",
            "restart_url": filters.query_string(page=1),
            "language": language,
            "max_query_length": laureates.MAX_QUERY_LENGTH,
        },
    )
