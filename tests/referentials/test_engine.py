import json
from decimal import Decimal
from fractions import Fraction

import pytest

from tests.deadline import finishes_within
from tests.referentials import FIXTURES, bracket, choice, compiled, question, referential
from tnl.referentials.engine import (
    Missing,
    NextLevel,
    Question,
    QuestionResult,
    compile_referential,
    format_number,
    result_to_json,
    same_answer,
    score,
    score_dossier,
    size_class_for,
)
from tnl.referentials.format import load_dossier, load_referential
from tnl.referentials.kinds import QuestionKind

COMMUNE = {"kind": "commune", "population": 1000, "competences_missing": []}


def body(kind="commune", population=1000, competences_missing=()):
    return {"kind": kind, "population": population, "competences_missing": list(competences_missing)}


def answer(value, *evidence):
    return {"value": value, "evidence": list(evidence)}


def points_of(ref, answers, territory=COMMUNE, code="Q"):
    item = score(ref, territory, answers).questions[code]
    return item.points, item.potential, item.status


# --- Points per kind -------------------------------------------------------------------------


def test_yes_no():
    ref = compiled({"A": [question("Q", "yes_no", 15)]})
    assert points_of(ref, {"Q": answer(True)}) == (15, 15, "scored")
    assert points_of(ref, {"Q": answer(False)}) == (0, 15, "scored")


def test_single_gives_the_chosen_choice_points():
    ref = compiled(
        {"A": [question("Q", "single", 8, choices=[choice("none", 0), choice("one", 4), choice("both", 8)])]}
    )
    assert points_of(ref, {"Q": answer("one")}) == (4, 8, "scored")
    assert points_of(ref, {"Q": answer("none")}) == (0, 8, "scored")


def test_multi_sums_the_ticked_choices_capped_at_the_points():
    choices = [choice("a", 2), choice("b", 2), choice("c", Decimal("2.5"))]
    ref = compiled({"A": [question("Q", "multi", 5, choices=choices)]})
    assert points_of(ref, {"Q": answer(["a"])}) == (2, 5, "scored")
    assert points_of(ref, {"Q": answer(["a", "b"])}) == (4, 5, "scored")
    assert points_of(ref, {"Q": answer(["a", "b", "c"])}) == (5, 5, "scored")


BRACKETS = {
    "XS": [bracket(1, 5), bracket(3, 10), bracket(6, 15)],
    "L": [bracket(25, 5), bracket(75, 10), bracket(150, 15)],
    "default": [bracket(3, 5), bracket(10, 10), bracket(20, 15)],
}


@pytest.mark.parametrize(
    ("population", "value", "expected"),
    [
        (3499, 0, 0),  # below every bracket
        (3499, 1, 5),  # exactly at a min
        (3499, Decimal("2.99"), 5),
        (3499, 3, 10),
        (3499, 1000, 15),
        (3500, 3, 5),  # S has no list: the default list
        (3500, 9, 5),
        (50000, 20, 15),
        (100000, 20, 0),  # L has its own list
        (100000, 75, 10),
    ],
)
def test_number_brackets_per_size_class_then_default(population, value, expected):
    ref = compiled({"A": [question("Q", "number", 15, brackets=BRACKETS)]})
    assert points_of(ref, {"Q": answer(value)}, body(population=population)) == (expected, 15, "scored")


def test_percent_plain_bracket_list_applies_to_every_class():
    brackets = [bracket(80, 15), bracket(5, 3), bracket(25, 7), bracket(50, 11)]  # order does not matter
    ref = compiled({"A": [question("Q", "percent", 15, brackets=brackets)]})
    assert points_of(ref, {"Q": answer(Decimal("4.9"))}) == (0, 15, "scored")
    assert points_of(ref, {"Q": answer(50)}, body(population=10)) == (11, 15, "scored")
    assert points_of(ref, {"Q": answer(Decimal("79.9"))}, body("region", 10**7)) == (11, 15, "scored")
    assert points_of(ref, {"Q": answer(100)}) == (15, 15, "scored")


