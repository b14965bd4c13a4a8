"""A web worker freezes what it keeps for life once warmed up (tnl.core.collector): the full
garbage collections after it walk only what came later (docs/benchmarks.md, fifth round)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Requests as gunicorn makes them: the WSGI application called, then its answer closed (which
# sends `request_finished`). The path is no page: no database is needed.
REQUESTS = """
import gc, json, sys, weakref
from wsgiref.util import setup_testing_defaults
{entry}


class Node:
    pass


# Garbage in a reference cycle, left just before the freeze; the collector runs only when asked,
# so that nothing but the freeze's own collection can free it.
gc.disable()
counts, cycle = [], None
for number in range(int(sys.argv[1])):
    if number == 48:
        node = Node()
        node.itself = node
        cycle = weakref.ref(node)
        del node
    environ = {{"PATH_INFO": "/no-such-page/", "HTTP_HOST": "127.0.0.1"}}
    setup_testing_defaults(environ)
    statuses = []
    answer = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(answer)
    answer.close()
    counts.append(gc.get_freeze_count())
print(json.dumps([statuses[0], counts, cycle is not None and cycle() is None]))
"""
WSGI = "from tnl.wsgi import application"
PLAIN = "import django; django.setup()\nfrom django.core.handlers.wsgi import WSGIHandler\napplication = WSGIHandler()"


def run(entry, requests, tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tnl.settings",
        "PYTHONPATH": str(ROOT),
        "TNL_VAR_DIR": str(tmp_path),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    completed = subprocess.run(
        [sys.executable, "-c", REQUESTS.format(entry=entry), str(requests)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.splitlines()[-1])


def test_the_web_worker_freezes_after_its_fiftieth_request(tmp_path):
    status, counts, cycle_freed = run(WSGI, 52, tmp_path)
    assert status.startswith("404")
    assert cycle_freed  # collected before the freeze, not kept frozen
    assert counts[:49] == [0] * 49  # nothing frozen while warming up
    assert counts[49] > 10_000  # Django, its apps and the URL patterns at least
    # Once only: frozen objects freed since leave the count, nothing new joins it.
    assert all(count <= counts[49] for count in counts[50:])


def test_other_processes_keep_pythons_defaults(tmp_path):
    status, counts, cycle_freed = run(PLAIN, 55, tmp_path)
    assert status.startswith("404")
    assert counts == [0] * 55
    assert not cycle_freed
