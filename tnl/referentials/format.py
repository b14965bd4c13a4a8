"""Referential and dossier files: reading, validation and canonical writing.

The contract is docs/referential-format.md (formats tnl-referential/1 and
tnl-dossier/1). Validation is all or nothing: a document either comes back whole and
normalised (defaults filled in, numbers as int or Decimal, never float) or a FormatError
names the file, the field path and what was expected (in the active language).

Reading and writing the JSON/YAML text is in tnl.referentials.textio, FormatError in
tnl.referentials.errors; both are re-exported here, the module the rest of the code imports.
"""

import copy
import json
import re
from decimal import Decimal
from difflib import get_close_matches
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from jsonschema import Draft202012Validator, validators

from tnl.referentials.answers import (
    KINDS_WITH_BRACKETS,
    KINDS_WITH_CHOICES,
    accepts,
    check_value,
    is_http_url,
    is_number,
    is_unanswered,
    shown,
)
from tnl.referentials.errors import FormatError, format_path
from tnl.referentials.textio import _Flow, _FlowList, _write, decimal_text, parse_text, to_json

__all__ = [  # the public names, including those defined in errors and textio
    "DOSSIER_FORMAT",
    "REFERENTIAL_FORMAT",
    "FormatError",
    "canonical_referential",
    "decimal_text",
    "dump_dossier",
    "dump_referential",
    "format_path",
    "iter_questions",
    "load_dossier",
    "load_referential",
    "load_schema",
    "parse_text",
    "to_json",
    "validate_dossier",
    "validate_referential",
]

REFERENTIAL_FORMAT = "tnl-referential/1"
DOSSIER_FORMAT = "tnl-dossier/1"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
DEFAULT_SIZE_CLASSES = (
    {"code": "XS", "max_population": 3499},
    {"code": "S", "max_population": 19999},
    {"code": "M", "max_population": 99999},
    {"code": "L"},
)
# Beyond this, turning a number into an int or a Fraction costs unbounded time and memory.
MAX_DIGITS = 30


def _raise(source, errors):
    """Raise FormatError if there are errors ((parts, expected) pairs; the first is the main one)."""
    unique = list(dict.fromkeys((format_path(parts), expected) for parts, expected in errors))
    if unique:
        raise FormatError.from_errors(source, unique)


def _plain(value, parts=(), errors=None):
    """A deep copy made of dict/list/str/int/Decimal/bool/None, numbers normalised (int when
    integral); anything else (non-string keys, dates, sets, huge numbers) is reported."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                errors.append(([*parts, str(key)], _("a text key, not %(key)s") % {"key": shown(key)}))
                continue
            result[key] = _plain(item, (*parts, key), errors)
        return result
    if isinstance(value, list | tuple):
        return [_plain(item, (*parts, index), errors) for index, item in enumerate(value)]
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, float):
        # Only reached for documents built in Python; repr is the shortest exact spelling.
        value = Decimal(repr(value))
    if isinstance(value, int | Decimal):
        if not is_number(value) or (value != 0 and not -MAX_DIGITS <= Decimal(value).adjusted() < MAX_DIGITS):
            errors.append((list(parts), _("a finite number of at most %(digits)s digits") % {"digits": MAX_DIGITS}))
            return value
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else value.normalize()
        return value
    expected = _("a JSON value (text, number, true/false, null, list or mapping), not %(value)s")
    errors.append((list(parts), expected % {"value": shown(value)}))
    return value


# --- Schema validation ------------------------------------------------------------------


def _is_integer(checker, instance):
    if isinstance(instance, bool):
        return False
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return isinstance(instance, int)


_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@cache
def load_schema(name):
    """The shipped JSON Schema, "referential" or "dossier"."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(name):
    return _Validator(load_schema(name))