@pytest.mark.parametrize(
    ("kind", "value"), [("url", "https://example.org/rex"), ("file", ["a.pdf"]), ("text", "Nous…")]
)
def test_url_file_text_give_full_points_when_not_empty(kind, value):
    ref = compiled({"A": [question("Q", kind, 6)]})
    assert points_of(ref, {"Q": answer(value)}) == (6, 6, "scored")


@pytest.mark.parametrize("value", [None, "", []])
@pytest.mark.parametrize("kind", ["yes_no", "url", "file", "text", "multi", "number"])
def test_unanswered_forms_score_zero_and_keep_the_potential(kind, value):
    extra = {"choices": [choice("a", 1)]} if kind == "multi" else {}
    extra = {"brackets": [bracket(0, 1)]} if kind == "number" else extra
    ref = compiled({"A": [question("Q", kind, 6, **extra)]})
    assert points_of(ref, {"Q": answer(value)}) == (0, 6, "unanswered")
    assert points_of(ref, {}) == (0, 6, "unanswered")


# --- Evidence --------------------------------------------------------------------------------


def test_required_evidence_missing_gives_zero_and_is_flagged():
    ref = compiled({"A": [question("Q", "yes_no", 15, evidence="required")]})
    assert points_of(ref, {"Q": answer(True)}) == (0, 15, "evidence_missing")
    assert points_of(ref, {"Q": {"value": True}}) == (0, 15, "evidence_missing")
    assert points_of(ref, {"Q": answer(True, "https://example.org/d.pdf")}) == (15, 15, "scored")


def test_yes_no_answered_false_is_not_flagged_for_missing_evidence():
    ref = compiled({"A": [question("Q", "yes_no", 15, evidence="required")]})
    assert points_of(ref, {"Q": answer(False)}) == (0, 15, "scored")


def test_unanswered_required_evidence_question_is_unanswered_not_flagged():
    ref = compiled({"A": [question("Q", "yes_no", 15, evidence="required")]})
    assert points_of(ref, {"Q": answer(None)}) == (0, 15, "unanswered")


def test_a_url_value_is_not_its_evidence():
    ref = compiled({"A": [question("Q", "url", 6, evidence="required")]})
    assert points_of(ref, {"Q": answer("https://example.org/rex")}) == (0, 6, "evidence_missing")
    assert points_of(ref, {"Q": answer("https://example.org/rex", "file:3")}) == (6, 6, "scored")


def test_optional_evidence_changes_nothing():
    ref = compiled({"A": [question("Q", "text", 6, evidence="optional")]})
    assert points_of(ref, {"Q": answer("x")}) == (6, 6, "scored")


# --- Rules -----------------------------------------------------------------------------------


def ruled(when, effect=None, questions=None):
    effect = effect if effect is not None else {"not_applicable": ["Q"]}
    questions = questions or [question("Q", "yes_no", 10), question("R", "yes_no", 10)]
    return compiled({"A": questions}, rules=[{"when": when, **effect}] if when is not None else [effect])


@pytest.mark.parametrize(
    ("when", "territory", "applies"),
    [
        ({}, body(), True),
        (None, body(), True),
        ({"population_lt": 3500}, body(population=3499), True),
        ({"population_lt": 3500}, body(population=3500), False),
        ({"population_gte": 3500}, body(population=3500), True),
        ({"population_gte": 3500}, body(population=3499), False),
        ({"population_lt": 3500}, body("departement", 3000), True),  # a body's own population
        ({"kind_in": ["epci", "region"]}, body("epci"), True),
        ({"kind_in": ["epci", "region"]}, body("commune"), False),
        ({"size_class_in": ["L"]}, body("departement", 3000), True),
        ({"size_class_in": ["XS", "S"]}, body(population=3500), True),
        ({"size_class_in": ["XS"]}, body(population=3500), False),
        ({"competence_missing": "schools"}, body(competences_missing=["water", "schools"]), True),
        ({"competence_missing": "schools"}, body(competences_missing=["water"]), False),
        ({"population_lt": 3500, "kind_in": ["commune"]}, body(population=10), True),
        ({"population_lt": 3500, "kind_in": ["epci"]}, body(population=10), False),
    ],
)
def test_rule_conditions(when, territory, applies):
    ref = ruled(when)
    result = score(ref, territory, {"Q": answer(True), "R": answer(True)})
    assert result.questions["Q"].status == ("not_applicable" if applies else "scored")
    assert result.applied_rules == ((0,) if applies else ())


