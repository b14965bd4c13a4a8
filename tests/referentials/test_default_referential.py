"""The shipped default referential and its example dossiers stay valid and score as documented
in docs/referential-default.md."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tnl.referentials.engine import compile_referential, format_number, result_to_json, score_dossier
from tnl.referentials.format import dump_referential, load_dossier, load_referential

DATA = Path(__file__).resolve().parents[2] / "tnl" / "referentials" / "data"


@pytest.fixture(scope="module")
def document():
    return load_referential((DATA / "tnl-default.yaml").read_bytes(), "tnl-default.yaml")


def test_five_axes_worth_500_points_with_57_questions_and_a_10_question_badge_form(document):
    referential = compile_referential(document)
    potentials = {
        axis.code: format_number(sum(referential.questions[code].points for code in axis.questions))
        for axis in referential.axes
    }
    assert potentials == {"STR": "100", "INT": "100", "LOG": "125", "DON": "100", "COM": "75"}
    assert len(referential.questions) == 57
    assert sorted(code for code, q in referential.questions.items() if q.badge) == [
        "COM-01", "COM-04", "DON-02", "INT-01", "INT-04", "LOG-01", "LOG-03", "LOG-08", "STR-01", "STR-02",
    ]  # fmt: skip
    assert [level.level for level in referential.levels] == [1, 2, 3, 4, 5]


def test_every_text_is_in_french_and_english(document):
    def texts(node, path=""):
        if isinstance(node, dict):
            if "fr" in node and all(isinstance(v, str) for v in node.values()):
                yield path, node
            else:
                for key, value in node.items():
                    yield from texts(value, f"{path}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from texts(value, f"{path}[{index}]")

    missing = [path for path, mapping in texts(document) if not mapping.get("en")]
    assert missing == []


def test_export_then_import_is_the_identity(document):
    for fmt in ("yaml", "json"):
        assert load_referential(dump_referential(document, fmt), f"again.{fmt}") == document


@pytest.mark.parametrize(
    ("name", "level", "global_percent"),
    [("village.json", 1, "21.7"), ("agglomeration.json", 3, "53.2"), ("nancy.json", 5, "81.0")],
)
def test_example_dossiers_reach_their_documented_level(document, name, level, global_percent, capsys):
    dossier = load_dossier((DATA / "examples" / name).read_bytes(), document, name)
    result = result_to_json(score_dossier(compile_referential(document), dossier))
    assert (result["level"], result["global_percent"]) == (level, global_percent)

    call_command("score", str(DATA / "tnl-default.yaml"), str(DATA / "examples" / name), "--json")
    assert json.loads(capsys.readouterr().out) == result
