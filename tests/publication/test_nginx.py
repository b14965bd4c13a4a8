"""deploy/nginx.conf, run for real: nginx serves the published files and passes the rest to Django.

The test renders the repository's server block for a temporary folder, starts nginx on a free
port of 127.0.0.1 with a stand-in for Django (a small HTTP server of this test answering
"from django"), and stops both at the end (by their own handles, nothing else)."""

import http.client
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from tnl.publication import paths
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import current_folder

from .publishing import deliberated

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).is_file()), None
)

# Skipped on a developer machine without nginx; in CI (CI set) a missing nginx fails, as chromium does.
pytestmark = pytest.mark.skipif(
    NGINX is None and not os.environ.get("CI"),
    reason="no nginx binary (Debian: apt-get install nginx-light; .ci/run installs it)",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FakeDjango(http.server.BaseHTTPRequestHandler):
    """Answers "from django <path>"; under /counted/ it adds how many requests reached it, varies
    on the language as Django does, and sends what Django sends a logged-in person (/counted/private)
    or a cookie (/counted/cookie)."""

    served = 0

    def do_GET(self):
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        body = f"from django {self.path}"
        if self.path.startswith("/counted/"):
            FakeDjango.served += 1
            body += f" #{FakeDjango.served}"
            headers["Vary"] = "Accept-Language, Cookie"
            if self.path.startswith("/counted/private"):
                headers["Cache-Control"] = "private, no-store"
            if self.path.startswith("/counted/cookie"):
                headers["Set-Cookie"] = "csrftoken=abc; Path=/"
        self.send_response(200)
        for name, value in {**headers, "Content-Length": str(len(body.encode()))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body.encode())

    do_POST = do_GET

    def log_message(self, *args):
        pass


def render(published, static, port, upstream, cache):
    """The server block for this machine's test: the example paths, port and upstream replaced."""
    text = CONFIG.read_text(encoding="utf-8")
    for example, value in (
        ("/srv/tnl/var/nginx-cache", str(cache)),
        ("/srv/tnl/var/published", str(published)),
        ("/srv/tnl/var/static", str(static)),
        ("http://127.0.0.1:8000", f"http://127.0.0.1:{upstream}"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("listen [::]:80;", ""),
    ):
        assert example in text, example
        text = text.replace(example, value)
    return text


@pytest.fixture
def nginx(settings, tmp_path):
    assert NGINX, "nginx is needed in CI: .ci/run installs nginx-light"
    FakeDjango.served = 0
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), FakeDjango)
    thread = threading.Thread(target=upstream.serve_forever, daemon=True)
    thread.start()
    static = tmp_path / "static"
    (static / "tnl").mkdir(parents=True)
    (static / "tnl" / "site.css").write_text("body {}", encoding="utf-8")
    port = free_port()
    run = tmp_path / "nginx"
    run.mkdir()
    (run / "site.conf").write_text(
        render(settings.TNL_PUBLISHED_ROOT, static, port, upstream.server_address[1], tmp_path / "cache"),
        encoding="utf-8",
    )
    temporary = "".join(
        f"{name}_temp_path {run / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (run / "nginx.conf").write_text(
        f"daemon off;\nmaster_process off;\npid {run / 'nginx.pid'};\nerror_log {run / 'error.log'} warn;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\naccess_log off;\n{temporary}include {run / 'site.conf'};\n}}\n",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-p", str(run), "-c", str(run / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-p", str(run), "-c", str(run / "nginx.conf")], stderr=subprocess.PIPE)
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()
        upstream.server_close()