def test_a_territory_without_a_missing_competences_list_misses_none():
    result = score(ruled({"competence_missing": "schools"}), {"kind": "commune", "population": 1000}, {})
    assert (result.questions["Q"].status, result.applied_rules) == ("unanswered", ())


@pytest.mark.parametrize(
    ("expected", "given", "applies"),
    [
        (False, False, True),
        (False, True, False),
        (False, None, False),  # unanswered matches nothing, not even false
        (True, True, True),
    ],
)
def test_rule_answer_condition_on_a_yes_no(expected, given, applies):
    ref = ruled({"answer": {"R": expected}})
    result = score(ref, COMMUNE, {"Q": answer(True), "R": answer(given)})
    assert result.questions["Q"].status == ("not_applicable" if applies else "scored")


def test_rule_answer_condition_on_a_number_zero_is_not_false():
    questions = [question("Q", "yes_no"), question("N", "number", brackets=[bracket(1, 10)])]
    ref = ruled({"answer": {"N": 0}}, questions=questions)
    assert score(ref, COMMUNE, {"Q": answer(True), "N": answer(0)}).questions["Q"].status == "not_applicable"
    assert (
        score(ref, COMMUNE, {"Q": answer(True), "N": answer(Decimal("0.0"))}).questions["Q"].status == "not_applicable"
    )
    assert score(ref, COMMUNE, {"Q": answer(True), "N": answer(False)}).questions["Q"].status == "scored"
    assert score(ref, COMMUNE, {"Q": answer(True)}).questions["Q"].status == "scored"


def test_same_answer_compares_type_and_value():
    questions = [
        question("Y"),
        question("N", "number", brackets=[bracket(1, 1)]),
        question("M", "multi", choices=[choice("a", 1), choice("b", 1)]),
    ]
    yes_no, number, multi = compiled({"A": questions}).questions.values()
    assert same_answer(yes_no, False, False) is True
    assert same_answer(yes_no, None, False) is False
    assert same_answer(number, 0, False) is False
    assert same_answer(number, False, 0) is False
    assert same_answer(number, 1, True) is False
    assert same_answer(number, Decimal("1.0"), 1) is True
    assert same_answer(multi, ["b", "a"], ["a", "b"]) is True
    assert same_answer(multi, [], []) is False


def test_same_answer_ignores_order_only_for_a_multi():
    questions = [question("F", "file"), question("N", "number", brackets=[bracket(1, 1)])]
    file, number = compiled({"A": questions}).questions.values()
    assert same_answer(file, ["b.pdf", "a.pdf"], ["a.pdf", "b.pdf"]) is False
    assert same_answer(file, ["a.pdf", "b.pdf"], ["a.pdf", "b.pdf"]) is True
    assert same_answer(file, "ab", ["a", "b"]) is False
    assert same_answer(number, 1, "1") is False
    assert same_answer(file, "1", 1) is False


def test_rule_conditions_read_the_answers_before_any_rule():
    rules = [{"not_applicable": ["R"]}, {"when": {"answer": {"R": True}}, "not_applicable": ["Q"]}]
    ref = compiled({"A": [question("Q"), question("R")]}, rules=rules)
    result = score(ref, COMMUNE, {"Q": answer(True), "R": answer(True)})
    assert (result.questions["Q"].status, result.questions["R"].status) == ("not_applicable", "not_applicable")


def test_scale_multiplies_points_and_potential():
    ref = ruled({"population_lt": 3500}, {"scale": {"Q": Decimal("0.5")}})
    result = score(ref, body(population=100), {"Q": answer(True), "R": answer(True)})
    assert (result.questions["Q"].points, result.questions["Q"].potential) == (5, 5)
    assert (result.points, result.potential) == (15, 15)