# Phrases marked for translation here, translated when an error is explained.
_TYPE_PHRASES = {
    "string": gettext_noop("a text (a string)"),
    "integer": gettext_noop("a whole number"),
    "number": gettext_noop("a number"),
    "boolean": gettext_noop("true or false"),
    "array": gettext_noop("a list"),
    "object": gettext_noop("a mapping of fields"),
}
_CODE_PHRASE = gettext_noop("a code: letters, digits, '.', '_' or '-', starting with a letter or a digit")
_PATTERN_PHRASES = {
    "^[A-Za-z0-9][A-Za-z0-9._-]*$": _CODE_PHRASE,
    "^[a-z]{2}$": gettext_noop("a two-letter lowercase language code such as fr or en"),
}
_URL_PHRASE = gettext_noop("an http(s) URL")
_BRACKETS_PHRASE = gettext_noop(
    "a list of brackets, or a mapping from size class codes (or default) to lists of brackets"
)
_LIMIT_PHRASES = {
    ("integer", "minimum"): gettext_noop("a whole number >= %(limit)s"),
    ("integer", "maximum"): gettext_noop("a whole number <= %(limit)s"),
    ("number", "minimum"): gettext_noop("a number >= %(limit)s"),
    ("number", "maximum"): gettext_noop("a number <= %(limit)s"),
}
_CONST_PHRASES = {
    DOSSIER_FORMAT: gettext_noop('"%(format)s" (this looks like a dossier) (got %(value)s)'),
    REFERENTIAL_FORMAT: gettext_noop('"%(format)s" (this looks like a referential) (got %(value)s)'),
}
_DEF_PHRASES = {
    "text": gettext_noop('a text by language, such as {fr: "…", en: "…"}'),
    "answer": gettext_noop('an answer, such as {"value": …, "evidence": ["…"]}'),
    "territory": gettext_noop('a territory, such as {"kind": "commune", "population": 1200}'),
}


def _got(expected, value):
    """What was expected (already translated) and the value found (already shown): 'a number (got "x")'."""
    return _("%(expected)s (got %(value)s)") % {"expected": expected, "value": value}


def _explain(error, defs):
    """(parts, expected) pairs for one jsonschema error, in the platform's words."""
    parts = list(error.absolute_path)
    schema, instance, kind = error.schema, error.instance, error.validator
    is_text = schema is defs.get("text")
    phrase = next((text for name, text in _DEF_PHRASES.items() if schema is defs.get(name)), None)
    if kind == "required":
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                if is_text:
                    yield [*parts, name], _("missing: every text needs its French version (fr)")
                else:
                    yield [*parts, name], _("missing (required)")
    elif kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        for name in instance:
            if name in known or any(re.search(pattern, name) for pattern in patterns):
                continue
            close = get_close_matches(name, known, n=1, cutoff=0.6)
            if close:
                expected = _('unknown field "%(name)s" (did you mean "%(close)s"? Free extensions start with "x-")')
            else:
                expected = _('unknown field "%(name)s" (expected one of: %(known)s; free extensions start with "x-")')
            yield (
                [*parts, name],
                expected % {"name": name, "close": close[0] if close else "", "known": ", ".join(known)},
            )
    elif kind == "type":
        if phrase:
            yield parts, _got(_(phrase), shown(instance))
        elif isinstance(error.validator_value, list):
            yield parts, _got(_(_BRACKETS_PHRASE), shown(instance))
        else:
            type_phrase = _TYPE_PHRASES.get(error.validator_value)
            yield parts, _got(_(type_phrase) if type_phrase else str(error.validator_value), shown(instance))
    elif kind == "const":
        expected = _(_CONST_PHRASES[instance]) if instance in _CONST_PHRASES else _('"%(format)s" (got %(value)s)')
        yield parts, expected % {"format": error.validator_value, "value": shown(instance)}
    elif kind == "enum":
        codes = ", ".join(str(item) for item in error.validator_value)
        yield parts, _got(_("one of: %(codes)s") % {"codes": codes}, shown(instance))
    elif kind == "pattern":
        phrase = _(_PATTERN_PHRASES.get(error.validator_value, _URL_PHRASE))
        if "propertyNames" in error.schema_path:
            yield [*parts, instance], phrase
        else:
            yield parts, _got(phrase, shown(instance))
    elif kind in ("minimum", "maximum"):
        noun = "integer" if schema.get("type") == "integer" else "number"
        limit = _(_LIMIT_PHRASES[noun, kind]) % {"limit": error.validator_value}
        yield parts, _got(limit, shown(instance))
    elif kind == "minItems":
        yield parts, _("a non-empty list")
    elif kind == "minProperties":
        yield parts, _("a mapping with at least one entry")
    elif kind == "minLength":
        yield parts, _("a non-empty text")
    else:
        yield parts, error.message


