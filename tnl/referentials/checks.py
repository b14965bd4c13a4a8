"""The checks of a referential's meaning that a JSON Schema cannot express, and the plain copy.

`plain_copy` turns a parsed document into plain data (numbers bounded and normalised);
`referential_errors` finds repeated codes, unknown codes, brackets and levels out of order…;
`with_defaults` writes the contract's defaults in. Errors are (field path parts, expected)
pairs; `raise_errors` turns them into a FormatError.
"""

import copy
from decimal import Decimal
from difflib import get_close_matches

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tnl.referentials.answers import (
    KINDS_WITH_BRACKETS,
    KINDS_WITH_CHOICES,
    MAX_DIGITS,
    accepts,
    check_value,
    is_bounded_number,
    is_http_url,
    is_unanswered,
    shown,
)
from tnl.referentials.errors import FormatError, format_path
from tnl.referentials.kinds import QuestionKind
from tnl.referentials.schema_messages import URL_PHRASE, got

DEFAULT_SIZE_CLASSES = (
    {"code": "XS", "max_population": 3499},
    {"code": "S", "max_population": 19999},
    {"code": "M", "max_population": 99999},
    {"code": "L"},
)


def raise_errors(source, errors):
    """Raise FormatError if there are errors ((parts, expected) pairs; the first is the main one)."""
    unique = list(dict.fromkeys((format_path(parts), expected) for parts, expected in errors))
    if unique:
        raise FormatError.from_errors(source, unique)


def plain_copy(value, parts=(), errors=None):
    """A deep copy made of dict/list/str/int/Decimal/bool/None, numbers normalised (int when
    integral); anything else (non-string keys, dates, sets, huge numbers) is reported."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                errors.append(([*parts, str(key)], _("a text key, not %(key)s") % {"key": shown(key)}))
                continue
            result[key] = plain_copy(item, (*parts, key), errors)
        return result
    if isinstance(value, list | tuple):
        return [plain_copy(item, (*parts, index), errors) for index, item in enumerate(value)]
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, float):
        # Only reached for documents built in Python; repr is the shortest exact spelling.
        value = Decimal(repr(value))
    if isinstance(value, int | Decimal):
        if not is_bounded_number(value):
            expected = _("a number of at most %(digits)s digits (got %(value)s)")
            errors.append((list(parts), expected % {"digits": MAX_DIGITS, "value": shown(value)}))
            return value
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else value.normalize()
        return value
    expected = _("a JSON value (text, number, true/false, null, list or mapping), not %(value)s")
    errors.append((list(parts), expected % {"value": shown(value)}))
    return value


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


def unknown_code(code, known, what="question"):
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
        if question["kind"] == QuestionKind.PERCENT and bracket["min"] > 100:
            expected = got(_("a percent between 0 and 100"), _number_text(bracket["min"]))
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
            if kind == QuestionKind.SINGLE and choice["points"] > question["points"]:
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
            errors.add([*parts, "links", index, "url"], got(_(URL_PHRASE), shown(link["url"])))


def _check_rule(parts, rule, questions, class_codes, errors):
    when = rule.get("when", {})
    for index, code in enumerate(when.get("size_class_in", ())):
        if code not in class_codes:
            errors.add([*parts, "when", "size_class_in", index], unknown_code(code, class_codes, "size class"))
    for code, value in when.get("answer", {}).items():
        where = [*parts, "when", "answer", code]
        if code not in questions:
            errors.add(where, unknown_code(code, questions))
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
            errors.add([*parts, "not_applicable", index], unknown_code(code, questions))
    for code in rule.get("scale", {}):
        if code not in questions:
            errors.add([*parts, "scale", code], unknown_code(code, questions))


def referential_errors(doc):
    """(parts, expected) pairs for what the schema cannot express: unique codes, known codes, order."""
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
                errors.add(["levels", index, "requires", position], unknown_code(code, questions))
    errors.duplicates(
        doc["mentions"], ["mentions"], gettext_noop('a unique mention code ("%(code)s" is also %(where)s)')
    )
    return errors


def with_defaults(doc):
    """`doc` (schema-valid) with the contract's defaults written in."""
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
