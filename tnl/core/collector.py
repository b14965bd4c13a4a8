"""Python's cycle collector, paused around work that builds many objects that live on.

Scoring an edition keeps about 110,000 answers and as many engine inputs alive while it runs:
each few hundred new containers start a collection, and the collections that reach the old
generation walk every one of them again, a quarter of the scoring's time. Nothing there makes
reference cycles, so the collector is paused for the loop and resumes (with a collection of what
is young, as usual) when it ends. Paused only where it was measured (docs/benchmarks.md).

A web worker's long-lived objects are kept out of the collector's full passes. After its first
requests a gunicorn worker holds what it keeps for its whole life: Django's apps and models, the
URL patterns, the compiled templates, the referentials' shared documents (tens of thousands of
dicts and lists). A full collection walks all of them every time it runs: about 80 ms on the
national data (bench/national_autosave.py), and the request that triggers it waits that long.
Once the worker has answered WARM_REQUESTS requests, it collects once and freezes what is left
(`gc.freeze()`): the full collections after it walk only what came later, about 5 ms. Frozen
objects are still freed as soon as nothing refers to them; only reference cycles among them
would stay, and the collection just before freezing leaves none but those of the request being
closed. Only the web entry point (tnl.wsgi) asks for it: the tests, the management commands and
the task worker keep Python's defaults."""

import gc
from contextlib import contextmanager

from django.core.signals import request_finished

WARM_REQUESTS = 50


@contextmanager
def collector_paused():
    """No cyclic garbage collection inside the block; as before after it. Another thread that
    pauses meanwhile only sees the collector resumed earlier than it asked (no harm either way)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class FreezeWhenWarm:
    """A `request_finished` receiver: after `requests` requests, collect, freeze, disconnect."""

    def __init__(self, requests):
        self.left = requests

    def __call__(self, **kwargs):
        self.left -= 1
        if self.left > 0:
            return
        request_finished.disconnect(self)
        gc.collect()
        gc.freeze()


def freeze_when_warm(requests=WARM_REQUESTS):
    request_finished.connect(FreezeWhenWarm(requests), weak=False)
