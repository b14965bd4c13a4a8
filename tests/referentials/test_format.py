import json
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

from tests.referentials import FIXTURES, bracket, choice, minimal_doc, question, text
from tnl.referentials.answers import check_value
from tnl.referentials.format import (
    FormatError,
    dump_referential,
    load_dossier,
    load_referential,
    load_schema,
    parse_text,
    validate_dossier,
    validate_referential,
)


def error_of(doc):
    with pytest.raises(FormatError) as info:
        validate_referential(doc, "ref.yaml")
    return info.value


def changed(mutate):
    doc = minimal_doc()
    mutate(doc)
    return doc


def q(doc, index, axis=0):
    return doc["axes"][axis]["questions"][index]


# (id, change to the minimal document, path, expected)
MALFORMED = [
    (
        "unknown key typo",
        lambda d: q(d, 0).update(point=3),
        "axes[0].questions[0].point",
        'unknown field "point" (did you mean "points"? Free extensions start with "x-")',
    ),
    (
        "unknown top-level key",
        lambda d: d.update(levles=[]),
        "levles",
        'unknown field "levles" (did you mean "levels"? Free extensions start with "x-")',
    ),
    (
        "duplicate question code",
        lambda d: q(d, 0, axis=1).update(code="Q1"),
        "axes[1].questions[0].code",
        'a unique question code ("Q1" is also axes[0].questions[0])',
    ),
    (
        "rule referencing an unknown code",
        lambda d: d.update(rules=[{"not_applicable": ["Q11"]}]),
        "rules[0].not_applicable[0]",
        'an existing question code ("Q11" is not in this referential; did you mean "Q1"?)',
    ),
    (
        "scale of an unknown code",
        lambda d: d.update(rules=[{"scale": {"ZZZ": 2}}]),
        "rules[0].scale.ZZZ",
        'an existing question code ("ZZZ" is not in this referential)',
    ),
    (
        "bracket points above the question's points",
        lambda d: q(d, 1)["brackets"].append(bracket(5, 12)),
        "axes[0].questions[1].brackets[2].points",
        "at most the question's points (10)",
    ),
    (
        "last size class bounded",
        lambda d: d.update(size_classes=[{"code": "S", "max_population": 10}, {"code": "L", "max_population": 99}]),
        "size_classes[1].max_population",
        "no max_population: the last class takes every larger body",
    ),
    (
        "size class not last without bound",
        lambda d: d.update(size_classes=[{"code": "S"}, {"code": "L"}]),
        "size_classes[0]",
        "a max_population: only the last size class is unbounded",
    ),
    (
        "size classes not ascending",
        lambda d: d.update(
            size_classes=[{"code": "S", "max_population": 10}, {"code": "M", "max_population": 10}, {"code": "L"}]
        ),
        "size_classes[1].max_population",
        "a max_population above the previous class's (10)",
    ),
    (
        "duplicate size class code",
        lambda d: d.update(size_classes=[{"code": "S", "max_population": 10}, {"code": "S"}]),
        "size_classes[1].code",
        'a unique size class code ("S" is also size_classes[0])',
    ),
    (
        "missing fr text",
        lambda d: d["axes"][0].update(title={"en": "Axis A"}),
        "axes[0].title.fr",
        "missing: every text needs its French version (fr)",
    ),
    (
        "text that is not a language map",
        lambda d: q(d, 0).update(text="Question?"),
        "axes[0].questions[0].text",
        'a text by language, such as {fr: "…", en: "…"} (got "Question?")',
    ),
    (
        "bad language code",
        lambda d: d["title"].update(FR="Test"),
        "title.FR",
        "a two-letter lowercase language code such as fr or en",
    ),
    (
        "missing required field",
        lambda d: q(d, 0).pop("points"),
        "axes[0].questions[0].points",
        "missing (required)",
    ),
    (
        "wrong format",
        lambda d: d.update(format="tnl-dossier/1"),
        "format",
        '"tnl-referential/1" (this looks like a dossier) (got "tnl-dossier/1")',
    ),
    (
        "bad code",
        lambda d: d.update(code="-tnl 2026"),
        "code",
        "a code: letters, digits, '.', '_' or '-', starting with a letter or a digit (got \"-tnl 2026\")",
    ),
    (
        "unknown kind",
        lambda d: q(d, 0).update(kind="boolean"),
        "axes[0].questions[0].kind",
        'one of: yes_no, single, multi, number, percent, url, file, text (got "boolean")',
    ),
    (
        "negative points",
        lambda d: q(d, 0).update(points=-1),
        "axes[0].questions[0].points",
        "a number >= 0 (got -1)",
    ),
    (
        "points as text",
        lambda d: q(d, 0).update(points="15"),
        "axes[0].questions[0].points",
        'a number (got "15")',
    ),
    (
        "unknown evidence mode",
        lambda d: q(d, 0).update(evidence="yes"),
        "axes[0].questions[0].evidence",
        'one of: none, optional, required (got "yes")',
    ),
    (
        "single without choices",
        lambda d: q(d, 2).pop("choices"),
        "axes[0].questions[2].choices",
        "a non-empty list of choices (required for a single question)",
    ),
    (
        "choices on a yes_no question",
        lambda d: q(d, 0).update(choices=[choice("a", 1)]),
        "axes[0].questions[0].choices",
        "no choices: only single and multi questions have them (this is yes_no)",
    ),
    (
        "duplicate choice code",
        lambda d: q(d, 2)["choices"].append(choice("a", 1)),
        "axes[0].questions[2].choices[2].code",
        'a unique choice code ("a" is also axes[0].questions[2].choices[0])',
    ),
    (
        "single choice above the question's points",
        lambda d: q(d, 2)["choices"].append(choice("c", 5)),
        "axes[0].questions[2].choices[2].points",
        "at most the question's points (4)",
    ),
    (
        "number without brackets",
        lambda d: q(d, 1).pop("brackets"),
        "axes[0].questions[1].brackets",
        "a list of brackets (required for a number question)",
    ),
    (
        "brackets on a text question",
        lambda d: q(d, 0, axis=1).update(brackets=[bracket(1, 1)]),
        "axes[1].questions[0].brackets",
        "no brackets: only number and percent questions have them (this is text)",
    ),
    (
        "brackets map missing a size class",
        lambda d: q(d, 1).update(brackets={"XS": [bracket(1, 5)]}),
        "axes[0].questions[1].brackets",
        "a list for every size class, or a default list (missing: S, M, L)",
    ),
    (
        "brackets map with an unknown size class",
        lambda d: q(d, 1).update(brackets={"XL": [bracket(1, 5)], "default": [bracket(1, 5)]}),
        "axes[0].questions[1].brackets.XL",
        "a size class code (XS, S, M, L) or default",
    ),
    (
        "brackets neither list nor map",
        lambda d: q(d, 1).update(brackets=5),
        "axes[0].questions[1].brackets",
        "a list of brackets, or a mapping from size class codes (or default) to lists of brackets (got 5)",
    ),
    (
        "duplicate bracket min",
        lambda d: q(d, 1)["brackets"].append(bracket(3, 1)),
        "axes[0].questions[1].brackets[2].min",
        "a min not used twice in one list (also at [1])",
    ),
    (
        "percent bracket above 100",
        lambda d: q(d, 1).update(kind="percent", brackets=[bracket(101, 5)]),
        "axes[0].questions[1].brackets[0].min",
        "a percent between 0 and 100 (got 101)",
    ),
    (
        "rule without effect",
        lambda d: d.update(rules=[{"when": {"population_lt": 10}}]),
        "rules[0]",
        "at least one effect: not_applicable or scale",
    ),
    (
        "rule population not a whole number",
        lambda d: d.update(rules=[{"when": {"population_lt": Decimal("3500.5")}, "not_applicable": ["Q1"]}]),
        "rules[0].when.population_lt",
        "a whole number (got 3500.5)",
    ),
    (
        "rule answer condition on an unknown question",
        lambda d: d.update(rules=[{"when": {"answer": {"Q7": True}}, "not_applicable": ["Q1"]}]),
        "rules[0].when.answer.Q7",
        'an existing question code ("Q7" is not in this referential)',
    ),
    (
        "rule answer condition 0 on a yes_no question",
        lambda d: d.update(rules=[{"when": {"answer": {"Q1": 0}}, "not_applicable": ["Q2"]}]),
        "rules[0].when.answer.Q1",
        "true or false (got 0)",
    ),
    (
        "rule answer condition with an unknown choice",
        lambda d: d.update(rules=[{"when": {"answer": {"Q3": "z"}}, "not_applicable": ["Q2"]}]),
        "rules[0].when.answer.Q3",
        'one of: a, b (got "z")',
    ),
    (
        "rule answer condition unanswered",
        lambda d: d.update(rules=[{"when": {"answer": {"Q3": None}}, "not_applicable": ["Q2"]}]),
        "rules[0].when.answer.Q3",
        "one of: a, b (an unanswered value matches no answer)",
    ),
    (
        "rule unknown condition",
        lambda d: d.update(rules=[{"when": {"population_gt": 3}, "not_applicable": ["Q2"]}]),
        "rules[0].when.population_gt",
        'unknown field "population_gt" (did you mean "population_gte"? Free extensions start with "x-")',
    ),
    (
        "rule kind_in with an unknown kind",
        lambda d: d.update(rules=[{"when": {"kind_in": ["commune", "city"]}, "not_applicable": ["Q2"]}]),
        "rules[0].when.kind_in[1]",
        'one of: commune, epci, departement, region, other (got "city")',
    ),
    (
        "rule size_class_in with an unknown class",
        lambda d: d.update(rules=[{"when": {"size_class_in": ["XL"]}, "not_applicable": ["Q2"]}]),
        "rules[0].when.size_class_in[0]",
        'an existing size class code ("XL" is not in this referential; did you mean "L"?)',
    ),
    (
        "negative scale factor",
        lambda d: d.update(rules=[{"scale": {"Q1": Decimal("-0.5")}}]),
        "rules[0].scale.Q1",
        "a number >= 0 (got -0.5)",
    ),
    (
        "no levels",
        lambda d: d.update(levels=[]),
        "levels",
        "a non-empty list",
    ),
    (
        "levels not ascending",
        lambda d: d.update(levels=[{"level": 2}, {"level": 2}]),
        "levels[1].level",
        "a level above the previous one (2)",
    ),
    (
        "level 0",
        lambda d: d.update(levels=[{"level": 0}]),
        "levels[0].level",
        "a whole number >= 1 (got 0)",
    ),
    (
        "threshold above 100",
        lambda d: d.update(levels=[{"level": 1, "min_global": 101}]),
        "levels[0].min_global",
        "a number <= 100 (got 101)",
    ),
    (
        "level requiring an unknown question",
        lambda d: d.update(levels=[{"level": 1, "requires": ["Q1", "Q5"]}]),
        "levels[0].requires[1]",
        'an existing question code ("Q5" is not in this referential)',
    ),
    (
        "duplicate mention",
        lambda d: d.update(mentions=[{"code": "m", "label": text("M")}, {"code": "m", "label": text("N")}]),
        "mentions[1].code",
        'a unique mention code ("m" is also mentions[0])',
    ),
    (
        "duplicate axis code",
        lambda d: d["axes"][1].update(code="A"),
        "axes[1].code",
        'a unique axis code ("A" is also axes[0])',
    ),
    (
        "link that is not http",
        lambda d: q(d, 0).update(links=[{"url": "ftp://example.org/x", "label": text("Loi")}]),
        "axes[0].questions[0].links[0].url",
        'an http(s) URL (got "ftp://example.org/x")',
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "expected"), [case[1:] for case in MALFORMED], ids=[c[0] for c in MALFORMED]
)
def test_malformed_referential_names_path_and_expectation(mutate, path, expected):
    error = error_of(changed(mutate))
    assert (error.source, error.path, error.expected) == ("ref.yaml", path, expected)
    assert str(error) == f"ref.yaml: {path}: {expected}"


