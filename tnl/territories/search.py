"""Finding a body in the registry by name, INSEE code, SIREN or postal code.

One query per search, the same on SQLite and PostgreSQL. Names are matched on the folded
`search_name` (see normalize.py): every query word must appear in the name, in any order, and
results are ranked: exact name, name starting with the query, a word of the name starting with
it, the query inside the name, its words in another order; then by population, largest first.
Codes are matched exactly (code or SIREN, 9 digits) or by prefix (INSEE codes, 2 to 4 characters),
and 5 digits also match postal codes.

Speed (docs/benchmarks-territories.md): the registry is ~36,000 rows; an exact code or SIREN uses
its index, and a name or postal code query reads the narrow `search_name`/`postal_codes` columns
of every active row, which both databases do in a few milliseconds. Queries of one or two letters
only match the start of words, so they never sort the whole registry.
"""

import re

from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Cast

from .enums import INSEE_KINDS
from .models import Territory
from .normalize import query_words

MAX_LIMIT = 100
SHORT_QUERY = 3  # below this many letters, only word starts match
# INSEE codes (54, 543, 54395, 2A, 2A004, 971…), SIREN (9 digits) and postal codes (5 digits).
_CODE = re.compile(r"^(?:\d{2,9}|2[AB]\d{0,3})$")


def search_territories(query, kinds=None, limit=20):
    """Active territories matching `query`, best first, at most `limit` (capped at 100).

    `kinds` restricts the kinds (values of `Kind`). The département of each result is fetched
    with it (select_related), so listing the results needs no further query.
    """
    query = (query or "").strip()
    limit = max(1, min(int(limit), MAX_LIMIT))
    territories = Territory.objects.filter(is_active=True).select_related("departement")
    if kinds:
        territories = territories.filter(kind__in=list(kinds))
    compact = re.sub(r"[\s.]", "", query).upper()  # "54 000", "215 403 957", "2a004"
    if _CODE.match(compact):
        matches, rank = _by_code(territories, compact)
    else:
        words = query_words(query)
        if not words:
            return []
        matches, rank = _by_name(territories, words)
    ordered = matches.annotate(rank=rank).order_by("rank", F("population").desc(nulls_last=True), "name", "code")
    return list(ordered[:limit])


def _by_code(territories, code):
    exact = Q(code=code)
    ranks = [When(exact, then=Value(0))]
    condition = exact
    if len(code) == 9 and code.isdigit():
        siren = Q(siren=code)
        condition |= siren
        ranks.append(When(siren, then=Value(0)))
    if len(code) == 5 and code.isdigit():
        # Postal codes are a JSON list; its text form holds each code in quotes on both databases.
        territories = territories.annotate(postal_text=Cast("postal_codes", TextField()))
        postal = Q(postal_text__contains=f'"{code}"')
        condition |= postal
        ranks.append(When(postal, then=Value(1)))
    if len(code) < 5:
        # Prefix of an INSEE code; an EPCI's code is its SIREN, which nobody types by prefix.
        prefix = Q(kind__in=INSEE_KINDS, code__startswith=code)
        condition |= prefix
        ranks.append(When(prefix, then=Value(2)))
    return territories.filter(condition), Case(*ranks, default=Value(3), output_field=IntegerField())


def _by_name(territories, words):
    phrase = " ".join(words)
    if len(phrase) < SHORT_QUERY:
        territories = territories.filter(Q(search_name__startswith=phrase) | Q(search_name__contains=" " + phrase))
    else:
        for word in words:
            territories = territories.filter(search_name__contains=word)
    rank = Case(
        When(search_name=phrase, then=Value(0)),
        When(search_name__startswith=phrase, then=Value(1)),
        When(search_name__contains=" " + phrase, then=Value(2)),
        When(search_name__contains=phrase, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return territories, rank
