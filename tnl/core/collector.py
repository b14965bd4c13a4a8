"""Python's cycle collector, paused around work that builds many objects that live on.

Scoring an edition keeps about 110,000 answers and as many engine inputs alive while it runs:
each few hundred new containers start a collection, and the collections that reach the old
generation walk every one of them again, a quarter of the scoring's time. Nothing there makes
reference cycles, so the collector is paused for the loop and resumes (with a collection of what
is young, as usual) when it ends. Paused only where it was measured (docs/benchmarks.md)."""

import gc
from contextlib import contextmanager


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
