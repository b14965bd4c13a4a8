"""Question kinds and scoring statuses as enums, and the one table entry per kind."""

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.referentials import FIXTURES, question
from tnl.referentials.answers import accepts, check_value, shown
from tnl.referentials.engine import compile_referential, result_to_json, score_dossier
from tnl.referentials.format import load_dossier, load_referential, load_schema
from tnl.referentials.kinds import KIND_SPECS, QuestionKind, ScoreStatus, UnknownKind, spec_for

ROOT = Path(__file__).resolve().parents[2]


def test_the_kinds_are_the_contract_strings_and_the_schema_lists_them_all():
    assert [kind.value for kind in QuestionKind] == [
        "yes_no", "single", "multi", "number", "percent", "url", "file", "text",
    ]  # fmt: skip
    kind_schema = load_schema("referential")["$defs"]["question"]["properties"]["kind"]
    assert kind_schema["enum"] == [kind.value for kind in QuestionKind]
    assert set(KIND_SPECS) == set(QuestionKind)
    assert QuestionKind.YES_NO == "yes_no" and json.dumps(QuestionKind.MULTI) == '"multi"'


def test_the_statuses_are_the_contract_strings():
    assert [status.value for status in ScoreStatus] == ["scored", "unanswered", "not_applicable", "evidence_missing"]


def test_the_scoring_result_gives_statuses_as_plain_strings():
    referential_doc = load_referential((FIXTURES / "small.yaml").read_bytes(), "small.yaml")
    dossier = load_dossier((FIXTURES / "nancy.json").read_bytes(), referential_doc, "nancy.json")
    result = score_dossier(compile_referential(referential_doc), dossier)
    statuses = {item.status for item in result.questions.values()}
    assert statuses <= set(ScoreStatus)
    data = json.loads(json.dumps(result_to_json(result)))
    assert {item["status"] for item in data["questions"].values()} == {str(status) for status in statuses}


def test_the_engine_and_the_kind_table_import_no_django():
    code = "import sys, tnl.referentials.engine; print(sorted(m for m in sys.modules if m.startswith('django')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "[]\n")


@pytest.mark.parametrize("value", [None, "", [], True, "x"])
def test_an_unknown_kind_is_a_clear_error_whatever_the_value(value):
    odd = question("Q9", "dropdown")
    expected = (
        'unknown question kind "dropdown" (expected one of: yes_no, single, multi, number, percent, url, file, text)'
    )
    with pytest.raises(ValueError) as info:
        check_value(odd, value)
    assert str(info.value) == expected
    with pytest.raises(ValueError) as info:
        accepts(odd)
    assert str(info.value) == expected
    with pytest.raises(UnknownKind) as info:
        spec_for("dropdown")
    assert (str(info.value), info.value.kind) == ("dropdown", "dropdown")


def test_a_repeated_choice_is_reported_under_its_own_code():
    multi = question("Q5", "multi", 5, choices=[{"code": code, "points": 1} for code in ("a", "b", "c")])
    with pytest.raises(ValueError) as info:
        check_value(multi, ["a", "b", "c", "b"])
    assert str(info.value) == 'a list of distinct codes among: a, b, c ("b" is given twice)'
    with pytest.raises(ValueError) as info:
        check_value(multi, ["c", "a", "x"])
    assert str(info.value) == 'a list of distinct codes among: a, b, c (unknown code "x")'


def test_a_text_of_exactly_the_display_limit_is_shown_whole():
    assert shown("x" * 40) == '"' + "x" * 40 + '"'
    assert shown("x" * 41) == '"' + "x" * 39 + '…"'
    assert shown(Decimal("1" * 200)) == "1.111E+199"
    assert shown(10**5000) == "1.000E+5000"


def test_numbers_past_the_display_limit_are_shown_in_scientific_notation():
    assert shown(10**40 - 1) == "9" * 40
    assert shown(10**40) == "1.000E+40"
    # A Decimal goes by its exponent: up to 10^40 written out (and cut), past it in E notation.
    assert shown(Decimal("1E+40")) == "1" + "0" * 38 + "…"
    assert shown(Decimal("1E+41")) == "1.000E+41"
    assert shown(Decimal("1E-41")) == "1.000E-41"


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("number", Decimal("1" * 200), "a number of at most 15 digits (got 1.111E+199)"),
        ("number", 10**15, "a number of at most 15 digits (got 1000000000000000)"),
        ("percent", Decimal("12.1234567890123456"), "a number of at most 15 digits (got 12.1234567890123456)"),
        ("number", -1, "a number >= 0 (got -1)"),
        ("percent", Decimal("100.5"), "a percent between 0 and 100 (got 100.5)"),
        ("number", Decimal("NaN"), "a number >= 0 (got NaN)"),
        ("number", True, "a number >= 0 (got true)"),
    ],
)
def test_answers_refuse_numbers_the_next_steps_cannot_take(kind, value, message):
    brackets = [{"min": 1, "points": 5}]
    with pytest.raises(ValueError) as info:
        check_value(question("Q2", kind, brackets=brackets), value)
    assert str(info.value) == message


@pytest.mark.parametrize("value", [999_999_999_999_999, Decimal("0.000000000000001"), Decimal("12345678.1234567")])
def test_answers_of_15_digits_are_accepted(value):
    check_value(question("Q2", "number", brackets=[{"min": 1, "points": 5}]), value)
