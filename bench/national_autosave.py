"""Autosave under load: concurrent candidates saving answers, as the dossier page's autosave does.

    TNL_VAR_DIR=/tmp/tnl-national .venv/bin/python bench/national_autosave.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tnl_national .venv/bin/python bench/national_autosave.py

On a database filled by bench/national_data.py: it opens this year's edition (once), gives each of
EDITORS bodies a draft dossier and a logged-in member, starts gunicorn (DEBUG off) on a free port
of 127.0.0.1, then:
  0. a warm-up of 3 seconds, not measured (each worker's first requests load the code);
  1. paced: each editor saves a number answer every 2 seconds (htmx autosave requests, each with
     the version its form last received), for --duration seconds, each from its own moment of
     the 2 seconds (editors type independently; a fixed moment per dossier, so runs repeat);
  2. back to back: each editor saves again as soon as the previous save is answered.
It prints the answer time percentiles of each phase, as the editors measured them and as gunicorn
did (its access log's request time: the server's share, without the waits of the editors' own
threads, which run on the same cores), and checks that no write was lost: each answer's final
value is the last one its editor sent, and its version counts every save. It stops only the
gunicorn it started."""

import argparse
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
QUESTION = "STR-08"  # a number question of the default referential
VERSION = re.compile(rb'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')


def prepare(editors):
    """[(dossier pk, session key)]: this year's open edition, one draft dossier and one logged-in
    member per body (created once, then reused)."""
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from tnl.accounts.models import User
    from tnl.core.services import SYSTEM
    from tnl.dossiers.models import Dossier
    from tnl.dossiers.services import create_dossier
    from tnl.editions.models import Edition
    from tnl.editions.services import create_edition
    from tnl.territories.models import Membership, Territory

    now = timezone.now()
    edition = Edition.objects.filter(year=now.year).first()
    if edition is None:
        source = Edition.objects.order_by("-year").first()
        if source is None:
            sys.exit("No edition: fill the database with bench/national_data.py first.")
        edition = create_edition(
            SYSTEM, now.year, source.referential, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=60)
        )
    pairs = []
    bodies = Territory.objects.filter(kind="commune", is_active=True).order_by("code")[:editors]
    for number, body in enumerate(bodies):
        user, _created = User.objects.get_or_create(
            email=f"redacteur{number}@bench.example.org", defaults={"full_name": f"Rédacteur {number}"}
        )
        Membership.objects.get_or_create(
            user=user, territory=body, defaults={"role": "elected_referent", "status": "confirmed", "confirmed_at": now}
        )
        dossier = Dossier.objects.filter(edition=edition, territory=body).first() or create_dossier(user, edition, body)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        pairs.append((dossier.pk, session.session_key))
    return pairs


class Editor(threading.Thread):
    def __init__(self, base, dossier, session, stop, pace, version):
        super().__init__(daemon=True)
        self.url = f"{base}/dossiers/{dossier}/questions/{QUESTION}/"
        self.dossier, self.stop, self.pace = dossier, stop, pace
        self.csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as it is
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}; django_language=en"
        self.version = "" if version is None else str(version)  # what the editor's form was loaded with
        self.sent, self.times, self.errors, self.saves = None, [], 0, 0

    def save(self, value):
        data = urllib.parse.urlencode({"value": str(value), "comment": "", "version": self.version}).encode()
        request = urllib.request.Request(
            self.url,
            data=data,
            headers={"Cookie": self.cookie, "X-CSRFToken": self.csrf, "HX-Request": "true", "Referer": self.url},
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
        except (urllib.error.URLError, TimeoutError):
            self.errors += 1
            return
        self.times.append((time.perf_counter() - started) * 1000)
        match = VERSION.search(body)
        if match and b"data-conflict" not in body:
            self.version = (match[1] or match[2]).decode()
            self.sent, self.saves = value, self.saves + 1
        else:
            self.errors += 1

    def run(self):
        # A value never sent before (the phase's start time in it): saving the stored value again
        # changes nothing, which would read as a lost write.
        value = int(time.time()) % 100_000 * 1000
        if self.pace:
            # Editors type independently: each starts at its own moment of the period (a fixed
            # one per dossier, so runs repeat), rather than all saving at the same instant.
            self.stop.wait(random.Random(self.dossier).uniform(0, self.pace))
        while not self.stop.is_set():
            started = time.monotonic()
            value += 1
            self.save(value)
            if self.pace:
                self.stop.wait(max(0.0, self.pace - (time.monotonic() - started)))


def percentile(values, percent):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))]


