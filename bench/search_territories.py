"""Benchmark of `search_territories` on the full registry (run bench/import_territories.py first).

Runs ~30 representative queries (names, prefixes, accents, codes, SIREN, postal codes, misses)
REPEAT times each after one warm-up pass and prints the median, 95th percentile and maximum per
query, then over all queries.

    TNL_VAR_DIR=/tmp/tnl-bench .venv/bin/python bench/search_territories.py [REPEAT]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tnl_bench .venv/bin/python bench/search_territories.py

See bench/territories.md.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    # names: exact, prefix, inside, accents and ligatures, several words, saint
    "nancy",
    "NANCY",
    "paris",
    "marseille",
    "lyon",
    "vandoeuvre",
    "Vandœuvre-lès-Nancy",
    "saint",
    "st die",
    "saint denis",
    "sainte marie",
    "villeneuve",
    "pont a mousson",
    "mousson pont",
    "bourg",
    "les",
    "sur mer",
    "metropole",
    "communaute de communes",
    # short queries
    "a",
    "ma",
    "le",
    # codes: INSEE exact and prefix, Corsica, SIREN, postal codes
    "54395",
    "54",
    "543",
    "2A004",
    "215403957",
    "245400676",
    "54000",
    "75001",
    # nothing
    "xyzzy",
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")  # DEBUG off: no query log
    import django

    django.setup()
    from django.db import connection

    from tnl.territories.models import Territory
    from tnl.territories.search import search_territories

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"registry: {Territory.objects.filter(is_active=True).count()} active territories; {repeat} runs per query")
    for query in QUERIES:  # warm-up: connection, caches
        search_territories(query)
    every = []
    print(f"{'query':26} {'results':>7} {'median':>8} {'p95':>8} {'max':>8}  (ms)")
    for query in QUERIES:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            results = search_territories(query)
            times.append((time.perf_counter() - start) * 1000)
        every += times
        print(
            f"{query!r:26} {len(results):7} {statistics.median(times):8.1f} "
            f"{percentile(times, 0.95):8.1f} {max(times):8.1f}"
        )
    print(f"{'all queries':26} {'':7} {statistics.median(every):8.1f} {percentile(every, 0.95):8.1f} {max(every):8.1f}")


if __name__ == "__main__":
    main()
