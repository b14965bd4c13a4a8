"""The canonical form of referential and dossier documents, and their writing.

Known keys in the contract's order, then extensions as given; texts French first; for YAML,
small leaves (a text, a bracket, a choice, a condition) on one line. Same input, same bytes.
"""

from tnl.referentials.textio import _Flow, _FlowList, _write

REFERENTIAL_KEYS = ("format", "code", "title", "description", "size_classes", "axes", "rules", "levels", "mentions")
SIZE_CLASS_KEYS = ("code", "label", "max_population")
AXIS_KEYS = ("code", "title", "description", "questions")
QUESTION_KEYS = (
    "code", "text", "help", "kind", "points", "evidence", "badge", "choices", "brackets", "expected_evidence", "links",
)  # fmt: skip
CHOICE_KEYS = ("code", "label", "help", "points")
BRACKET_KEYS = ("min", "points")
LINK_KEYS = ("url", "label")
RULE_KEYS = ("when", "not_applicable", "scale")
WHEN_KEYS = ("population_lt", "population_gte", "kind_in", "size_class_in", "competence_missing", "answer")
LEVEL_KEYS = ("level", "label", "min_global", "min_each_axis", "requires")
MENTION_KEYS = ("code", "label", "description")
DOSSIER_KEYS = ("format", "referential", "territory", "answers")
TERRITORY_KEYS = ("kind", "code", "name", "population", "competences_missing")
ANSWER_KEYS = ("value", "evidence", "comment")
_TEXT_FIELDS = frozenset({"title", "description", "text", "help", "expected_evidence", "label"})


def _ordered(mapping, keys, leaf=dict):
    """Known keys in canonical order, then the others (extensions) as given; texts fr first."""
    result = {key: mapping[key] for key in keys if key in mapping}
    result.update((key, value) for key, value in mapping.items() if key not in result)
    for key in _TEXT_FIELDS.intersection(result):
        if isinstance(result[key], dict):
            result[key] = leaf(_ordered(result[key], ("fr", "en")))
    return result


def canonical_referential(doc, written=None):
    """The referential with every mapping's keys in canonical order. With written="json" or
    "yaml", as it is written: defaults left implicit, and for YAML small leaves on one line."""
    leaf, leaves = (_Flow, _FlowList) if written == "yaml" else (dict, list)

    def ordered(mapping, keys, one_line=False):
        result = _ordered(mapping, keys, leaf)
        return leaf(result) if one_line else result

    def bracket_list(items):
        return leaves(ordered(item, BRACKET_KEYS, True) for item in items)

    result = ordered(doc, REFERENTIAL_KEYS)
    result["size_classes"] = [ordered(item, SIZE_CLASS_KEYS, True) for item in doc["size_classes"]]
    result["axes"] = [ordered(axis, AXIS_KEYS) for axis in doc["axes"]]
    for axis in result["axes"]:
        axis["questions"] = [ordered(question, QUESTION_KEYS) for question in axis["questions"]]
        for question in axis["questions"]:
            if written and question.get("evidence") == "none":
                del question["evidence"]
            if written and question.get("badge") is False:
                del question["badge"]
            if "choices" in question:
                question["choices"] = [ordered(choice, CHOICE_KEYS, True) for choice in question["choices"]]
            brackets = question.get("brackets")
            if isinstance(brackets, list):
                question["brackets"] = bracket_list(brackets)
            elif brackets is not None:
                keys = (*(item["code"] for item in doc["size_classes"]), "default")
                question["brackets"] = {key: bracket_list(items) for key, items in _ordered(brackets, keys).items()}
            if "links" in question:
                question["links"] = [ordered(link, LINK_KEYS, True) for link in question["links"]]
    result["rules"] = [ordered(rule, RULE_KEYS) for rule in doc.get("rules", ())]
    for rule in result["rules"]:
        for key, kind in (("when", leaf), ("scale", leaf), ("not_applicable", leaves)):
            if key in rule:
                rule[key] = kind(_ordered(rule[key], WHEN_KEYS) if key == "when" else rule[key])
    result["levels"] = [ordered(level, LEVEL_KEYS) for level in doc["levels"]]
    for level in result["levels"]:
        if written and level.get("requires") == []:
            del level["requires"]
        elif "requires" in level:
            level["requires"] = leaves(level["requires"])
    result["mentions"] = [ordered(mention, MENTION_KEYS) for mention in doc.get("mentions", ())]
    return result


def ordered_dossier(doc, question_codes):
    """A dossier with its keys in canonical order and its answers in the referential's order."""
    order = {code: index for index, code in enumerate(question_codes)}
    answers = {code: _ordered(doc["answers"][code], ANSWER_KEYS) for code in sorted(doc["answers"], key=order.get)}
    result = _ordered(doc, DOSSIER_KEYS)
    result["territory"] = _ordered(doc["territory"], TERRITORY_KEYS)
    result["answers"] = answers
    return result


def dump_referential(doc, fmt="yaml"):
    """A validated referential as canonical YAML or JSON text (stable: same input, same bytes)."""
    return _write(canonical_referential(doc, written=fmt), fmt)


def dump_dossier(doc):
    """A validated dossier as JSON text."""
    return _write(doc, "json")
