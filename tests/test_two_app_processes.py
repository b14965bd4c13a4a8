"""Two app servers, one PostgreSQL: sessions, rate limits, autosave conflicts and publication behave
as with one (docs/deployment.md, "Several servers").

Two gunicorn processes run the platform as in production (DEBUG off) on free ports of 127.0.0.1,
against the test database; each request below says which one answers it. PostgreSQL only: SQLite
is the single-machine default."""

import os
import re
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import PASSWORD
from tests.jury.conftest import other_submitted, submitted  # noqa: F401 (fixtures)
from tests.publication.publishing import deliberated
from tnl.dossiers.models import Answer
from tnl.publication import paths
from tnl.publication.models import Release

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="several app servers share PostgreSQL (run with DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
API_LIMIT = 3


def _free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def app_env(django_db_setup, django_db_blocker, tmp_path_factory):
    """The environment both processes share: the test database, one secret key, one folder of
    published files, DEBUG off as in production (plain HTTP cookies: there is no TLS here)."""
    with django_db_blocker.unblock():
        database = connection.settings_dict
    url = f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    var = tmp_path_factory.mktemp("two-apps")
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TNL_", "DATABASE_"))},
        "DATABASE_URL": f"{url}/{database['NAME']}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "TNL_ENV_FILE": "",
        "TNL_VAR_DIR": str(var),
        "TNL_API_RATE_LIMIT": str(API_LIMIT),
        "TNL_API_RATE_WINDOW": "3600",  # a fixed window: the test's requests never straddle two
    }


@pytest.fixture(scope="module")
def apps(app_env):
    """Two gunicorn processes (one worker each), stopped by their process ids at the end."""
    servers, logs = [], []
    for number in (1, 2):
        port = _free_port()
        log = open(Path(app_env["TNL_VAR_DIR"]) / f"app{number}.log", "w")  # noqa: SIM115 (closed below)
        process = subprocess.Popen(
            [BIN / "gunicorn", "tnl.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
            cwd=ROOT,
            env=app_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
        logs.append(log)
    try:
        for process, base in servers:
            _wait_for(process, base)
        yield [base for _process, base in servers]
    finally:
        for process, _base in servers:
            process.terminate()
            process.wait(timeout=30)
        for log in logs:
            log.close()


def _wait_for(process, base):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app process at {base} stopped with code {process.returncode}")
        try:
            requests.get(base + "/accounts/login/", timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"the app process at {base} did not answer within 60 s")


class Browser:
    """One person's browser: its cookies go to whichever server it is sent to."""

    def __init__(self):
        self.session = requests.Session()
        self.session.cookies.set("django_language", "en")

    def get(self, base, path, **kwargs):
        return self.session.get(base + path, timeout=30, **kwargs)

    def post(self, base, path, data, **kwargs):
        if "csrftoken" not in self.session.cookies:
            self.get(base, "/accounts/login/")
        headers = {"X-CSRFToken": self.session.cookies["csrftoken"], **kwargs.pop("headers", {})}
        return self.session.post(base + path, data=data, headers=headers, timeout=60, **kwargs)

    def log_in(self, base, user):
        # The tests hash passwords with MD5 for speed; the app processes know only the real hashers.
        # Once per person: a new password hash would end the sessions opened with the old one.
        if not user.password.startswith("pbkdf2_"):
            user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
            user.language = "en"  # the messages below are read in English
            user.save(update_fields=["password", "language"])
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        response = self.post(base, "/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 200, response.status_code
        assert response.history and response.history[0].status_code == 302, messages(response) or response.text[-3000:]
        return response


def messages(response):
    return re.findall(r'<p class="message message-(\w+)">(.*?)</p>', response.text, re.S)


def test_a_session_opened_on_one_server_is_valid_on_the_other(apps, contributor):
    first, second = apps
    browser = Browser()
    browser.log_in(first, contributor)
    profile = browser.get(second, "/compte/")
    assert profile.url == second + "/compte/"
    assert contributor.email in profile.text
    # Logging out on the second server ends the session on the first too.
    browser.post(second, "/accounts/logout/", {})
    assert browser.get(first, "/compte/").url.startswith(first + "/accounts/login/")


def test_the_api_rate_limit_counts_the_requests_of_both_servers(apps):
    first, second = apps
    answered = [requests.get(base + "/api/v1/editions", timeout=30).status_code for base in (first, second, first)]
    assert answered == [200] * API_LIMIT
    refused = requests.get(second + "/api/v1/editions", timeout=30)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many requests: try again in ")


def test_an_autosave_conflict_is_caught_across_servers(apps, dossier, elected, technical):
    first, second = apps
    mine, theirs = Browser(), Browser()
    mine.log_in(first, elected)
    theirs.log_in(second, technical)
    path = f"/dossiers/{dossier.pk}/questions/STR-02/"
    # Both opened the page before any answer (no version); the first save wins, on server 1.
    saved = mine.post(first, path, {"value": "both", "comment": "", "version": ""}, allow_redirects=False)
    assert saved.status_code == 302
    conflict = theirs.post(second, path, {"value": "none", "comment": "", "version": ""}, allow_redirects=False)
    assert conflict.status_code == 200
    assert "Someone else — " + elected.full_name + " — saved this answer at" in conflict.text
    answer = Answer.objects.get(dossier=dossier, question="STR-02")
    assert (answer.value, answer.version, answer.updated_by) == ("both", 1, elected)


@pytest.fixture
def ready(edition, organiser, submitted, other_submitted):  # noqa: F811
    return deliberated(edition, organiser, submitted, other_submitted)


def test_publishing_from_both_servers_at_once_publishes_once(apps, app_env, ready, organiser):
    first, second = apps
    browsers = {base: Browser() for base in apps}
    for base, browser in browsers.items():
        browser.log_in(base, organiser)
    path = f"/organisation/editions/{ready.year}/publication/publier/"
    answers = {}
    start = threading.Barrier(2)

    def publish(base):
        start.wait()
        answers[base] = browsers[base].post(base, path, {})

    threads = [threading.Thread(target=publish, args=(base,)) for base in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    shown = sorted(kind for base in apps for kind, _text in messages(answers[base]))
    assert shown == ["error", "success"]
    assert Release.objects.filter(year=ready.year).count() == 1
    texts = [text for base in apps for kind, text in messages(answers[base]) if kind == "error"]
    assert texts[0].startswith("Results are published from the deliberation phase")

    # The background worker writes the published files once; both servers serve the same page.
    subprocess.run(
        [BIN / "python", "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=app_env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    page = "/" + paths.results(ready.year, "en")
    pages = [requests.get(base + page, timeout=30) for base in (first, second)]
    assert [response.status_code for response in pages] == [200, 200]
    assert pages[0].text == pages[1].text
    assert "Nancy" in pages[0].text
