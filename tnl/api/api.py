"""The endpoints of /api/v1/ (django-ninja): editions, an edition's results, a body's labels.

Only the published snapshot is read: a year without a live release is a 404, and a withdrawn
release has no result rows left. Query parameters go through `tnl.publication.laureates`, the
filters of the laureates page. Every answer is JSON, errors included ({"detail": "…"})."""

import functools
from typing import Literal
from urllib.parse import urlencode

from django.db.models import Count
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError

from tnl.publication import laureates, paths
from tnl.publication.models import PublishedResult, Release
from tnl.territories.enums import Kind

from . import ratelimit, schemas

LICENCE = "Licence Ouverte 2.0 (Etalab), https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

api = NinjaAPI(
    title="Territoire Numérique Libre – public API",
    version="1",
    description=(
        "Read-only access to the published results of the label. Data under the Licence Ouverte 2.0. "
        "Errors are JSON objects with a `detail` message; past the rate limit the answer is 429 with "
        "a `Retry-After` header."
    ),
    urls_namespace="api",
    # Our own page (tnl/api/views.py) documents the API: Swagger UI fails the accessibility checks.
    docs_url=None,
    openapi_url="/openapi.json",
)

ERRORS = {404: schemas.Error, 422: schemas.InvalidParameters, 429: schemas.RateLimitError}


