"""How long the certificates of an edition take to write: N published results (default 50) in
each language, laid out together then written page by page (certificates.certificates), against
one layout per certificate; and the results booklet's PDF.

    .venv/bin/python bench/pdf_certificates.py [results]

Prints the seconds per language and per certificate, and the size of one PDF."""

import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()

from tnl.publication import booklet, printing  # noqa: E402
from tnl.publication.certificates import certificates, certificates_html  # noqa: E402
from tnl.publication.models import PublishedResult, Release  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)


def results(count):
    release = Release(year=2026, published_at=datetime(2026, 11, 29, 18, tzinfo=UTC), facts={})
    rows = [
        PublishedResult(
            release=release,
            year=2026,
            kind="commune",
            code=f"{54000 + index}",
            name=f"Commune numéro {index}",
            display_name=f"Commune numéro {index} (54)",
            level=1 + index % 5,
            level_label={"fr": f"Niveau {1 + index % 5} — Découverte", "en": f"Level {1 + index % 5} — Discovery"},
            mentions=[{"code": "mutualisation", "label": {"fr": "Mutualisation", "en": "Pooling"}}]
            if index % 3
            else [],
            credential_id=uuid.uuid4(),
        )
        for index in range(count)
    ]
    return release, rows


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    release, rows = results(count)
    with tempfile.TemporaryDirectory() as folder:
        certificates(release, rows[:1], "fr", folder)  # warm up: fonts and templates load once per process
        for language in ("fr", "en"):
            start = time.perf_counter()
            written = certificates(release, rows, language, folder)
            together = time.perf_counter() - start
            start = time.perf_counter()
            for row in rows[:10]:
                printing.pdf(certificates_html(release, [row], language), folder)
            alone = (time.perf_counter() - start) / 10
            start = time.perf_counter()
            release.published_results = sorted(rows, key=lambda row: (-row.level, row.name))
            release.facts = {
                "levels": [{"level": n, "label": {"fr": f"Niveau {n}", "en": f"Level {n}"}} for n in range(1, 6)]
            }
            booklet.booklet_pdf(SimpleNamespace(folder=Path(folder)), release, language)
            booklet_seconds = time.perf_counter() - start
            print(
                f"{language}: results booklet of {count} bodies {booklet_seconds:5.2f} s; {count} certificates laid out together {together:5.2f} s "
                f"({together / count * 1000:4.0f} ms each, {len(written[0][1]) // 1024} KiB a PDF); "
                f"laid out one by one {alone * 1000:4.0f} ms each"
            )