def test_two_scales_of_one_question_multiply():
    rules = [{"scale": {"Q": Decimal("0.5")}}, {"when": {"kind_in": ["commune"]}, "scale": {"Q": 3}}]
    ref = compiled({"A": [question("Q", "yes_no", 10)]}, rules=rules)
    item = score(ref, COMMUNE, {"Q": answer(True)}).questions["Q"]
    assert (item.points, item.potential, item.factor, item.raw_points) == (15, 15, Fraction(3, 2), 10)


def test_scale_applies_after_the_cap_and_the_evidence_check():
    questions = [
        question("M", "multi", 5, choices=[choice("a", 4), choice("b", 4)]),
        question("E", "yes_no", 10, evidence="required"),
    ]
    ref = compiled({"A": questions}, rules=[{"scale": {"M": Decimal("0.5"), "E": 2}}])
    result = score(ref, COMMUNE, {"M": answer(["a", "b"]), "E": answer(True)})
    assert (result.questions["M"].points, result.questions["M"].potential) == (Fraction(5, 2), Fraction(5, 2))
    assert (result.questions["E"].points, result.questions["E"].potential, result.questions["E"].status) == (
        0,
        20,
        "evidence_missing",
    )


@pytest.mark.parametrize(
    "rules",
    [
        [{"not_applicable": ["Q"]}, {"scale": {"Q": 2}}],
        [{"scale": {"Q": 2}}, {"not_applicable": ["Q"]}],
        [{"not_applicable": ["Q"], "scale": {"Q": 2}}],
    ],
)
def test_not_applicable_wins_over_scale(rules):
    ref = compiled({"A": [question("Q"), question("R")]}, rules=rules)
    result = score(ref, COMMUNE, {"Q": answer(True), "R": answer(True)})
    assert (result.questions["Q"].status, result.questions["Q"].points, result.questions["Q"].potential) == (
        "not_applicable",
        0,
        0,
    )
    assert (result.points, result.potential) == (10, 10)


def test_a_result_keeps_its_code_axis_and_factor():
    rules = [{"not_applicable": ["Q"], "scale": {"Q": 2}}, {"scale": {"R": 3}}]
    ref = compiled({"A": [question("R")], "B": [question("Q")]}, rules=rules)
    result = score(ref, COMMUNE, {"Q": answer(True), "R": answer(True)})
    assert result.questions["Q"] == QuestionResult("Q", "B", "not_applicable", 0, 0, 0, 2)
    assert result.questions["R"] == QuestionResult("R", "A", "scored", 30, 30, 10, 3)


# --- Percents --------------------------------------------------------------------------------


def test_axis_with_potential_zero_counts_as_one_hundred():
    ref = compiled({"A": [question("Q")], "B": [question("R")]}, rules=[{"not_applicable": ["R"]}])
    result = score(ref, COMMUNE, {})
    assert (result.axes["B"].points, result.axes["B"].potential, result.axes["B"].percent) == (0, 0, 100)
    assert result.global_percent == 0


def test_global_percent_is_over_all_questions_not_the_mean_of_axes():
    ref = compiled({"A": [question("Q", points=10)], "B": [question("R", points=30)]})
    result = score(ref, COMMUNE, {"Q": answer(True)})
    assert (result.axes["A"].percent, result.axes["B"].percent) == (100, 0)
    assert result.global_percent == 25


def test_global_percent_is_one_hundred_when_nothing_applies():
    ref = compiled({"A": [question("Q")]}, rules=[{"not_applicable": ["Q"]}])
    assert score(ref, COMMUNE, {}).global_percent == 100


# --- Levels ----------------------------------------------------------------------------------

LADDER = [
    {"level": 1, "label": {"fr": "Bronze"}},
    {"level": 2, "label": {"fr": "Argent", "en": "Silver"}, "min_global": 30},
]


