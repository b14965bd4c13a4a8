"""A web worker's memory: the pages and the URL configuration do not import what only a few
actions need (docs/benchmarks.md, "worker memory"). PyJWT with cryptography and requests weigh
about 15 MB in every gunicorn worker; they are imported when a credential is signed or checked,
or when an OpenID Connect login comes back, not when the worker starts. jsonschema (2.5 MB) is
imported when a referential or dossier file is first checked, markdown-it (0.8 MB) when a guide
is first shown."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ["jwt", "cryptography", "requests", "jsonschema", "markdown_it"]

# What a gunicorn worker does before its first request: Django's setup, then the URL
# configuration (Django loads it at the first request; every page needs it).
STARTUP = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver()._populate()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def started_worker_modules():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tnl.settings", "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [sys.executable, "-c", STARTUP], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    return set(json.loads(completed.stdout.splitlines()[-1]))


def test_a_started_worker_has_not_imported_what_few_actions_need():
    modules = started_worker_modules()
    assert "django" in modules and "tnl" in modules  # the probe did start the platform
    assert [name for name in HEAVY if name in modules] == []


def test_they_load_where_a_credential_is_checked():
    # The imports moved into the functions still work: checking a token loads PyJWT and refuses it.
    script = STARTUP.replace(
        "print(json.dumps(",
        "from tnl.publication.credentials import verify\n"
        "check = verify('not a token').checks[0]\n"
        "print(json.dumps([check.code, check.ok]))\n"
        "print(json.dumps(",
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tnl.settings", "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    verdict, modules = completed.stdout.splitlines()[-2:]
    assert json.loads(verdict) == ["format", False]
    assert "jwt" in json.loads(modules)
