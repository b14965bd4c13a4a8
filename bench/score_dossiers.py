"""Scoring engine speed: compile the default referential, then score the example dossiers.

The live score of a dossier page runs the engine on every saved answer, so this is the
figure that matters there. Usage: .venv/bin/python bench/score_dossiers.py [REPEAT]
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

import django  # noqa: E402

django.setup()

from tnl.referentials.engine import compile_referential, score_dossier  # noqa: E402
from tnl.referentials.format import load_dossier, load_referential  # noqa: E402

DATA = ROOT / "tnl" / "referentials" / "data"


def timed(function, repeat):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


def main():
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    text = (DATA / "tnl-default.yaml").read_bytes()
    document = load_referential(text, "tnl-default.yaml")
    print(f"load + validate the default referential: median {timed(lambda: load_referential(text, 'x'), 20)[0]:.1f} ms")
    print(f"compile it: median {timed(lambda: compile_referential(document), repeat)[0]:.2f} ms")
    referential = compile_referential(document)
    for path in sorted((DATA / "examples").glob("*.json")):
        dossier = load_dossier(path.read_bytes(), document, path.name)
        median, worst = timed(lambda dossier=dossier: score_dossier(referential, dossier), repeat)
        print(f"score {path.name}: median {median:.2f} ms, max {worst:.2f} ms")


if __name__ == "__main__":
    main()