def test_root_that_is_not_a_mapping():
    error = error_of([1, 2])
    assert str(error) == "ref.yaml: (root): a mapping of fields (format, code, title, axes, levels…), got [1, 2]"


def test_several_errors_are_all_listed_in_file_order_and_str_shows_the_first():
    doc = minimal_doc()
    q(doc, 0).update(points=-1, kind="bool")
    doc["title"] = {"en": "x"}
    error = error_of(doc)
    assert error.errors == [
        ("title.fr", "missing: every text needs its French version (fr)"),
        ("axes[0].questions[0].kind", 'one of: yes_no, single, multi, number, percent, url, file, text (got "bool")'),
        ("axes[0].questions[0].points", "a number >= 0 (got -1)"),
    ]
    assert str(error) == "ref.yaml: title.fr: missing: every text needs its French version (fr)"
    assert error.describe().splitlines()[2] == "ref.yaml: axes[0].questions[0].points: a number >= 0 (got -1)"


# --- Parsing ---------------------------------------------------------------------------------


def test_yaml_syntax_error_names_line_and_column():
    with pytest.raises(FormatError) as info:
        parse_text("format: tnl-referential/1\ncode: [a, b\ntitle: x\n", "ref.yaml")
    assert info.value.path == ""
    assert info.value.expected.startswith("YAML syntax error at line 3, column 6: ")


