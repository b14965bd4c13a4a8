"""Filters of the laureates: one parser for the search page (/laureats/) and the public API.

Both read only the published snapshot (`Release`, `PublishedResult`). A filter comes from query
parameters as strings; `parse` checks each one against what it can be (a whitelist, a pattern or
a bounded number) and returns the clean filters with a message per bad parameter, so a page can
say what was wrong and the API can answer 422: never a server error, whatever the input.

The name search folds words as the registry search does (`tnl.territories.normalize`): the
names of the laureates matching the other filters are folded in Python, one query whatever the
number of results."""

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tnl.territories.enums import Kind
from tnl.territories.normalize import fold_words, query_words

from .models import PublishedResult, Release

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000
MAX_QUERY_LENGTH = 100
FILTER_VALUES_SECONDS = 24 * 3600
LEVELS = range(1, 6)
YEARS = range(2000, 2101)
DEFAULT_SORT = "-year"

# Sort key -> (ordering, label). Every ordering ends with unique columns: pages never overlap.
SORTS = {
    "name": ("name", "code", "-year"),
    "-name": ("-name", "-code", "-year"),
    "level": ("level", "name", "code", "-year"),
    "-level": ("-level", "name", "code", "-year"),
    "year": ("year", "-level", "name", "code"),
    "-year": ("-year", "-level", "name", "code"),
    "departement": ("departement_code", "name", "code", "-year"),
    "-departement": ("-departement_code", "name", "code", "-year"),
}
# The same orders in words, for the form's "Sort by" list (the column headers are hidden on
# narrow screens, where the table becomes one card per row).
SORT_CHOICES = [
    ("-year", gettext_lazy("Latest edition first")),
    ("year", gettext_lazy("Oldest edition first")),
    ("-level", gettext_lazy("Highest level first")),
    ("level", gettext_lazy("Lowest level first")),
    ("name", gettext_lazy("Name, A to Z")),
    ("-name", gettext_lazy("Name, Z to A")),
    ("departement", gettext_lazy("Département, ascending")),
    ("-departement", gettext_lazy("Département, descending")),
]
SORT_COLUMNS = {
    "name": gettext_lazy("Body"),
    "departement": gettext_lazy("Département"),
    "level": gettext_lazy("Level"),
    "year": gettext_lazy("Edition"),
}
# The direction a column takes when it is not the current sort: names and départements A to Z,
# levels and years from the highest.
FIRST_DIRECTION = {"name": "name", "departement": "departement", "level": "-level", "year": "-year"}

CODE = re.compile(r"[0-9A-Za-z]{1,3}")
SIZE_CLASS = re.compile(r"[A-Za-z0-9_-]{1,50}")
NUMBER = re.compile(r"[0-9]{1,9}")
ANY_NUMBER = re.compile(r"[0-9]{1,1000}")
# The query parameters the filters read, in the order of the page's form.
PARAMETERS = ("year", "level", "kind", "size_class", "region", "departement", "q", "sort", "page", "page_size")


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    level: int | None = None
    kind: str = ""
    size_class: str = ""
    region: str = ""
    departement: str = ""
    q: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    errors: dict = field(default_factory=dict, compare=False)

    @property
    def filtered(self):
        return any((self.year, self.level, self.kind, self.size_class, self.region, self.departement, self.q))

    def params(self, **changes):
        """The query parameters of these filters (defaults left out), with `changes` applied."""
        values = {name: getattr(self, name) for name in PARAMETERS} | changes
        defaults = {"sort": DEFAULT_SORT, "page": 1, "page_size": DEFAULT_PAGE_SIZE}
        return {
            name: value
            for name, value in values.items()
            if value not in (None, "") and defaults.get(name, object()) != value
        }

    def query_string(self, **changes):
        params = self.params(**changes)
        return "?" + urlencode(params) if params else "?"


