"""How fast this machine runs Python right now, printed beside a benchmark's figures.

Shared machines change speed from minute to minute (other tenants on the same host): on the
2-core machines of docs/benchmarks.md the same loop took from 125 to 255 ms within one hour on 1 December 2026. A
benchmark prints this figure before and after its run, so that two runs can be compared: a
run whose figure is 1.5 times higher had a machine 1.5 times slower."""

import time

LOOP = 3_000_000


def python_speed():
    """Milliseconds for a fixed loop of pure Python (the best of three; lower is faster)."""
    best = float("inf")
    for _attempt in range(3):
        started = time.perf_counter()
        sum(number * number for number in range(LOOP))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def speed_line(when):
    return f"machine speed {when}: {python_speed():.0f} ms for a fixed Python loop (lower is faster)"