def test_yaml_duplicate_key_is_an_error():
    with pytest.raises(FormatError) as info:
        parse_text("points: 1\npoints: 2\n", "ref.yaml")
    assert str(info.value) == 'ref.yaml: (root): YAML syntax error at line 2, column 1: duplicate key "points"'


def test_json_syntax_error_names_line_and_column():
    with pytest.raises(FormatError) as info:
        parse_text('{\n  "format": "tnl-dossier/1",\n}', "d.json")
    assert (
        str(info.value)
        == "d.json: (root): JSON syntax error at line 3, column 1: Expecting property name enclosed in double quotes"
    )


def test_json_duplicate_key_and_nan_are_errors():
    with pytest.raises(FormatError) as info:
        parse_text('{"a": 1, "a": 2}', "d.json")
    assert info.value.expected == 'JSON with unique keys ("a" appears twice in one object)'
    with pytest.raises(FormatError) as info:
        parse_text('{"a": NaN}', "d.json")
    assert info.value.expected == "plain numbers only, not NaN"


def test_yaml_infinity_is_refused():
    with pytest.raises(FormatError) as info:
        parse_text("points: .inf\n", "ref.yaml")
    assert info.value.expected == "YAML syntax error at line 1, column 9: plain numbers only, not .inf"


def test_empty_and_non_utf8_files():
    with pytest.raises(FormatError) as info:
        parse_text("  \n", "ref.yaml")
    assert info.value.expected == "a JSON or YAML document, not an empty file"
    with pytest.raises(FormatError) as info:
        parse_text(b"code: \xff\n", "ref.yaml")
    assert info.value.expected == "UTF-8 text (invalid byte at offset 6)"


