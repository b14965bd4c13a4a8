"""The API's documentation page (/api/v1/docs): the endpoints with examples, in the site's own
page, accessible and under the site's Content-Security-Policy. The OpenAPI document
(/api/v1/openapi.json) is the machine-readable reference."""

from django.shortcuts import render

from tnl.publication import laureates
from tnl.publication.models import Release


def docs(request):
    latest = Release.objects.filter(withdrawn_at=None).order_by("-year").values_list("year", flat=True).first()
    return render(
        request,
        "api/docs.html",
        {
            "year": latest or 2026,
            "sorts": list(laureates.SORTS),
            "max_page_size": laureates.MAX_PAGE_SIZE,
            "default_page_size": laureates.DEFAULT_PAGE_SIZE,
            "max_query_length": laureates.MAX_QUERY_LENGTH,
        },
    )