def _number(raw, name, allowed, errors, message):
    if not NUMBER.fullmatch(raw) or int(raw) not in allowed:
        errors[name] = message
        return None
    return int(raw)


def parse(params, year=None):
    """Filters from query parameters (a QueryDict or a mapping of strings). Bad values are left
    out and explained in `filters.errors` {parameter: message}. `year` fixes the edition (the
    API's path) instead of reading it from the parameters."""
    errors = {}

    def raw(name):
        value = params.get(name)
        return value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())

    values = {}
    if year is not None:
        values["year"] = year
    elif raw("year"):
        values["year"] = _number(raw("year"), "year", YEARS, errors, _("Choose an edition from the list."))
    if raw("level"):
        values["level"] = _number(raw("level"), "level", LEVELS, errors, _("The level is a number from 1 to 5."))
    if raw("kind"):
        if raw("kind") in Kind.values:
            values["kind"] = raw("kind")
        else:
            errors["kind"] = _("Choose a kind of body from the list.")
    if raw("size_class"):
        if SIZE_CLASS.fullmatch(raw("size_class")):
            values["size_class"] = raw("size_class")
        else:
            errors["size_class"] = _("Choose a size from the list.")
    for name, message in (
        ("region", _("A region code has 1 to 3 letters or digits.")),
        ("departement", _("A département code has 1 to 3 letters or digits.")),
    ):
        if raw(name):
            if CODE.fullmatch(raw(name)):
                values[name] = raw(name).upper()
            else:
                errors[name] = message
    if raw("q"):
        if len(raw("q")) > MAX_QUERY_LENGTH:
            errors["q"] = _("Search with at most %(count)s characters.") % {"count": MAX_QUERY_LENGTH}
        else:
            values["q"] = raw("q")
    if raw("sort"):
        if raw("sort") in SORTS:
            values["sort"] = raw("sort")
        else:
            errors["sort"] = _("Unknown sort order; the results are sorted by edition.")
    if raw("page"):
        page = _number(raw("page"), "page", range(1, MAX_PAGE + 1), errors, _("The page is a positive number."))
        if page:
            values["page"] = page
    if raw("page_size"):
        # Any positive number is accepted and capped: a client asking for more gets the most.
        if ANY_NUMBER.fullmatch(raw("page_size")) and int(raw("page_size")) > 0:
            values["page_size"] = min(int(raw("page_size")), MAX_PAGE_SIZE)
        else:
            errors["page_size"] = _("The page size is a positive number.")
    return Filters(**values, errors=errors)


def _matches(words, result):
    name = " ".join(fold_words(result["name"])) + " " + " ".join(fold_words(result["display_name"]))
    return all(word in name for word in words)


def queryset(filters):
    """The published results matching the filters (live releases only: withdrawn ones have no
    rows), in the filters' order, without the public answers (neither the list nor the API's list
    shows them; they are most of a row). One extra query when searching by name."""
    results = PublishedResult.objects.filter(release__withdrawn_at=None).defer("public_answers")
    for name, column in (
        ("year", "year"),
        ("level", "level"),
        ("kind", "kind"),
        ("size_class", "size_class"),
        ("region", "region_code"),
        ("departement", "departement_code"),
    ):
        value = getattr(filters, name)
        if value not in (None, ""):
            results = results.filter(**{column: value})
    if filters.q:
        words = query_words(filters.q)
        if words:
            rows = results.values("pk", "name", "display_name")
            results = results.filter(pk__in=[row["pk"] for row in rows if _matches(words, row)])
    return results.order_by(*SORTS[filters.sort])


@dataclass
class Page:
    """One page of results: `results` (a list), `count`, `number`, `pages`."""

    results: list
    count: int
    number: int
    pages: int
    size: int

    @property
    def has_next(self):
        return self.number < self.pages

    @property
    def has_previous(self):
        return self.number > 1


