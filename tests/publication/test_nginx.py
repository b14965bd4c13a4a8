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
    def do_GET(self):
        body = f"from django {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def render(published, static, port, upstream):
    """The server block for this machine's test: the example paths, port and upstream replaced."""
    text = CONFIG.read_text(encoding="utf-8")
    for example, value in (
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
        render(settings.TNL_PUBLISHED_ROOT, static, port, upstream.server_address[1]), encoding="utf-8"
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


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
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
