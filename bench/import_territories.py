"""Benchmark of the territory import on the full official data.

Downloads @etalab/decoupage-administratif with `npm pack` into bench/data/ (git-ignored, checked
against its npm integrity), migrates the database given by DATABASE_URL (SQLite in TNL_VAR_DIR by
default) and times three imports:
  1. first run (empty registry: everything is created),
  2. second run (same data: nothing changes),
  3. yearly refresh (every commune's population changed and one commune gone: ~35,000 updates).

    TNL_VAR_DIR=/tmp/tnl-bench .venv/bin/python bench/import_territories.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tnl_bench .venv/bin/python bench/import_territories.py

See bench/territories.md.
"""

import base64
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PACKAGE = "@etalab/decoupage-administratif@6.0.0"
TARBALL = DATA / "etalab-decoupage-administratif-6.0.0.tgz"
INTEGRITY = "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
UNPACKED = DATA / "decoupage-administratif-6.0.0"


def download():
    """The package's data/ folder, fetched once."""
    DATA.mkdir(parents=True, exist_ok=True)
    if not TARBALL.exists():
        subprocess.run(["npm", "pack", PACKAGE, "--pack-destination", str(DATA)], check=True, capture_output=True)
    digest = "sha512-" + base64.b64encode(hashlib.sha512(TARBALL.read_bytes()).digest()).decode()
    if digest != INTEGRITY:
        sys.exit(f"{TARBALL}: integrity {digest} differs from the published {INTEGRITY}")
    if not (UNPACKED / "package" / "data" / "communes.json").exists():
        with tarfile.open(TARBALL) as archive:
            archive.extractall(UNPACKED, filter="data")
    return UNPACKED / "package" / "data"


def yearly_refresh_copy(data):
    """A copy where every commune's population moved by one and one commune merged away."""
    folder = DATA / "refresh"
    folder.mkdir(exist_ok=True)
    for name in ("regions.json", "departements.json", "epci.json"):
        (folder / name).write_bytes((data / name).read_bytes())
    communes = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    for commune in communes:
        if isinstance(commune.get("population"), int):
            commune["population"] += 1
    communes = [c for c in communes if c["code"] != "54001"]
    (folder / "communes.json").write_text(json.dumps(communes, ensure_ascii=False), encoding="utf-8")
    return folder


def main():
    data = download()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
    # DEBUG off so that Django does not keep every query in memory while we time.
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tnl.territories.models import Territory
    from tnl.territories.services import import_registry

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    existing = Territory.objects.count()
    if existing:
        print(f"note: {existing} territories already present, the first run is not from an empty registry")
    refresh = yearly_refresh_copy(data)
    for label, source in (("first run", data), ("second run", data), ("yearly refresh", refresh)):
        start = time.perf_counter()
        run = import_registry(source)
        elapsed = time.perf_counter() - start
        counts = ", ".join(
            f"{kind} {c['created']}+/{c['updated']}~/{c['deactivated']}-" for kind, c in run.counts.items()
        )
        print(f"{label:15} {elapsed:6.2f} s   ({counts})")
    print(f"territories: {Territory.objects.count()}")
    if connection.vendor == "postgresql":
        # Each refresh leaves ~70,000 dead row versions; autovacuum reclaims them in production,
        # but it may be off on a bench machine. Vacuum so that search_territories.py measures the
        # steady state (bench/territories.md gives the figures without it too).
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Territory._meta.db_table}")
        print(f"vacuum analyze  {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()