def _document_order(doc, parts):
    """Sort key putting errors in the order their fields appear in the file."""
    key, node = [], doc
    for part in parts:
        if isinstance(node, dict):
            keys = list(node)
            key.append(keys.index(part) if part in node else len(keys))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            key.append(part)
            node = node[part]
        else:
            key.append(0)
            node = None
    return key


def _schema_errors(name, doc):
    defs = load_schema(name)["$defs"]
    errors = [item for error in _validator(name).iter_errors(doc) for item in _explain(error, defs)]
    return sorted(errors, key=lambda item: _document_order(doc, item[0]))


# --- Referential ------------------------------------------------------------------------


def iter_questions(doc):
    """(axis index, question index, axis, question) for every question, in file order."""
    for axis_index, axis in enumerate(doc["axes"]):
        for question_index, question in enumerate(axis["questions"]):
            yield axis_index, question_index, axis, question


_UNKNOWN_CODE_PHRASES = {
    ("question", False): gettext_noop('an existing question code ("%(code)s" is not in this referential)'),
    ("question", True): gettext_noop(
        'an existing question code ("%(code)s" is not in this referential; did you mean "%(close)s"?)'
    ),
    ("size class", False): gettext_noop('an existing size class code ("%(code)s" is not in this referential)'),
    ("size class", True): gettext_noop(
        'an existing size class code ("%(code)s" is not in this referential; did you mean "%(close)s"?)'
    ),
}


def _unknown_code(code, known, what="question"):
    close = get_close_matches(code, list(known), n=1, cutoff=0.6)
    return _(_UNKNOWN_CODE_PHRASES[what, bool(close)]) % {"code": code, "close": close[0] if close else ""}


def _number_text(value):
    return format(value, "f") if isinstance(value, Decimal) else str(value)


class _Errors(list):
    """(parts, expected) pairs found by the checks that the schema cannot express."""

    def add(self, parts, expected):
        self.append((list(parts), expected))

    def duplicates(self, items, parts, message, key="code"):
        """Report repeated codes; `message` is a msgid with %(code)s and %(where)s."""
        first = {}
        for index, item in enumerate(items):
            if item[key] in first:
                where = format_path([*parts, first[item[key]]])
                self.add([*parts, index, key], _(message) % {"code": item[key], "where": where})
            first.setdefault(item[key], index)


def _check_brackets(parts, brackets, question, errors):
    mins, most = {}, _number_text(question["points"])
    for index, bracket in enumerate(brackets):
        if bracket["min"] in mins:
            also = {"index": mins[bracket["min"]]}
            errors.add([*parts, index, "min"], _("a min not used twice in one list (also at [%(index)s])") % also)
        mins.setdefault(bracket["min"], index)
        if question["kind"] == "percent" and bracket["min"] > 100:
            expected = _got(_("a percent between 0 and 100"), _number_text(bracket["min"]))
            errors.add([*parts, index, "min"], expected)
        if bracket["points"] > question["points"]:
            errors.add([*parts, index, "points"], _("at most the question's points (%(points)s)") % {"points": most})


