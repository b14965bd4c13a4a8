"""How long WeasyPrint takes to lay out one dossier question with a long comment, through the
print template's own stylesheet and markup (the question block of print/dossier.html) and the
same escaping (exports.breakable).

    .venv/bin/python bench/pdf_dossier.py [characters ...]

Prints, per comment length, the seconds for a comment of words ("with spaces") and for one
unbreakable word ("no spaces"), and the number of pages."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tnl.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402
from weasyprint import HTML  # noqa: E402

from tnl.dossiers.exports import breakable  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)

CSS = render_to_string("dossiers/print/print.css")
PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>{css}</style></head><body><main>
<section class="axis"><h2>STR — Stratégie</h2>
<div class="question" id="q-STR-01"><h3><span class="code">STR-01</span> Une question</h3>
<dl><dt>Answer</dt><dd><span class="comment">Oui</span></dd>
<dt>Comment</dt><dd class="comment">{comment}</dd>
<dt>Status</dt><dd>Counted</dd><dt>Points</dt><dd>15 / 15</dd></dl></div></section></main></body></html>"""


def comment(length, spaces):
    if not spaces:
        return "x" * length
    words = ("délibération du conseil municipal logiciel libre formats ouverts " * (length // 60 + 1)).split(" ")
    text = ""
    for index, word in enumerate(words):
        text += word + (" " if index % 40 else "\n")
    return text[:length]


def seconds(length, spaces):
    html = PAGE.format(css=CSS, comment=breakable(comment(length, spaces)))
    start = time.perf_counter()
    document = HTML(string=html).render()
    document.write_pdf()
    return time.perf_counter() - start, len(document.pages)


if __name__ == "__main__":
    lengths = [int(arg) for arg in sys.argv[1:]] or [2_500, 5_000, 10_000]
    for length in lengths:
        (words, word_pages), (word, word_pages_2) = seconds(length, True), seconds(length, False)
        print(
            f"{length:>7} characters: with spaces {words:6.2f} s ({word_pages} pages), "
            f"no spaces {word:6.2f} s ({word_pages_2} pages)"
        )