def test_global_threshold_is_inclusive_and_never_rounded():
    ref = compiled({"A": [question("Q", points=2999), question("R", points=7001)]}, levels=LADDER)
    below = score(ref, COMMUNE, {"Q": answer(True)})
    assert below.global_percent == Fraction(2999, 100)
    assert result_to_json(below)["global_percent"] == "30.0"  # shown rounded, compared exact
    assert (below.level, below.level_label) == (1, {"fr": "Bronze"})
    ref = compiled({"A": [question("Q", points=3), question("R", points=7)]}, levels=LADDER)
    exact = score(ref, COMMUNE, {"Q": answer(True)})
    assert exact.global_percent == 30
    assert (exact.level, exact.level_label, exact.next_level) == (2, {"fr": "Argent", "en": "Silver"}, None)


def test_axis_threshold_is_inclusive():
    levels = [{"level": 1, "min_each_axis": 35}]
    ref = compiled({"A": [question("Q", points=35), question("R", points=65)], "B": [question("S")]}, levels=levels)
    assert score(ref, COMMUNE, {"Q": answer(True), "S": answer(True)}).level == 1
    ref = compiled({"A": [question("Q", points=3499), question("R", points=6501)], "B": [question("S")]}, levels=levels)
    result = score(ref, COMMUNE, {"Q": answer(True), "S": answer(True)})
    assert result.level == 0
    assert result.next_level == NextLevel(
        1,
        None,
        (Missing("axis", "axis A >= 35", 1, threshold=35, current=Fraction(3499, 100), axis="A"),),
    )


def test_requires_holds_with_points_or_when_not_applicable():
    levels = [{"level": 1, "requires": ["Q"]}]
    ref = compiled({"A": [question("Q"), question("R")]}, levels=levels)
    assert score(ref, COMMUNE, {"Q": answer(True)}).level == 1
    result = score(ref, COMMUNE, {"Q": answer(False), "R": answer(True)})
    assert result.level == 0
    assert result.next_level.missing == (Missing("requires", "requires Q", 1, current=0, question="Q"),)
    ref = compiled({"A": [question("Q"), question("R")]}, levels=levels, rules=[{"not_applicable": ["Q"]}])
    assert score(ref, COMMUNE, {}).level == 1


def test_requires_holds_with_less_than_one_point():
    ref = compiled({"A": [question("Q", points=Decimal("0.5"))]}, levels=[{"level": 1, "requires": ["Q"]}])
    assert score(ref, COMMUNE, {"Q": answer(True)}).level == 1


def test_requires_fails_when_a_scale_of_zero_removes_the_points():
    levels = [{"level": 1, "requires": ["Q"]}]
    ref = compiled({"A": [question("Q"), question("R")]}, levels=levels, rules=[{"scale": {"Q": 0}}])
    assert score(ref, COMMUNE, {"Q": answer(True), "R": answer(True)}).level == 0


def test_ladder_a_higher_level_is_not_reached_when_a_lower_one_fails():
    levels = [{"level": 1, "requires": ["R"]}, {"level": 2, "min_global": 50}]
    ref = compiled({"A": [question("Q", points=90), question("R", points=10)]}, levels=levels)
    result = score(ref, COMMUNE, {"Q": answer(True)})
    assert result.global_percent == 90
    assert (result.level, result.level_label) == (0, None)
    assert result.next_level.level == 1
    assert [item.text for item in result.next_level.missing] == ["requires R"]


def test_next_level_lists_every_missing_condition_in_order():
    levels = [
        {"level": 1},
        {"level": 3, "label": {"fr": "Or"}, "min_global": Decimal("37.5"), "min_each_axis": 35, "requires": ["S", "Q"]},
    ]
    ref = compiled({"A": [question("Q"), question("R")], "B": [question("S")], "C": [question("T")]}, levels=levels)
    result = score(ref, COMMUNE, {"Q": answer(True)})
    assert result.level == 1
    assert result.next_level.level == 3
    assert result.next_level.label == {"fr": "Or"}
    assert [item.text for item in result.next_level.missing] == [
        "global_percent >= 37.5",
        "axis B >= 35",
        "axis C >= 35",
        "requires S",
    ]
    assert result.next_level.missing[0] == Missing(
        "global", "global_percent >= 37.5", 3, threshold=Fraction(75, 2), current=Fraction(25)
    )