def test_numbers_are_int_or_decimal_never_float():
    assert parse_text('{"a": 0.1, "b": 3, "c": 1e2}', "d.json") == {"a": Decimal("0.1"), "b": 3, "c": Decimal("1e2")}
    parsed = parse_text("a: 0.1\nb: 3\nc: 1000.25\nd: -.5\ne: 1e5\nf: 2.5E-1\n", "r.yaml")
    assert parsed == {
        "a": Decimal("0.1"),
        "b": 3,
        "c": Decimal("1000.25"),
        "d": Decimal("-0.5"),
        "e": Decimal("1e5"),
        "f": Decimal("0.25"),
    }
    assert [type(value) for value in parsed.values()] == [int if v == "b" else Decimal for v in "abcdef"]


def test_yaml_keeps_yes_no_and_dates_as_text():
    assert parse_text("a: no\nb: yes\nc: true\nd: 2026-01-31\ne: False\n", "r.yaml") == {
        "a": "no",
        "b": "yes",
        "c": True,
        "d": "2026-01-31",
        "e": False,
    }


def test_yaml_flow_mapping_starting_with_a_brace_is_read_as_yaml():
    assert parse_text("{a: 1, b: [x]}", "r.yaml") == {"a": 1, "b": ["x"]}


def test_non_text_keys_are_refused():
    error = error_of({**minimal_doc(), 5: "x"})
    assert (error.path, error.expected) == ("5", "a text key, not 5")