def rate_limited(view):
    """Count every request to the API (valid or not) against the client's window."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            ratelimit.check(request)
        except ratelimit.RateLimited as limited:
            response = JsonResponse(
                {
                    "detail": f"Too many requests: try again in {limited.retry_after} seconds.",
                    "retry_after": limited.retry_after,
                },
                status=429,
            )
            response["Retry-After"] = str(limited.retry_after)
            return response
        return view(request, *args, **kwargs)

    return wrapper


api.add_decorator(rate_limited, mode="view")


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    errors = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        errors[".".join(location) or "request"] = str(error.get("msg", "invalid value"))
    return api.create_response(request, {"detail": "Invalid parameters.", "errors": errors}, status=422)


def _anchored(pattern):
    """A pattern the whole value must match (JSON Schema patterns are searched, not matched)."""
    return f"^{pattern.pattern}$"


def _not_found(request, message):
    return api.create_response(request, {"detail": message}, status=404)


def _place(code, name):
    return {"code": code, "name": name} if code else None


def _percent(value):
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _texts(value):
    value = value if isinstance(value, dict) else {}
    fallback = value.get("fr") or value.get("en") or ""
    return {"fr": value.get("fr") or fallback, "en": value.get("en") or fallback}


def _body_links(kind, code):
    try:
        page_fr, page_en = (paths.url(paths.body(kind, code, language)) for language in ("fr", "en"))
    except ValueError:
        page_fr = page_en = ""
    return {"page_fr": page_fr, "page_en": page_en, "api": reverse("api:body", args=[kind, code])}


def _scores(result):
    return {
        "level": result.level,
        "level_label": _texts(result.level_label),
        "global_percent": _percent(result.global_percent),
        "axes": [
            {"code": axis.get("code", ""), "title": _texts(axis.get("title")), "percent": _percent(axis.get("percent"))}
            for axis in result.axes
        ],
        "mentions": [{"code": item.get("code", ""), "label": _texts(item.get("label"))} for item in result.mentions],
        "highlight": result.highlight,
    }


def _result(result):
    return {
        "year": result.year,
        "kind": result.kind,
        "code": result.code,
        "name": result.name,
        "display_name": result.display_name,
        "siren": result.siren,
        "population": result.population,
        "size_class": result.size_class,
        "departement": _place(result.departement_code, result.departement_name),
        "region": _place(result.region_code, result.region_name),
        **_scores(result),
        "links": _body_links(result.kind, result.code),
    }


@api.get(
    "/editions",
    response={200: schemas.Editions, **ERRORS},
    url_name="editions",
    summary="The published editions",
)
def editions(request):
    """Every edition with live published results, the latest first: dates, participation, the
    number of laureates per level, links to the results."""
    releases = list(Release.objects.filter(withdrawn_at=None).order_by("-year"))
    counts = {}
    for row in (
        PublishedResult.objects.filter(release__withdrawn_at=None)
        .values("year", "level")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        counts.setdefault(row["year"], {})[row["level"]] = row["count"]
    items = []
    for release in releases:
        facts = release.facts or {}
        labels = {item.get("level"): item.get("label") for item in facts.get("levels", ())}
        by_level = counts.get(release.year, {})
        dates = facts.get("dates") or {}
        items.append(
            {
                "year": release.year,
                "publication": release.number,
                "published_at": release.published_at.isoformat(),
                "imported": release.imported,
                "dates": {name: dates.get(name) for name in ("opens_at", "closes_at", "ceremony_on")},
                "participation": facts.get("participation"),
                "laureates": sum(by_level.values()),
                "levels": [
                    {"level": level, "label": _texts(labels.get(level)), "count": count}
                    for level, count in sorted(by_level.items(), reverse=True)
                ],
                "links": {
                    "results": reverse("api:results", args=[release.year]),
                    "page_fr": paths.url(paths.results(release.year, "fr")),
                    "page_en": paths.url(paths.results(release.year, "en")),
                    "laureates": reverse("publication:laureates") + "?" + urlencode({"year": release.year}),
                },
            }
        )
    return {"count": len(items), "results": items, "licence": LICENCE}


@api.get(
    "/editions/{year}/results",
    response={200: schemas.ResultsPage, **ERRORS},
    url_name="results",
    summary="The laureates of one edition",
)
def results(
    request,
    year: int = Path(..., description="The edition's year."),
    level: int = Query(None, ge=1, le=5, description="Only this level (1 to 5)."),
    kind: Literal[tuple(Kind.values)] = Query(None, description="Only this kind of body."),
    size_class: str = Query(None, pattern=_anchored(laureates.SIZE_CLASS), description="Only this size class."),
    region: str = Query(None, pattern=_anchored(laureates.CODE), description="Only this région (INSEE code)."),
    departement: str = Query(
        None, pattern=_anchored(laureates.CODE), description="Only this département (INSEE code)."
    ),
    q: str = Query(None, max_length=laureates.MAX_QUERY_LENGTH, description="Words of the name."),
    sort: Literal[tuple(laureates.SORTS)] = Query(None, description="Order of the results."),
    page: int = Query(1, ge=1, le=laureates.MAX_PAGE, description="Page number, from 1."),
    page_size: int = Query(
        laureates.DEFAULT_PAGE_SIZE, ge=1, description=f"Results per page, at most {laureates.MAX_PAGE_SIZE}."
    ),
):
    """The labelled bodies of a published edition, filtered as on the laureates page, one page at
    a time. `next` and `previous` are the paths of the neighbouring pages (null at the ends)."""
    if year not in laureates.YEARS or not Release.objects.filter(year=year, withdrawn_at=None).exists():
        return _not_found(request, f"No published edition for {year}.")
    given = {
        "level": level,
        "kind": kind,
        "size_class": size_class,
        "region": region,
        "departement": departement,
        "q": q,
        "sort": sort,
        "page": page,
        "page_size": page_size,
    }
    with translation.override("en"):  # the API speaks English, whatever the client's language
        filters = laureates.parse({name: str(value) for name, value in given.items() if value is not None}, year=year)
    if filters.errors:
        return api.create_response(request, {"detail": "Invalid parameters.", "errors": filters.errors}, status=422)
    found = laureates.page(filters)
    base = reverse("api:results", args=[year])

    def link(number):
        params = filters.params(page=number)
        params.pop("year", None)
        return base + ("?" + urlencode(params) if params else "")

    return {
        "year": year,
        "count": found.count,
        "page": found.number,
        "pages": found.pages,
        "page_size": found.size,
        "next": link(found.number + 1) if found.has_next else None,
        "previous": link(min(found.number - 1, found.pages)) if found.has_previous else None,
        "results": [_result(result) for result in found.results],
        "licence": LICENCE,
    }


@api.get(
    "/bodies/{kind}/{code}",
    response={200: schemas.Body, **ERRORS},
    url_name="body",
    summary="One labelled body and its labels",
)
def body(request, kind: str, code: str):
    """A body labelled in at least one live published edition, with its label in each of them
    (the latest first). Its name and places are those of its latest label."""
    if kind not in Kind.values or not paths._SAFE.fullmatch(code):
        return _not_found(request, "No labelled body with this kind and code.")
    rows = list(PublishedResult.objects.filter(release__withdrawn_at=None, kind=kind, code=code).order_by("-year"))
    if not rows:
        return _not_found(request, "No labelled body with this kind and code.")
    latest = rows[0]
    return {
        "kind": latest.kind,
        "code": latest.code,
        "name": latest.name,
        "display_name": latest.display_name,
        "siren": latest.siren,
        "departement": _place(latest.departement_code, latest.departement_name),
        "region": _place(latest.region_code, latest.region_name),
        "links": _body_links(latest.kind, latest.code),
        "labels": [
            {
                "year": row.year,
                "name": row.name,
                "display_name": row.display_name,
                **_scores(row),
                "public_answers": [
                    {
                        "question": str(item.get("question", "")),
                        "axis": str(item.get("axis", "")),
                        "title": _texts(item.get("title")),
                        "answer": _texts(item.get("answer")),
                    }
                    for item in row.public_answers
                ],
            }
            for row in rows
        ],
        "licence": LICENCE,
    }


@api.get("/", include_in_schema=False, url_name="index")
def index(request):
    """/api/v1/ itself: where to start."""
    return {
        "editions": reverse("api:editions"),
        "openapi": reverse("api:openapi-json"),
        "docs": reverse("api_docs"),
        "licence": LICENCE,
    }


@api.api_operation(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False)
def not_found(request, rest: str):
    """Anything else under /api/v1/: a 404 in JSON, as every other error."""
    return _not_found(request, "Not Found")