def test_top_level_reached_has_no_next_level():
    ref = compiled({"A": [question("Q")]}, levels=LADDER)
    result = score(ref, COMMUNE, {"Q": answer(True)})
    assert (result.level, result.next_level) == (2, None)
    assert result_to_json(result)["next_level"] is None


# --- Size classes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "population", "expected"),
    [
        ("commune", 0, "XS"),
        ("commune", 3499, "XS"),
        ("commune", 3500, "S"),
        ("commune", 19999, "S"),
        ("epci", 20000, "M"),
        ("other", 99999, "M"),
        ("commune", 100000, "L"),
        ("departement", 12, "L"),
        ("region", 0, "L"),
    ],
)
def test_default_size_classes(kind, population, expected):
    assert size_class_for(compiled({"A": [question("Q")]}), kind, population) == expected


def test_custom_size_classes():
    classes = [{"code": "small", "max_population": 10000}, {"code": "big"}]
    ref = compiled({"A": [question("Q")]}, size_classes=classes)
    assert [size_class_for(ref, "commune", n) for n in (10000, 10001)] == ["small", "big"]
    assert score(ref, body("departement", 5), {}).size_class == "big"


# --- Overrides -------------------------------------------------------------------------------


def test_overrides_with_thirds_stay_exact():
    ref = compiled(
        {"A": [question("U", "url", 10), question("T", "text", 5)]}, rules=[{"scale": {"U": Decimal("0.5")}}]
    )
    answers = {"U": answer("https://example.org"), "T": answer("x")}
    result = score(ref, COMMUNE, answers, overrides={"U": Fraction(2, 3) * 10, "T": Fraction(1, 3) * 5})
    assert (result.questions["U"].points, result.questions["U"].raw_points) == (Fraction(10, 3), Fraction(20, 3))
    assert result.questions["U"].overridden is True
    assert result.questions["T"].points == Fraction(5, 3)
    assert result.global_percent == 100 * (Fraction(10, 3) + Fraction(5, 3)) / 10
    data = result_to_json(result)
    assert data["questions"]["U"] == {"points": "3.333333", "potential": "5", "status": "scored"}
    assert data["global_percent"] == "50.0"


def test_override_replaces_an_evidence_check_and_is_ignored_when_not_applicable():
    ref = compiled({"A": [question("Q", evidence="required"), question("R")]}, rules=[{"not_applicable": ["R"]}])
    result = score(ref, COMMUNE, {"Q": answer(True)}, overrides={"Q": 10, "R": 10})
    assert (result.questions["Q"].points, result.questions["Q"].status) == (10, "scored")
    assert (result.questions["R"].points, result.questions["R"].status) == (0, "not_applicable")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"Q": 11}, "override for Q must be between 0 and 10"),
        ({"Q": -1}, "override for Q must be between 0 and 10"),
        ({"Z": 1}, "override for unknown question 'Z'"),
    ],
)
def test_overrides_outside_the_question_are_refused(overrides, message):
    ref = compiled({"A": [question("Q")]})
    with pytest.raises(ValueError) as error:
        score(ref, COMMUNE, {}, overrides=overrides)
    assert str(error.value) == message


def test_score_dossier_applies_the_overrides():
    ref, dossier = fixture_result()
    assert score_dossier(ref, dossier).questions["STR-01"].points > 0
    item = score_dossier(ref, dossier, {"STR-01": 0}).questions["STR-01"]
    assert (item.points, item.status, item.overridden) == (0, "scored", True)


def test_float_overrides_are_refused():
    with pytest.raises(TypeError) as error:
        score(compiled({"A": [question("Q")]}), COMMUNE, {}, overrides={"Q": 0.5})
    assert str(error.value) == "an exact number (int, Decimal or Fraction) is needed, not 0.5"