# --- Normalisation ---------------------------------------------------------------------------


def test_defaults_are_filled_in_and_numbers_normalised():
    doc = minimal_doc()
    q(doc, 0)["points"] = Decimal("10.0")
    q(doc, 1)["brackets"][0]["points"] = Decimal("2.50")
    result = validate_referential(doc, "ref.yaml")
    assert result["size_classes"] == [
        {"code": "XS", "max_population": 3499},
        {"code": "S", "max_population": 19999},
        {"code": "M", "max_population": 99999},
        {"code": "L"},
    ]
    assert result["rules"] == [] and result["mentions"] == []
    assert result["levels"] == [{"level": 1, "min_global": 0, "min_each_axis": 0, "requires": []}]
    first = result["axes"][0]["questions"][0]
    assert (first["evidence"], first["badge"], first["points"], type(first["points"])) == ("none", False, 10, int)
    assert result["axes"][0]["questions"][1]["brackets"][0]["points"] == Decimal("2.5")
    assert list(result) == ["format", "code", "title", "size_classes", "axes", "rules", "levels", "mentions"]


def test_validation_does_not_change_its_input():
    doc = minimal_doc()
    validate_referential(doc, "ref.yaml")
    assert doc == minimal_doc()


def test_extensions_and_optional_texts_are_accepted_everywhere():
    doc = minimal_doc()
    doc.update({"x-edition": 2026, "description": text("Desc")})
    doc["axes"][0].update({"x-color": "#123456", "description": text("Axe")})
    q(doc, 0).update(
        {
            "x-id": 1,
            "help": text("Aide"),
            "expected_evidence": text("La délibération"),
            "links": [{"url": "https://www.legifrance.gouv.fr/", "label": text("Loi"), "x-note": "n"}],
        }
    )
    q(doc, 2)["choices"][0].update({"help": text("Aide"), "x-old": "A"})
    q(doc, 1)["brackets"][0]["x-why"] = "seuil"
    doc["levels"][0].update({"label": text("Bronze"), "x-color": "bronze"})
    doc["rules"] = [{"when": {"x-note": "n"}, "not_applicable": ["Q1"], "x-why": "w"}]
    doc["mentions"] = [{"code": "m", "label": text("M"), "description": text("D"), "x-a": None}]
    doc["size_classes"] = [{"code": "S", "max_population": 100, "label": text("Petites"), "x-a": 1}, {"code": "L"}]
    result = validate_referential(doc, "ref.yaml")
    assert result["x-edition"] == 2026
    assert result["axes"][0]["questions"][0]["links"][0]["x-note"] == "n"
    assert load_referential(dump_referential(result), "r.yaml") == result
    assert load_referential(dump_referential(result, "json"), "r.json") == result


# --- Writing ---------------------------------------------------------------------------------


def small():
    return load_referential((FIXTURES / "small.yaml").read_bytes(), "small.yaml")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_then_load_gives_the_same_referential(fmt):
    doc = small()
    assert load_referential(dump_referential(doc, fmt), f"small.{fmt}") == doc


def test_dump_is_stable_and_canonical():
    doc = small()
    shuffled = dict(reversed(list(doc.items())))
    assert dump_referential(shuffled) == dump_referential(doc)
    assert dump_referential(doc).splitlines()[:4] == [
        "format: tnl-referential/1",
        "code: tnl-test",
        "title: {fr: Référentiel de test, en: Test referential}",
        "size_classes:",
    ]
    assert list(json.loads(dump_referential(doc, "json"))) == [
        "format", "code", "title", "size_classes", "axes", "rules", "levels", "mentions",
    ]  # fmt: skip


