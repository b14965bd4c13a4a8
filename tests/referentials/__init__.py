"""Referential tests. Small builders they share: a valid document, changed one field at a time."""

import copy
from pathlib import Path

from tnl.referentials.engine import compile_referential
from tnl.referentials.format import validate_referential

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def text(fr):
    return {"fr": fr}


def question(code, kind="yes_no", points=10, **extra):
    return {"code": code, "text": text(f"Question {code}"), "kind": kind, "points": points, **extra}


def choice(code, points):
    return {"code": code, "label": text(code), "points": points}


def bracket(minimum, points):
    return {"min": minimum, "points": points}


def minimal_doc():
    """A valid referential with one question of the three shapes (plain, brackets, choices)."""
    return copy.deepcopy(
        {
            "format": "tnl-referential/1",
            "code": "t",
            "title": text("Test"),
            "axes": [
                {
                    "code": "A",
                    "title": text("Axe A"),
                    "questions": [
                        question("Q1"),
                        question("Q2", "number", brackets=[bracket(1, 5), bracket(3, 10)]),
                        question("Q3", "single", 4, choices=[choice("a", 4), choice("b", 0)]),
                    ],
                },
                {"code": "B", "title": text("Axe B"), "questions": [question("Q4", "text", 6)]},
            ],
            "levels": [{"level": 1}],
        }
    )


def referential(axes, rules=(), levels=({"level": 1},), size_classes=None, code="t"):
    """A validated referential document from axes given as {axis code: [questions]}."""
    doc = {
        "format": "tnl-referential/1",
        "code": code,
        "title": text("Test"),
        "axes": [{"code": axis, "title": text(axis), "questions": list(questions)} for axis, questions in axes.items()],
        "rules": list(rules),
        "levels": list(levels),
    }
    if size_classes is not None:
        doc["size_classes"] = size_classes
    return validate_referential(doc, "test")


def compiled(axes, **kwargs):
    return compile_referential(referential(axes, **kwargs))
