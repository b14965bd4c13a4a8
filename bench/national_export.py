"""The organiser's full answers export of an edition, streamed, on a database filled by
bench/national_data.py.

    TNL_VAR_DIR=/tmp/tnl-national .venv/bin/python bench/national_export.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tnl_national .venv/bin/python bench/national_export.py

For the latest edition (or --year), it downloads /organisation/editions/<year>/console/answers.csv
through the view, with Django's test client logged in as an organiser, and reads the streamed
response piece by piece (a piece is one dossier's answers; nothing keeps the whole file). It
prints the rows, the bytes, the time (best of --repeat runs) and the peak of Python memory
allocated during the download (tracemalloc), twice: for the first --first rows only (the response
closed there) and for the whole file. The export keeps one dossier's answers and the query's chunks
of 2,000 answers in memory (two at the moment the next one is read): the peak is reached after the
first 2,000 rows and does not grow after, however many rows the edition has, so with --first above
4,000 both peaks should be about the same."""

import argparse
import os
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
# DEBUG off (no DJANGO_DEBUG): Django would keep the queries in memory.
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")


def download(client, url, limit=None):
    """(rows, bytes) of the export read piece by piece, stopping after `limit` rows (None: all).
    A row ends with CRLF (a cell holding a CRLF would count twice; the generated data has none);
    the header is not counted."""
    response = client.get(url, secure=True)  # production settings redirect to HTTPS
    assert response.status_code == 200, response.status_code
    assert response.streaming, "the export is not streamed"
    lines = size = 0
    try:
        for piece in response.streaming_content:
            lines += piece.count(b"\r\n")
            size += len(piece)
            if limit is not None and lines - 1 >= limit:
                break
    finally:
        response.close()
    return lines - 1, size


def measured(function, repeat):
    """(result, best time in seconds, peak Python memory in MB): the times without tracemalloc,
    which slows Python down; the memory from one more run with it."""
    best = float("inf")
    for _run in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, best, peak / 1024 / 1024


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, help="the edition to export (default: the latest)")
    parser.add_argument("--first", type=int, default=10000, help="rows of the partial download (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; the best is kept (default 3)")
    options = parser.parse_args(argv)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from tnl.accounts.models import User
    from tnl.dossiers.models import Answer, Dossier
    from tnl.editions.models import Edition

    setup_test_environment()  # lets the test client's "testserver" host in
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collected static files here
    editions = Edition.objects.order_by("-year")
    edition = (editions.filter(year=options.year) if options.year else editions).first()
    organiser = User.objects.filter(is_organiser=True, is_active=True).order_by("pk").first()
    if edition is None or organiser is None:
        sys.exit("No edition or no organiser: fill the database with bench/national_data.py first.")
    client = Client()
    client.force_login(organiser)
    url = reverse("jury:answers_export", args=[edition.year])
    dossiers = Dossier.objects.filter(edition=edition).count()
    answers = Answer.objects.filter(dossier__edition=edition).count()
    print(
        f"database: {connection.vendor}; edition {edition.year}: {dossiers} dossiers, {answers} answers; "
        f"best of {options.repeat}"
    )
    print()
    print("| download | rows | size | time | per 1,000 rows | peak Python memory |")
    print("|---|---|---|---|---|---|")
    for label, limit in ((f"the first {options.first} rows", options.first), ("the whole file", None)):
        (rows, size), seconds, megabytes = measured(lambda limit=limit: download(client, url, limit), options.repeat)
        per_thousand = seconds / rows * 1000 if rows else 0
        print(
            f"| {label} | {rows:,} | {size / 1024 / 1024:.1f} MB | {seconds:.2f} s | {per_thousand:.3f} s "
            f"| {megabytes:.1f} MB |"
        )


if __name__ == "__main__":
    main()