def test_decimals_are_written_as_plain_numbers():
    yaml_text = dump_referential(small())
    assert "{min: 50, points: 7.5}" in yaml_text
    assert "scale: {DON-03: 0.5}" in yaml_text
    json_text = dump_referential(small(), "json")
    assert '"points": 7.5' in json_text
    assert '"DON-03": 0.5' in json_text
    assert "Décrivez votre démarche" in json_text


def test_multiline_and_tricky_texts_survive_a_round_trip():
    doc = minimal_doc()
    q(doc, 0)["text"] = {"fr": "Ligne 1\nLigne 2: « oui »\n", "en": "yes"}
    q(doc, 2)["choices"][0]["code"] = "no"
    q(doc, 2)["choices"][1]["code"] = "1e5"
    q(doc, 2)["choices"].append(choice("2.5", 1))
    doc = validate_referential(doc, "r")
    assert load_referential(dump_referential(doc), "r.yaml") == doc


# --- Dossiers --------------------------------------------------------------------------------


def dossier(answers, **territory):
    return {
        "format": "tnl-dossier/1",
        "referential": "tnl-test",
        "territory": {"kind": "commune", "population": 1000, **territory},
        "answers": answers,
    }


def dossier_error(doc):
    with pytest.raises(FormatError) as info:
        validate_dossier(doc, small(), "d.json")
    return info.value


def test_fixture_dossier_is_valid_and_normalised():
    result = load_dossier((FIXTURES / "nancy.json").read_bytes(), small(), "nancy.json")
    assert result["answers"]["DON-04"] == {"value": 50, "evidence": []}
    assert result["answers"]["COM-11"] == {"value": "Nous avons migré nos postes.", "evidence": [], "comment": "draft"}
    assert result["territory"]["competences_missing"] == ["schools"]


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("STR-01", 1, "true or false (got 1)"),
        ("STR-01", "true", 'true or false (got "true")'),
        ("STR-02", "maybe", 'one of: none, elected, technical, both (got "maybe")'),
        (
            "STR-04",
            ["cost", "cost"],
            'a list of distinct codes among: sovereignty, cost, security ("cost" is given twice)',
        ),
        ("STR-04", ["cost", "fun"], 'a list of distinct codes among: sovereignty, cost, security (unknown code "fun")'),
        ("STR-04", "cost", 'a list of distinct codes among: sovereignty, cost, security (got "cost")'),
        ("DON-03", -1, "a number >= 0 (got -1)"),
        ("DON-03", "12", 'a number >= 0 (got "12")'),
        ("DON-03", True, "a number >= 0 (got true)"),
        ("DON-04", Decimal("100.5"), "a percent between 0 and 100 (got 100.5)"),
        ("COM-10", "example.org", 'an http(s) URL (got "example.org")'),
        ("COM-10", "https://", 'an http(s) URL (got "https://")'),
        ("COM-11", 12, "a text (a string) (got 12)"),
        ("COM-12", [1], "a file reference (a string) or a list of them (got [1])"),
    ],
)
def test_malformed_answer_names_the_question_and_what_it_accepts(code, value, expected):
    error = dossier_error(dossier({code: {"value": value}}))
    assert (error.path, error.expected) == (f"answers.{code}.value", expected)


def test_answer_to_an_unknown_question():
    error = dossier_error(dossier({"STR-99": {"value": True}}))
    assert (error.path, error.expected) == (
        "answers.STR-99",
        'an existing question code ("STR-99" is not in this referential; did you mean "STR-04"?)',
    )


def test_dossier_for_another_referential_is_refused():
    error = dossier_error({**dossier({}), "referential": "tnl-2025"})
    assert str(error) == (
        'd.json: referential: the code of the referential used to score it: this dossier answers "tnl-2025", '
        'the referential is "tnl-test"'
    )


