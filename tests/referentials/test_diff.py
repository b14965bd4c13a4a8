import copy
from decimal import Decimal

from tests.referentials import FIXTURES
from tnl.referentials.diff import Change, diff_referentials, format_change
from tnl.referentials.format import load_referential, validate_referential


def small():
    return load_referential((FIXTURES / "small.yaml").read_bytes(), "small.yaml")


def edited(edit):
    doc = copy.deepcopy(small())
    edit(doc)
    return validate_referential(doc, "edited")


def questions(doc):
    return {q["code"]: q for axis in doc["axes"] for q in axis["questions"]}


def test_identical_referentials_have_no_changes():
    assert diff_referentials(small(), small()) == []


def test_field_changes_of_a_question():
    def edit(doc):
        q = questions(doc)
        q["STR-01"].update(points=20, evidence="optional", badge=False)
        q["STR-01"]["text"]["en"] = "Has the body decided?"
        q["STR-02"]["choices"][1]["points"] = 5
        q["DON-04"]["brackets"][0]["min"] = 10
        q["COM-11"]["kind"] = "url"

    assert diff_referentials(small(), edited(edit)) == [
        Change("changed", "question", "STR-01", "text.en", None, "Has the body decided?"),
        Change("changed", "question", "STR-01", "points", 15, 20),
        Change("changed", "question", "STR-01", "evidence", "required", "optional"),
        Change("changed", "question", "STR-01", "badge", True, False),
        Change(
            "changed",
            "question",
            "STR-02",
            "choices",
            questions(small())["STR-02"]["choices"],
            questions(edited(edit))["STR-02"]["choices"],
        ),
        Change(
            "changed",
            "question",
            "DON-04",
            "brackets",
            questions(small())["DON-04"]["brackets"],
            questions(edited(edit))["DON-04"]["brackets"],
        ),
        Change("changed", "question", "COM-11", "kind", "text", "url"),
    ]


def test_moved_added_and_removed_questions_in_order():
    def edit(doc):
        moved = doc["axes"][0]["questions"].pop(1)  # STR-02 goes to COM
        doc["axes"][2]["questions"].insert(0, moved)
        doc["axes"][1]["questions"].pop(0)  # DON-03 removed
        doc["rules"][1]["scale"] = {"DON-04": Decimal("0.5")}
        doc["axes"][1]["questions"].append(
            {
                "code": "DON-05",
                "text": {"fr": "Portail"},
                "kind": "url",
                "points": 4,
                "evidence": "none",
                "badge": False,
            }
        )

    new = edited(edit)
    changes = diff_referentials(small(), new)
    assert [(c.kind, c.scope, c.code, c.field) for c in changes] == [
        ("added", "question", "DON-05", None),
        ("moved", "question", "STR-02", "axis"),
        ("removed", "question", "DON-03", None),
        ("changed", "rule", 1, "scale"),
    ]
    assert changes[1] == Change("moved", "question", "STR-02", "axis", "STR", "COM")
    assert changes[3].before == {"DON-03": Decimal("0.5")} and changes[3].after == {"DON-04": Decimal("0.5")}
    assert format_change(changes[0], "en") == 'Question DON-05 added (url, 4 points): "Portail"'
    assert format_change(changes[1], "en") == "Question STR-02 moved from axis STR to axis COM"
    assert format_change(changes[2], "en") == "Question DON-03 removed"
    assert format_change(changes[3], "en") == "Rule 2: scale changed from {DON-03: 0.5} to {DON-04: 0.5}"


def test_referential_axes_rules_levels_mentions_and_size_classes():
    def edit(doc):
        doc["code"] = "tnl-test-2"
        doc["title"]["fr"] = "Nouveau titre"
        doc["size_classes"][0]["max_population"] = 1999
        doc["axes"][0]["title"]["en"] = "Strategy and governance"
        doc["rules"].insert(0, {"when": {"kind_in": ["region"]}, "not_applicable": ["DON-03"]})
        doc["levels"][1]["min_global"] = Decimal("32.5")
        doc["levels"].pop(2)
        doc["mentions"].append({"code": "pooling", "label": {"fr": "Mutualisation", "en": "Pooling"}})

    changes = diff_referentials(small(), edited(edit))
    assert changes == [
        Change("changed", "referential", "tnl-test-2", "code", "tnl-test", "tnl-test-2"),
        Change("changed", "referential", "tnl-test-2", "title.fr", "Référentiel de test", "Nouveau titre"),
        Change("changed", "size_class", "XS", "max_population", 3499, 1999),
        Change("changed", "axis", "STR", "title.en", "Strategy", "Strategy and governance"),
        Change("added", "rule", 0, after={"when": {"kind_in": ["region"]}, "not_applicable": ["DON-03"]}),
        Change("changed", "level", 2, "min_global", 30, Decimal("32.5")),
        Change("removed", "level", 3, before=small()["levels"][2]),
        Change(
            "added", "mention", "pooling", after={"code": "pooling", "label": {"fr": "Mutualisation", "en": "Pooling"}}
        ),
    ]
    assert [format_change(change, "en") for change in changes] == [
        'Referential tnl-test-2: code changed from "tnl-test" to "tnl-test-2"',
        'Referential tnl-test-2: title.fr changed from "Référentiel de test" to "Nouveau titre"',
        "Size class XS: max_population changed from 3499 to 1999",
        'Axis STR: title.en changed from "Strategy" to "Strategy and governance"',
        "Rule 1 added",
        "Level 2: min_global changed from 30 to 32.5",
        "Level 3 removed",
        'Mention pooling added: "Pooling"',
    ]
    assert format_change(changes[-1], "fr") == 'Ajout : Mention pooling, "Mutualisation"'


def test_removed_rule_is_named_by_its_old_index():
    changes = diff_referentials(small(), edited(lambda doc: doc["rules"].pop(0)))
    assert changes == [Change("removed", "rule", 0, before=small()["rules"][0])]
    assert format_change(changes[0], "en") == "Rule 1 removed"


def test_added_axis_and_new_optional_fields():
    def edit(doc):
        doc["axes"].append({"code": "INT", "title": {"fr": "Interopérabilité"}, "questions": []})
        question = questions(doc)["COM-10"]
        question["help"] = {"fr": "Un lien"}
        question["x-source"] = "2025"

    new = edited(edit)
    changes = diff_referentials(small(), new)
    assert changes == [
        Change("added", "axis", "INT", after={"code": "INT", "title": {"fr": "Interopérabilité"}, "questions": []}),
        Change("changed", "question", "COM-10", "help.fr", None, "Un lien"),
        Change("changed", "question", "COM-10", "x-source", None, "2025"),
    ]
    assert [format_change(change, "en") for change in changes] == [
        'Axis INT added: "Interopérabilité"',
        'Question COM-10: help.fr set to "Un lien"',
        'Question COM-10: x-source set to "2025"',
    ]


def test_list_fields_are_shown_as_lists():
    change = Change("changed", "level", 3, "requires", ["COM-10"], ["COM-10", "STR-02"])
    assert format_change(change, "en") == "Level 3: requires changed from COM-10 to COM-10, STR-02"
    change = Change("changed", "question", "STR-02", "choices", [{"code": "a"}], [{"code": "b"}])
    assert format_change(change, "en") == "Question STR-02: choices changed"
    change = Change("changed", "question", "STR-02", "help.en", "Old", None)
    assert format_change(change, "en") == 'Question STR-02: help.en removed (was "Old")'