def get(port, path, method="GET", **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request(method, path, headers={"Accept-Encoding": "identity", **headers})
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    return response.status, response.headers, body


def csp():
    return "; ".join(
        f"{name} {' '.join(values)}" for name, values in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    )


def test_nginx_serves_the_published_files_and_passes_the_rest(
    nginx, edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    ready = deliberated(edition, organiser, submitted, other_submitted)
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, ready)
    year = ready.year

    status, headers, body = get(nginx, paths.url(paths.open_data(year, "results.csv")))
    assert (status, headers["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert body.startswith("year,kind,code,")
    assert headers["Content-Security-Policy"] == csp()
    assert (headers["X-Content-Type-Options"], headers["Referrer-Policy"]) == ("nosniff", "same-origin")
    assert headers["Access-Control-Allow-Origin"] == "*" and headers["Cache-Control"] == "max-age=300"
    status, headers, _body = get(nginx, paths.url(paths.open_data(year, "datapackage.json")))
    assert (status, headers["Content-Type"]) == (200, "application/json; charset=utf-8")

    # The types of the files other writers add (credentials, badges).
    for path, content_type in (
        (paths.credential(year, "commune", "54395"), "application/vc+jwt"),
        (paths.badge(year, "commune", "54395", "svg"), "image/svg+xml; charset=utf-8"),
    ):
        (current_folder() / path).parent.mkdir(parents=True, exist_ok=True)
        (current_folder() / path).write_text("x", encoding="utf-8")
        assert get(nginx, paths.url(path))[:2][0] == 200
        assert get(nginx, paths.url(path))[1]["Content-Type"] == content_type

    status, headers, body = get(nginx, paths.url(paths.results(year, "fr")))  # a folder: its index.html
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert "Nancy (54)" in body

    assert get(nginx, "/")[2] == "from django /"  # the home page is dynamic
    assert get(nginx, "/aide/")[2] == "from django /aide/"  # not a published file
    status, headers, body = get(nginx, "/static/tnl/site.css")
    assert (status, headers["Content-Type"], body) == (200, "text/css; charset=utf-8", "body {}")

    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, ready, "A wrong level")
    path = paths.url(paths.open_data(year, "results.csv"))
    assert get(nginx, path)[2] == f"from django {path}"  # withdrawn: no file any more
    results = paths.url(paths.results(year, "fr"))
    assert get(nginx, results)[2] == f"from django {results}"


def twice(port, path, method="GET", **headers):
    """The bodies and X-Cache of two requests in a row."""
    first, second = get(port, path, method, **headers), get(port, path, method, **headers)
    return [first[2], second[2]], [first[1]["X-Cache"], second[1]["X-Cache"]]


def test_the_microcache_keeps_what_django_answers_a_visitor(nginx):
    assert twice(nginx, "/counted/page") == (["from django /counted/page #1"] * 2, ["MISS", "HIT"])
    assert twice(nginx, "/") == (["from django /"] * 2, ["MISS", "HIT"])  # the home page too
    # Another query string is another page; another language another copy (Django's Vary).
    assert get(nginx, "/counted/page?level=3")[2] == "from django /counted/page?level=3 #2"
    assert get(nginx, "/counted/page", **{"Accept-Language": "en"})[2] == "from django /counted/page #3"
    assert get(nginx, "/counted/page")[2] == "from django /counted/page #1"


def test_a_logged_in_person_an_api_client_with_a_key_or_htmx_always_reaches_django(nginx):
    assert twice(nginx, "/counted/mine", Cookie="sessionid=abc") == (
        ["from django /counted/mine #1", "from django /counted/mine #2"],
        ["BYPASS", "BYPASS"],
    )
    assert twice(nginx, "/counted/api", Authorization="Bearer key")[1] == ["BYPASS", "BYPASS"]
    # An htmx request gets a fragment where a browser gets the page, at the same address.
    assert twice(nginx, "/counted/mine", **{"HX-Request": "true"})[1] == ["BYPASS", "BYPASS"]
    # What they were answered is not kept for visitors either.
    assert get(nginx, "/counted/mine")[2] == "from django /counted/mine #7"


def test_nothing_private_nothing_that_sets_a_cookie_and_no_post_is_kept(nginx):
    assert twice(nginx, "/counted/private")[0] == ["from django /counted/private #1", "from django /counted/private #2"]
    assert twice(nginx, "/counted/cookie")[0] == ["from django /counted/cookie #3", "from django /counted/cookie #4"]
    assert twice(nginx, "/counted/form", "POST")[0] == ["from django /counted/form #5", "from django /counted/form #6"]
