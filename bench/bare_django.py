"""The baseline of bench/national_load.py: a bare Django view that returns a saved page, unchanged,
from a folder (BENCH_SAVED_DIR), with nothing else in the request's path (no middleware, no
database, no template). What the platform's own answer costs is measured against it.

    BENCH_SAVED_DIR=… .venv/bin/gunicorn bench.bare_django:application --workers 2"""

import os
from pathlib import Path

from django.conf import settings

SAVED = Path(os.environ.get("BENCH_SAVED_DIR", "."))

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only-not-a-secret",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after settings.configure)
from django.http import Http404, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

PAGES = {item.name: item.read_bytes() for item in SAVED.iterdir() if item.is_file()} if SAVED.is_dir() else {}


def page(request, name):
    try:
        content = PAGES[name]
    except KeyError:
        raise Http404 from None
    return HttpResponse(content, content_type="text/html; charset=utf-8")


urlpatterns = [path("<str:name>", page)]
application = get_wsgi_application()