def phase(base, pairs, duration, pace, before):
    stop = threading.Event()
    editors = [Editor(base, dossier, session, stop, pace, before.get(dossier)) for dossier, session in pairs]
    for editor in editors:
        editor.start()
    time.sleep(duration)
    stop.set()
    for editor in editors:
        editor.join(timeout=60)
    return editors


def server_times(access_log, offset):
    """The request times (ms) gunicorn logged for the saves since `offset` bytes of its access log."""
    times = []
    with open(access_log, "rb") as log:
        log.seek(offset)
        for line in log:
            path, _space, micros = line.decode().rstrip().rpartition(" ")
            if path.endswith(f"/questions/{QUESTION}/") and micros.isdigit():
                times.append(int(micros) / 1000)
    return times


def lost_writes(editors, before):
    """Editors whose answer is not what they last sent, or whose version missed a save."""
    from tnl.dossiers.models import Answer

    answers = {
        a.dossier_id: a for a in Answer.objects.filter(dossier_id__in=[e.dossier for e in editors], question=QUESTION)
    }
    lost = []
    for editor in editors:
        answer = answers.get(editor.dossier)
        expected_version = before.get(editor.dossier, 0) + editor.saves
        if editor.saves and (answer is None or answer.value != editor.sent or answer.version != expected_version):
            lost.append(editor.dossier)
    return lost


def versions():
    from tnl.dossiers.models import Answer

    return dict(Answer.objects.filter(question=QUESTION).values_list("dossier_id", "version"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editors", type=int, default=50, help="concurrent editors (default 50)")
    parser.add_argument("--duration", type=int, default=30, help="seconds per phase (default 30)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    options = parser.parse_args(argv)
    import django

    django.setup()
    from django.conf import settings

    from bench.machine import speed_line
    from bench.national_load import free_port, production_env, wait_for

    pairs = prepare(options.editors)
    port = free_port()
    access_log = Path(tempfile.mkdtemp(prefix="tnl-autosave-")) / "access.log"
    # Plain static files storage: this script runs no collectstatic.
    env = production_env(DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage")
    process = subprocess.Popen(
        [
            BIN / "gunicorn",
            "tnl.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--no-control-socket",
            "--access-logfile",
            str(access_log),
            # The request's path and the time gunicorn took to answer it, in microseconds.
            "--access-logformat",
            "%(U)s %(D)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, process, "gunicorn")
        base = f"http://127.0.0.1:{port}"
        print(speed_line("before"))
        print(
            f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[1]}; {options.workers} gunicorn workers; "
            f"{len(pairs)} editors; {options.duration} s per phase"
        )
        print()
        print(
            "| phase | saves | saves/s | p50 ms | p99 ms | max ms | server p50 ms | server p99 ms "
            "| errors or conflicts | lost writes |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        # Warm-up, not measured: each worker's first requests load the code, templates and referential.
        phase(base, pairs, 3, 0.0, versions())
        for label, pace in (("every 2 s", 2.0), ("back to back", 0.0)):
            before = versions()
            logged = access_log.stat().st_size if access_log.exists() else 0
            editors = phase(base, pairs, options.duration, pace, before)
            served = server_times(access_log, logged)
            times = [t for editor in editors for t in editor.times]
            saves = sum(editor.saves for editor in editors)
            errors = sum(editor.errors for editor in editors)
            lost = lost_writes(editors, before)
            print(
                f"| {label} | {saves} | {saves / options.duration:.1f} | {statistics.median(times) if times else float('nan'):.1f} | "
                f"{percentile(times, 99):.1f} | {max(times, default=float('nan')):.1f} | "
                f"{percentile(served, 50):.1f} | {percentile(served, 99):.1f} | {errors} | {len(lost)} |"
            )
        print()
        print(speed_line("after"))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        access_log.unlink(missing_ok=True)
        access_log.parent.rmdir()


if __name__ == "__main__":
    main()
