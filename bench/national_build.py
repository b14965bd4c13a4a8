"""The published files at national scale: the first build, then a build that reuses them.

    TNL_VAR_DIR=/tmp/tnl-national .venv/bin/python bench/national_build.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tnl_national .venv/bin/python bench/national_build.py

On a database filled by bench/national_data.py. When no build is current yet it writes every file
(`build_site(full=True)`: each result's certificates in both languages, badges, credentials, body
pages, open data…; the long part, once), then it builds again as the worker does after a
publication (`build_site()`): the files of the releases that have not changed are taken from the
first build (hard links) and only the pages that read several editions are written again. It
prints, for each build, the files written and reused, the time, and the peak memory of this
process. The published files stay for bench/national_load.py, which measures nginx serving them.
`--full` writes everything again even when a build is current."""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
# DEBUG off: Django would keep every query in memory.
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")


def _peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(label, full):
    from tnl.publication.site import build_site

    started = time.perf_counter()
    build = build_site(full=full)
    seconds = time.perf_counter() - started
    results = sum(len(release.published_results) for release in build.releases)
    print(
        f"| {label} | {len(build.releases)} editions, {results:,} results | {build.files:,} "
        f"| {build.reused:,} | {seconds:.1f} s | {_peak():.0f} MB |",
        flush=True,
    )
    return build


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="write everything again even when a build is current")
    options = parser.parse_args(argv)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tnl.publication.models import Release
    from tnl.publication.site import current_folder

    if not Release.objects.filter(withdrawn_at=None).exists():
        sys.exit("No published edition: fill the database with bench/national_data.py first.")
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name the static files
    print(f"database: {connection.vendor}; published files in {current_folder() or 'nothing yet'}\n")
    print("| build | data | files | reused | time | peak memory |")
    print("|---|---|---|---|---|---|")
    if options.full or current_folder() is None:
        _timed("first build (everything written)", full=True)
    _timed("next build (unchanged editions reused)", full=False)


if __name__ == "__main__":
    main()