def _check_question(parts, question, class_codes, errors):
    kind, choices, brackets = question["kind"], question.get("choices"), question.get("brackets")
    this = {"kind": kind}
    if kind not in KINDS_WITH_CHOICES and choices is not None:
        expected = _("no choices: only single and multi questions have them (this is %(kind)s)") % this
        errors.add([*parts, "choices"], expected)
    elif kind in KINDS_WITH_CHOICES and choices is None:
        errors.add([*parts, "choices"], _("a non-empty list of choices (required for a %(kind)s question)") % this)
    elif choices is not None:
        errors.duplicates(
            choices, [*parts, "choices"], gettext_noop('a unique choice code ("%(code)s" is also %(where)s)')
        )
        for index, choice in enumerate(choices):
            if kind == "single" and choice["points"] > question["points"]:
                most = {"points": _number_text(question["points"])}
                errors.add([*parts, "choices", index, "points"], _("at most the question's points (%(points)s)") % most)
    if kind not in KINDS_WITH_BRACKETS and brackets is not None:
        expected = _("no brackets: only number and percent questions have them (this is %(kind)s)") % this
        errors.add([*parts, "brackets"], expected)
    elif kind in KINDS_WITH_BRACKETS and brackets is None:
        errors.add([*parts, "brackets"], _("a list of brackets (required for a %(kind)s question)") % this)
    elif isinstance(brackets, list):
        _check_brackets([*parts, "brackets"], brackets, question, errors)
    elif brackets is not None:
        for key, items in brackets.items():
            if key != "default" and key not in class_codes:
                expected = _("a size class code (%(codes)s) or default") % {"codes": ", ".join(class_codes)}
                errors.add([*parts, "brackets", key], expected)
            _check_brackets([*parts, "brackets", key], items, question, errors)
        missing = ", ".join(code for code in class_codes if code not in brackets)
        if "default" not in brackets and missing:
            expected = _("a list for every size class, or a default list (missing: %(missing)s)") % {"missing": missing}
            errors.add([*parts, "brackets"], expected)
    for index, link in enumerate(question.get("links", ())):
        if not is_http_url(link["url"]):
            errors.add([*parts, "links", index, "url"], _got(_(_URL_PHRASE), shown(link["url"])))


def _check_rule(parts, rule, questions, class_codes, errors):
    when = rule.get("when", {})
    for index, code in enumerate(when.get("size_class_in", ())):
        if code not in class_codes:
            errors.add([*parts, "when", "size_class_in", index], _unknown_code(code, class_codes, "size class"))
    for code, value in when.get("answer", {}).items():
        where = [*parts, "when", "answer", code]
        if code not in questions:
            errors.add(where, _unknown_code(code, questions))
        elif is_unanswered(value):
            expected = _("%(expected)s (an unanswered value matches no answer)") % {
                "expected": accepts(questions[code])
            }
            errors.add(where, expected)
        else:
            try:
                check_value(questions[code], value)
            except ValueError as exc:
                errors.add(where, str(exc))
    if "not_applicable" not in rule and "scale" not in rule:
        errors.add(parts, _("at least one effect: not_applicable or scale"))
    for index, code in enumerate(rule.get("not_applicable", ())):
        if code not in questions:
            errors.add([*parts, "not_applicable", index], _unknown_code(code, questions))
    for code in rule.get("scale", {}):
        if code not in questions:
            errors.add([*parts, "scale", code], _unknown_code(code, questions))


def _referential_errors(doc):
    errors, classes = _Errors(), doc["size_classes"]
    errors.duplicates(
        classes, ["size_classes"], gettext_noop('a unique size class code ("%(code)s" is also %(where)s)')
    )
    previous = None
    for index, size_class in enumerate(classes):
        parts, bound = ["size_classes", index], size_class.get("max_population")
        if index == len(classes) - 1 and bound is not None:
            errors.add([*parts, "max_population"], _("no max_population: the last class takes every larger body"))
        elif index < len(classes) - 1 and bound is None:
            errors.add(parts, _("a max_population: only the last size class is unbounded"))
        elif None not in (bound, previous) and bound <= previous:
            expected = _("a max_population above the previous class's (%(previous)s)") % {"previous": previous}
            errors.add([*parts, "max_population"], expected)
        previous = bound if bound is not None else previous
    class_codes = [size_class["code"] for size_class in classes]
    errors.duplicates(doc["axes"], ["axes"], gettext_noop('a unique axis code ("%(code)s" is also %(where)s)'))
    questions, where = {}, {}
    for axis_index, question_index, _axis, question in iter_questions(doc):
        parts, code = ["axes", axis_index, "questions", question_index], question["code"]
        if code in questions:
            expected = _('a unique question code ("%(code)s" is also %(where)s)') % {"code": code, "where": where[code]}
            errors.add([*parts, "code"], expected)
        else:
            questions[code], where[code] = question, format_path(parts)
        _check_question(parts, question, class_codes, errors)
    for index, rule in enumerate(doc["rules"]):
        _check_rule(["rules", index], rule, questions, class_codes, errors)
    for index, level in enumerate(doc["levels"]):
        if index and level["level"] <= doc["levels"][index - 1]["level"]:
            previous = doc["levels"][index - 1]["level"]
            expected = _("a level above the previous one (%(previous)s)") % {"previous": previous}
            errors.add(["levels", index, "level"], expected)
        for position, code in enumerate(level["requires"]):
            if code not in questions:
                errors.add(["levels", index, "requires", position], _unknown_code(code, questions))
    errors.duplicates(
        doc["mentions"], ["mentions"], gettext_noop('a unique mention code ("%(code)s" is also %(where)s)')
    )
    return errors


