"""Properties of the format and the engine over generated referentials and dossiers."""

import copy
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tnl.referentials.answers import KINDS
from tnl.referentials.engine import compile_referential, score
from tnl.referentials.format import dump_referential, load_referential, validate_referential

# How many examples: the "dev" or "ci" profile of tests/conftest.py (fewer locally than in CI).
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
BODY_KINDS = ["commune", "epci", "departement", "region", "other"]
COMPETENCES = ["schools", "water", "roads"]

halves = st.integers(0, 40).map(lambda n: Decimal(n) / 2)
# Any text a person may type, including quotes, colons, line breaks and non-Latin scripts.
texts = st.text(min_size=1, max_size=12)


def lang_map():
    return st.builds(lambda fr, en: {"fr": fr} if en is None else {"fr": fr, "en": en}, texts, st.none() | texts)


def share_of(points):
    """Points for a choice or a bracket: a quarter step of the question's points, so never above."""
    return st.integers(0, 4).map(lambda k: points * k / 4)


@st.composite
def bracket_lists(draw, points, kind):
    top = 100 if kind == "percent" else 300
    mins = draw(st.lists(st.integers(0, top), min_size=1, max_size=4, unique=True))
    return [{"min": minimum, "points": draw(share_of(points))} for minimum in mins]


@st.composite
def questions(draw, code, class_codes):
    kind = draw(st.sampled_from(KINDS))
    points = draw(halves)
    item = {"code": code, "text": draw(lang_map()), "kind": kind, "points": points}
    if draw(st.booleans()):
        item["evidence"] = draw(st.sampled_from(["none", "optional", "required"]))
    if draw(st.booleans()):
        item["badge"] = draw(st.booleans())
    if kind in ("single", "multi"):
        count = draw(st.integers(1, 4))
        item["choices"] = [
            {
                "code": f"c{index}",
                "label": draw(lang_map()),
                # a multi may tick choices worth more than its points: the cap is then exercised
                "points": draw(share_of(points) if kind == "single" else halves),
            }
            for index in range(count)
        ]
    if kind in ("number", "percent"):
        if draw(st.booleans()):
            item["brackets"] = draw(bracket_lists(points, kind))
        else:
            keys = draw(st.lists(st.sampled_from(class_codes), unique=True))
            if draw(st.booleans()) or len(keys) < len(class_codes):
                keys.append("default")
            item["brackets"] = {key: draw(bracket_lists(points, kind)) for key in keys}
    if draw(st.booleans()):
        item["x-note"] = draw(texts)
    return item


size_class_lists = st.lists(st.integers(0, 200000), min_size=1, max_size=3, unique=True).map(
    lambda bounds: [{"code": f"C{i}", "max_population": b} for i, b in enumerate(sorted(bounds))] + [{"code": "Z"}]
)
factors = st.sampled_from([Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal(1), Decimal("1.5"), Decimal(2)])


@st.composite
def rules(draw, items, class_codes, answer_conditions):
    codes = [item["code"] for item in items]
    optional = {
        "population_lt": st.integers(0, 200000),
        "population_gte": st.integers(0, 200000),
        "kind_in": st.lists(st.sampled_from(BODY_KINDS), min_size=1, max_size=3, unique=True),
        "size_class_in": st.lists(st.sampled_from(class_codes), min_size=1, max_size=2, unique=True),
        "competence_missing": st.sampled_from(COMPETENCES),
    }
    if answer_conditions:
        optional["answer"] = st.sampled_from(items).flatmap(
            lambda item: st.fixed_dictionaries({item["code"]: value_for(item, answered=True)})
        )
    rule = {}
    if draw(st.booleans()):
        rule["when"] = draw(st.fixed_dictionaries({}, optional=optional))
    effect = draw(st.sampled_from(["not_applicable", "scale", "both"]))
    if effect != "scale":
        rule["not_applicable"] = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2, unique=True))
    if effect != "not_applicable":
        rule["scale"] = draw(st.dictionaries(st.sampled_from(codes), factors, min_size=1, max_size=2))
    return rule


@st.composite
def referentials(draw, answer_conditions=True):
    """A valid referential document, validated (so normalised) by the code under test."""
    sizes = draw(st.none() | size_class_lists)
    class_codes = [item["code"] for item in sizes] if sizes else ["XS", "S", "M", "L"]
    axes, number = [], 0
    for axis_index in range(draw(st.integers(1, 3))):
        items = []
        for _ in range(draw(st.integers(0, 4))):
            number += 1
            items.append(draw(questions(f"Q{number}", class_codes)))
        axes.append({"code": f"A{axis_index}", "title": draw(lang_map()), "questions": items})
    items = [item for axis in axes for item in axis["questions"]]
    codes = [item["code"] for item in items]
    thresholds = st.integers(0, 200).map(lambda n: Decimal(n) / 2)
    levels = [
        {
            "level": level,
            "min_global": draw(thresholds),
            "min_each_axis": draw(thresholds),
            "requires": draw(st.lists(st.sampled_from(codes), max_size=2, unique=True)) if codes else [],
        }
        for level in sorted(draw(st.lists(st.integers(1, 6), min_size=1, max_size=4, unique=True)))
    ]
    for level in levels:
        if draw(st.booleans()):
            level["label"] = draw(lang_map())
    doc = {
        "format": "tnl-referential/1",
        "code": "gen-1",
        "title": draw(lang_map()),
        "axes": axes,
        "rules": draw(st.lists(rules(items, class_codes, answer_conditions), max_size=3)) if codes else [],
        "levels": levels,
        "mentions": [{"code": "m1", "label": draw(lang_map())}] if draw(st.booleans()) else [],
    }
    if sizes:
        doc["size_classes"] = sizes
    return validate_referential(doc, "generated")


