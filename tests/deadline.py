"""`finishes_within(seconds)`: a test fails, instead of hanging, when the code it calls loops forever.

Used where a loop's end depends on arithmetic (a mutant that breaks it turns the test suite into an
endless run, which mutation testing can only count as a timeout). SIGALRM interrupts pure Python
code between two instructions; pytest runs tests in the main thread, where signals are delivered."""

import signal
from contextlib import contextmanager


@contextmanager
def finishes_within(seconds):
    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: an endless loop?")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