def _with_defaults(doc):
    doc.setdefault("size_classes", copy.deepcopy(list(DEFAULT_SIZE_CLASSES)))
    doc.setdefault("rules", [])
    doc.setdefault("mentions", [])
    for *_position, question in iter_questions(doc):
        question.setdefault("evidence", "none")
        question.setdefault("badge", False)
    for level in doc["levels"]:
        level.setdefault("min_global", 0)
        level.setdefault("min_each_axis", 0)
        level.setdefault("requires", [])
    return doc


def _schema_valid(doc, source, name, fields):
    """A plain copy of a parsed document that passes the schema, or FormatError."""
    errors = []
    doc = _plain(doc, (), errors)
    if not errors and not isinstance(doc, dict):
        expected = _("a mapping of fields (%(fields)s), got %(value)s") % {"fields": fields, "value": shown(doc)}
        raise FormatError(source, "", expected)
    _raise(source, errors or _schema_errors(name, doc))
    return doc


def validate_referential(doc, source):
    """Check a parsed referential (schema, then meaning); return it normalised, or raise FormatError."""
    doc = _with_defaults(_schema_valid(doc, source, "referential", "format, code, title, axes, levels…"))
    _raise(source, _referential_errors(doc))
    return canonical_referential(doc)


def load_referential(text, source):
    return validate_referential(parse_text(text, source), source)


# --- Dossier ----------------------------------------------------------------------------


def validate_dossier(doc, referential_doc, source):
    """Check a parsed dossier against the schema and against its referential; return it
    normalised (every answer has "value" and "evidence"), or raise FormatError."""
    doc = _schema_valid(doc, source, "dossier", "format, referential, territory, answers")
    if doc["referential"] != referential_doc["code"]:
        expected = _(
            'the code of the referential used to score it: this dossier answers "%(answered)s", '
            'the referential is "%(code)s"'
        ) % {"answered": doc["referential"], "code": referential_doc["code"]}
        raise FormatError(source, "referential", expected)
    questions = {question["code"]: question for *_position, question in iter_questions(referential_doc)}
    errors = []
    for code, entry in doc["answers"].items():
        if code not in questions:
            errors.append((["answers", code], _unknown_code(code, questions)))
            continue
        try:
            check_value(questions[code], entry.get("value"))
        except ValueError as exc:
            errors.append((["answers", code, "value"], str(exc)))
    _raise(source, errors)
    doc["territory"].setdefault("competences_missing", [])
    for entry in doc["answers"].values():
        entry.setdefault("value", None)
        entry.setdefault("evidence", [])
    order = {code: index for index, code in enumerate(questions)}
    answers = {code: _ordered(doc["answers"][code], ANSWER_KEYS) for code in sorted(doc["answers"], key=order.get)}
    result = _ordered(doc, DOSSIER_KEYS)
    result["territory"] = _ordered(doc["territory"], TERRITORY_KEYS)
    result["answers"] = answers
    return result


def load_dossier(text, referential_doc, source):
    return validate_dossier(parse_text(text, source), referential_doc, source)


# --- Canonical form and writing -----------------------------------------------------------

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


def dump_referential(doc, fmt="yaml"):
    """A validated referential as canonical YAML or JSON text (stable: same input, same bytes)."""
    return _write(canonical_referential(doc, written=fmt), fmt)


def dump_dossier(doc):
    """A validated dossier as JSON text."""
    return _write(doc, "json")