def value_for(item, answered=False):
    kind = item["kind"]
    if kind == "yes_no":
        valid = st.booleans()
    elif kind == "single":
        valid = st.sampled_from([choice["code"] for choice in item["choices"]])
    elif kind == "multi":
        valid = st.lists(st.sampled_from([choice["code"] for choice in item["choices"]]), min_size=1, unique=True)
    elif kind == "number":
        valid = st.integers(0, 400) | halves
    elif kind == "percent":
        valid = st.integers(0, 100) | halves.map(lambda value: value * 5 / 2)
    elif kind == "url":
        valid = st.sampled_from(["https://example.org/a", "http://example.net"])
    elif kind == "file":
        valid = st.sampled_from(["a.pdf", ["a.pdf", "b.odt"]])
    else:
        valid = texts
    return valid if answered else st.sampled_from([None, "", []]) | valid


@st.composite
def answers_for(draw, doc):
    answers = {}
    for axis in doc["axes"]:
        for item in axis["questions"]:
            if draw(st.booleans()):
                evidence = draw(st.lists(st.just("https://example.org/proof"), max_size=1))
                answers[item["code"]] = {"value": draw(value_for(item)), "evidence": evidence}
    return answers


territories = st.builds(
    lambda kind, population, missing: {"kind": kind, "population": population, "competences_missing": missing},
    st.sampled_from(BODY_KINDS),
    st.integers(0, 300000),
    st.lists(st.sampled_from(COMPETENCES), unique=True),
)


@st.composite
def scored_cases(draw, answer_conditions=True):
    doc = draw(referentials(answer_conditions))
    return doc, draw(territories), draw(answers_for(doc))


def all_codes(doc):
    return [item["code"] for axis in doc["axes"] for item in axis["questions"]]


@SETTINGS
@given(data=st.data())
def test_more_raw_points_never_lower_the_level(data):
    # With `answer:` conditions a better answer may switch a rule on or off, so none here.
    doc, territory, answers = data.draw(scored_cases(answer_conditions=False))
    codes = all_codes(doc)
    if not codes:
        return
    code = data.draw(st.sampled_from(codes))
    item = next(q for axis in doc["axes"] for q in axis["questions"] if q["code"] == code)
    other = {
        **answers,
        code: {"value": data.draw(value_for(item)), "evidence": answers.get(code, {}).get("evidence", [])},
    }
    ref = compile_referential(doc)
    first, second = score(ref, territory, answers), score(ref, territory, other)
    if first.questions[code].raw_points > second.questions[code].raw_points:
        first, second = second, first
    assert first.level <= second.level
    assert first.global_percent <= second.global_percent
    if first.questions[code].raw_points == second.questions[code].raw_points:
        assert first.level == second.level


@SETTINGS
@given(data=st.data())
def test_a_zero_point_question_made_not_applicable_lowers_no_percent(data):
    doc, territory, answers = data.draw(scored_cases())
    codes = all_codes(doc)
    if not codes:
        return
    code = data.draw(st.sampled_from(codes))
    answers.pop(code, None)  # unanswered: 0 points
    before = score(compile_referential(doc), territory, answers)
    changed = copy.deepcopy(doc)
    changed["rules"].append({"not_applicable": [code]})
    after = score(compile_referential(validate_referential(changed, "changed")), territory, answers)
    assert after.questions[code].status == "not_applicable"
    assert after.global_percent >= before.global_percent
    for axis, result in after.axes.items():
        assert result.percent >= before.axes[axis].percent
    assert after.level >= before.level


@SETTINGS
@given(doc=referentials(), fmt=st.sampled_from(["yaml", "json"]))
def test_export_then_import_gives_the_same_referential(doc, fmt):
    text = dump_referential(doc, fmt)
    assert load_referential(text, f"exported.{fmt}") == doc
    assert dump_referential(load_referential(text, f"exported.{fmt}"), fmt) == text


@SETTINGS
@given(doc=referentials(), data=st.data())
def test_compiling_once_or_each_time_gives_identical_results(doc, data):
    once = compile_referential(doc)
    for _ in range(3):
        territory, answers = data.draw(territories), data.draw(answers_for(doc))
        assert score(once, territory, answers) == score(compile_referential(doc), territory, answers)
