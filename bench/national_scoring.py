"""Scoring a whole edition, on a database filled by bench/national_data.py.

    TNL_VAR_DIR=/tmp/tnl-national .venv/bin/python bench/national_scoring.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tnl_national .venv/bin/python bench/national_scoring.py

For the latest published edition (2,000 dossiers by default), it times, best of --repeat runs:
  - the scoring of the whole edition (`tnl.jury.scoring.declared_results`): its dossiers, answers
    and evidence read from the database, and every dossier scored by the engine;
  - the jury console's rows (`tnl.jury.console_services.console_rows`): the declared score of every
    dossier, by the scoring engine, with its jury state;
  - the jury's results (`tnl.jury.scoring.jury_results`): the declared score plus each submitted
    review's corrected score, as the deliberation table and the publication compute them (the
    dossiers sharing their edition's one referential object, as they do there);
and prints the peak of Python memory allocated during each (tracemalloc)."""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")


def timed(function, repeat):
    """(best time in seconds, peak Python memory in MB): the times without tracemalloc, which slows
    Python down; the memory from one more run with it."""
    best = float("inf")
    for _run in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak / 1024 / 1024


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; the best is kept (default 3)")
    options = parser.parse_args(argv)
    import django

    django.setup()
    from django.db import connection

    from tnl.dossiers.models import Dossier
    from tnl.editions.models import Edition
    from tnl.jury.console_services import console_rows
    from tnl.jury.scoring import declared_results, jury_results

    edition = Edition.objects.exclude(published_at=None).select_related("referential").order_by("-year").first()
    if edition is None:
        sys.exit("No published edition: fill the database with bench/national_data.py first.")
    dossiers = list(Dossier.objects.filter(edition=edition).select_related("territory"))
    for dossier in dossiers:
        dossier.edition = edition  # as the deliberation table and the publication do
    count = len(dossiers)
    print(f"database: {connection.vendor}; edition {edition.year}: {count} dossiers; best of {options.repeat}")
    print()
    print("| step | time | per dossier | peak Python memory |")
    print("|---|---|---|---|")

    def scoring():
        loaded = list(Dossier.objects.filter(edition=edition).select_related("territory"))
        return declared_results(edition, loaded)

    for label, function in (
        ("scoring the whole edition (read from the database, then scored)", scoring),
        ("the jury console's rows (declared scores and jury state)", lambda: console_rows(edition)),
        ("jury results (declared + reviews)", lambda: jury_results(dossiers)),
    ):
        seconds, megabytes = timed(function, options.repeat)
        print(f"| {label} | {seconds:.2f} s | {seconds / count * 1000:.2f} ms | {megabytes:.0f} MB |")


if __name__ == "__main__":
    main()