@pytest.mark.parametrize(
    ("change", "path", "expected"),
    [
        ({"answers": {"STR-01": {"value": True, "evidences": []}}}, "answers.STR-01.evidences",
         'unknown field "evidences" (did you mean "evidence"? Free extensions start with "x-")'),
        ({"answers": {"STR-01": {"value": True, "evidence": "https://e.org"}}}, "answers.STR-01.evidence",
         'a list (got "https://e.org")'),
        ({"territory": {"kind": "city", "population": 3}}, "territory.kind",
         'one of: commune, epci, departement, region, other (got "city")'),
        ({"territory": {"kind": "commune", "population": -3}}, "territory.population", "a whole number >= 0 (got -3)"),
        ({"territory": {"kind": "commune"}}, "territory.population", "missing (required)"),
        ({"territory": "Nancy"}, "territory", 'a territory, such as {"kind": "commune", "population": 1200} (got "Nancy")'),
        ({"answers": {"STR-01": True}}, "answers.STR-01", 'an answer, such as {"value": …, "evidence": ["…"]} (got true)'),
        ({"answers": {"a b": {}}}, 'answers["a b"]', "a code: letters, digits, '.', '_' or '-', starting with a letter or a digit"),
        ({"format": "tnl-referential/1"}, "format", '"tnl-dossier/1" (this looks like a referential) (got "tnl-referential/1")'),
    ],
)  # fmt: skip
def test_malformed_dossier_structure(change, path, expected):
    error = dossier_error({**dossier({}), **change})
    assert (error.path, error.expected) == (path, expected)


def test_unanswered_forms_and_extensions_are_accepted():
    doc = dossier(
        {
            "STR-01": {"value": None, "evidence": ["file:12"], "x-autosaved": "2026-02-01"},
            "STR-02": {"value": ""},
            "STR-04": {"value": []},
            "COM-10": {"evidence": []},
        },
        **{"x-siren": "123"},
    )
    result = validate_dossier(doc, small(), "d.json")
    assert result["answers"]["COM-10"] == {"value": None, "evidence": []}
    assert result["territory"]["x-siren"] == "123"


# --- check_value, the single judge of an answer ------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("yes_no", True), ("yes_no", False), ("number", 0), ("number", Decimal("2.5")), ("percent", 100),
        ("percent", 0), ("url", "https://example.org"), ("url", "HTTP://example.org:8080/a?b#c"),
        ("file", "dossier/12.pdf"), ("file", ["a.pdf", "b.pdf"]), ("text", "x"), ("text", None), ("number", ""),
        ("single", "a"), ("multi", ["b", "a"]), ("multi", []),
    ],
)  # fmt: skip
def test_check_value_accepts(kind, value):
    check_value(question("Q", kind, choices=[choice("a", 1), choice("b", 1)]), value)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("yes_no", 0), ("yes_no", 1), ("yes_no", "false"), ("number", False), ("number", 1.5), ("number", "3"),
        ("number", Decimal("-0.1")), ("number", Decimal("NaN")), ("percent", Decimal("100.01")), ("percent", -1),
        ("url", "ftp://example.org"), ("url", "https:///path"), ("url", "https://exa mple.org"),
        ("url", "http://[::1"), ("file", ["a.pdf", ""]), ("file", 3), ("text", ["a"]), ("single", "c"),
        ("single", ["a"]), ("multi", ["a", "a"]), ("multi", [1]),
    ],
)  # fmt: skip
def test_check_value_refuses(kind, value):
    with pytest.raises(ValueError):
        check_value(question("Q", kind, choices=[choice("a", 1), choice("b", 1)]), value)


# --- The shipped JSON Schemas --------------------------------------------------------------


@pytest.mark.parametrize("name", ["referential", "dossier"])
def test_shipped_schemas_are_valid_draft_2020_12(name):
    Draft202012Validator.check_schema(load_schema(name))


def test_an_outsider_can_validate_our_files_with_the_schemas_alone():
    exported = json.loads(dump_referential(small(), "json"))  # plain json: floats, as anyone reads it
    assert list(Draft202012Validator(load_schema("referential")).iter_errors(exported)) == []
    dossier_doc = json.loads((FIXTURES / "nancy.json").read_text())
    assert list(Draft202012Validator(load_schema("dossier")).iter_errors(dossier_doc)) == []