# --- Numbers as text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(15, 2), None, "7.5"),
        (Fraction(41), None, "41"),
        (Fraction(1, 8), None, "0.125"),
        (Fraction(1, 5), None, "0.2"),
        (Fraction(7, 40), None, "0.175"),
        # 15 decimals times 15 decimals: 30, exact (too many for a float to count)
        (Fraction(1, 10**30), None, "0." + "0" * 29 + "1"),
        (Fraction(1, 3), None, "0.333333"),
        (Fraction(2, 3), None, "0.666667"),
        (Fraction(-2, 3), None, "-0.666667"),
        (Fraction(4725, 100), 1, "47.3"),
        (Fraction(4735, 100), 1, "47.4"),
        (Fraction(4724999, 100000), 1, "47.2"),
        (Fraction(-4725, 100), 1, "-47.3"),
        (Fraction(-1, 100), 1, "0.0"),
        (Fraction(41), 1, "41.0"),
        (Fraction(100), 1, "100.0"),
        (Fraction(5, 100), 1, "0.1"),
        (Fraction(5, 2), 0, "3"),
        (Decimal("0.5"), None, "0.5"),
        (0, None, "0"),
    ],
)
def test_format_number(value, places, expected):
    with finishes_within(5):
        text = format_number(value, places)
    assert text == expected


def test_percent_shown_with_one_decimal_half_away_from_zero():
    ref = compiled({"A": [question("Q", points=189), question("R", points=211)]})
    result = score(ref, COMMUNE, {"Q": answer(True)})
    assert result.global_percent == Fraction(4725, 100)
    assert result_to_json(result)["global_percent"] == "47.3"
    ref = compiled({"A": [question("Q", points=947), question("R", points=1053)]})
    result = score(ref, COMMUNE, {"Q": answer(True)})
    assert (result.global_percent, result_to_json(result)["global_percent"]) == (Fraction(4735, 100), "47.4")


# --- The whole result ------------------------------------------------------------------------


def fixture_result():
    doc = load_referential((FIXTURES / "small.yaml").read_bytes(), "small.yaml")
    dossier = load_dossier((FIXTURES / "nancy.json").read_bytes(), doc, "nancy.json")
    return compile_referential(doc), dossier


def test_result_to_json_on_the_fixture():
    ref, dossier = fixture_result()
    assert result_to_json(score_dossier(ref, dossier)) == json.loads((FIXTURES / "nancy.result.json").read_text())


def test_compile_once_score_many_gives_the_same_results():
    ref, dossier = fixture_result()
    doc = load_referential((FIXTURES / "small.yaml").read_bytes(), "small.yaml")
    for population in (10, 3499, 3500, 104000):
        territory = {**dossier["territory"], "population": population}
        assert score(ref, territory, dossier["answers"]) == score(
            compile_referential(doc), territory, dossier["answers"]
        )


def test_small_commune_gets_the_scaled_xs_brackets():
    ref, dossier = fixture_result()
    result = score(ref, body(population=3000), {"DON-03": answer(6), "STR-01": answer(True)})
    assert (result.size_class, result.questions["DON-03"].points, result.questions["DON-03"].potential) == (
        "XS",
        Fraction(15, 2),
        Fraction(15, 2),
    )
    assert result.questions["STR-01"].status == "evidence_missing"
    assert result.questions["COM-12"].status == "unanswered"


def test_a_compiled_question_keeps_its_code_and_axis():
    doc = referential({"A": [question("P")], "B": [question("Q", evidence="required", badge=True)]})
    questions = compile_referential(doc).questions
    assert questions["P"] == Question("P", "A", QuestionKind.YES_NO, 10, "none", False, {}, {})
    assert questions["Q"] == Question("Q", "B", QuestionKind.YES_NO, 10, "required", True, {}, {})


def test_a_compiled_referential_keeps_its_titles():
    ref = compile_referential(referential({"A": [question("Q")]}, code="t2"))
    assert (ref.code, ref.title, ref.axes[0].title) == ("t2", {"fr": "Test"}, {"fr": "A"})


def test_compiled_referential_from_the_helpers_is_valid():
    doc = referential({"A": [question("Q")]})
    assert compile_referential(doc).questions["Q"].points == 10