def page(filters, results=None):
    """The filters' page of results: two queries (the count and the rows), three with a name
    search. A page past the last one is empty (its number is kept)."""
    results = queryset(filters) if results is None else results
    count = results.count()
    pages = max(1, -(-count // filters.page_size))
    start = (filters.page - 1) * filters.page_size
    rows = list(results[start : start + filters.page_size]) if start < count else []
    return Page(rows, count, filters.page, pages, filters.page_size)


def sort_headers(filters):
    """The sortable columns: {key: {label, url (query string), aria_sort}}."""
    headers = {}
    for key, label in SORT_COLUMNS.items():
        current = filters.sort.lstrip("-") == key
        descending = filters.sort.startswith("-")
        target = (key if descending else f"-{key}") if current else FIRST_DIRECTION[key]
        headers[key] = {
            "label": label,
            "url": filters.query_string(sort=target, page=1),
            "aria_sort": ("descending" if descending else "ascending") if current else "",
        }
    return headers


def filter_values(releases):
    """What the live results hold, per filter: {"levels", "kinds", "size_classes" (codes),
    "regions", "departements" ((code, name) pairs)}. Read once per published state: `releases`
    [(pk, number, published_at)] of the live releases name it (a release never changes once
    published; a withdrawal or a new release is another state), and the answer waits in the cache,
    a few hundred values (a scan of every result, about 0.2 s with ten editions of 2,000 dossiers,
    instead of one cache read)."""
    state = hashlib.sha256(repr(sorted(releases)).encode()).hexdigest()
    key = f"laureates-filter-values:2:{state}"
    values = cache.get(key)
    if values is None:
        rows = set(
            PublishedResult.objects.filter(release__withdrawn_at=None)
            .values_list(
                "level", "kind", "size_class", "region_code", "region_name", "departement_code", "departement_name"
            )
            .distinct()
        )
        values = {
            "levels": sorted({row[0] for row in rows}),
            "kinds": sorted({row[1] for row in rows}),
            "size_classes": sorted({row[2] for row in rows if row[2]}),
            "regions": sorted({(row[3], row[4]) for row in rows if row[3]}),
            "departements": sorted({(row[5], row[6]) for row in rows if row[5]}),
        }
        cache.set(key, values, timeout=FILTER_VALUES_SECONDS)
    return values


def choices(language):
    """What the filters can be, from the published data: {"years", "levels", "kinds",
    "size_classes", "regions", "departements"}, each a list of (value, label). Two queries (the
    releases and the cache), two more when the cache has not seen this published state."""
    live = Release.objects.filter(withdrawn_at=None).order_by("-year")
    releases = list(live.values_list("year", "facts", "pk", "number", "published_at"))
    values = filter_values(
        [(pk, number, published_at.isoformat()) for _year, _facts, pk, number, published_at in releases]
    )
    releases = [(year, facts) for year, facts, *_state in releases]
    level_labels, size_labels = {}, {}
    for _year, facts in reversed(releases):  # the latest edition's words win
        for item in facts.get("levels", ()):
            level_labels[item["level"]] = _text(item.get("label"), language)
        for item in facts.get("size_classes", ()):
            size_labels[item["code"]] = _text(item.get("label"), language)
    return {
        "years": [(year, str(year)) for year, _facts in releases],
        "levels": [
            (level, level_labels.get(level) or _("Level %(level)s") % {"level": level}) for level in values["levels"]
        ],
        "kinds": [(kind.value, kind.label) for kind in Kind if kind.value in values["kinds"]],
        "size_classes": sorted(
            ((code, size_labels.get(code, code)) for code in values["size_classes"]), key=lambda item: str(item[1])
        ),
        "regions": sorted({(code, name or code) for code, name in values["regions"]}, key=lambda item: item[1]),
        "departements": sorted({(code, f"{name} ({code})" if name else code) for code, name in values["departements"]}),
    }


def _text(value, language):
    if isinstance(value, dict):
        return value.get(language) or next(iter(value.values()), "")
    return value or ""
