"""Question kinds and scoring statuses, and one table entry per kind (referential-format.md).

A kind's entry holds everything that depends on the kind: what it accepts (as a phrase), its
value check, and its scoring. Adding a kind means adding a `QuestionKind` member and its
`KindSpec` here (and the kind to the shipped JSON Schema, which a test compares).

Pure Python on purpose (no Django): the scoring engine imports it. Phrases are msgids marked
with `gettext_noop`; tnl.referentials.answers translates them when a message is built.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from urllib.parse import urlsplit


def gettext_noop(message):
    """Marks a msgid for `makemessages` without importing Django."""
    return message


class QuestionKind(StrEnum):
    YES_NO = "yes_no"
    SINGLE = "single"
    MULTI = "multi"
    NUMBER = "number"
    PERCENT = "percent"
    URL = "url"
    FILE = "file"
    TEXT = "text"


class ScoreStatus(StrEnum):
    """A question's status in a scoring result (the `status` of `score --json`)."""

    SCORED = "scored"
    UNANSWERED = "unanswered"
    NOT_APPLICABLE = "not_applicable"
    EVIDENCE_MISSING = "evidence_missing"


class UnknownKind(ValueError):
    """A question kind that is not a QuestionKind (the validator refuses such referentials)."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


# --- Numbers: the one bound for every number a referential, a dossier or an answer holds -------

# A number is at most this many digits written out (leading zeros aside), so it is finite,
# below 10^15 in size and has at most 15 decimals: a float, a spreadsheet cell, a database
# column and the exact engine all take it as it is.
MAX_DIGITS = 15


def is_number(value):
    """An int or a finite Decimal (bool is an int subclass, and true must never pass for 1)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return False
    return not isinstance(value, Decimal) or value.is_finite()


def number_digits(value):
    """How many digits `value` (a number) takes written out, leading zeros aside: 0.05 -> 2."""
    if value == 0:
        return 1
    if isinstance(value, int):
        if abs(value) >= 10**MAX_DIGITS:
            return MAX_DIGITS + 1  # no need to count further (and no huge str() of it)
        return len(str(abs(value)))
    sign, digits, exponent = value.normalize().as_tuple()
    whole = max(len(digits) + exponent, 0)
    return whole + max(-exponent, 0)


def is_bounded_number(value):
    return is_number(value) and number_digits(value) <= MAX_DIGITS


# --- Values ----------------------------------------------------------------------------------


def is_unanswered(value):
    """null, "" and [] mean "not answered" for every kind."""
    return value is None or value == "" or (isinstance(value, list) and not value)


def is_http_url(value):
    if not isinstance(value, str) or not value or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def choice_codes(question):
    return [choice["code"] for choice in question.get("choices") or ()]


# A problem is None (the value is acceptable) or (msgid, {name: value}); the msgid may use
# %(expected)s (what the kind accepts) and the names, whose values are shown quoted.
GOT = gettext_noop("%(expected)s (got %(value)s)")
TOO_LONG = gettext_noop("a number of at most %(digits)s digits (got %(value)s)")


def _got(value):
    return GOT, {"value": value}


def _check_yes_no(question, value):
    return None if isinstance(value, bool) else _got(value)


def _check_single(question, value):
    return None if isinstance(value, str) and value in choice_codes(question) else _got(value)


def _check_multi(question, value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return _got(value)
    codes = set(choice_codes(question))
    unknown = [item for item in value if item not in codes]
    if unknown:
        return gettext_noop("%(expected)s (unknown code %(code)s)"), {"code": unknown[0]}
    seen = set()
    for item in value:
        if item in seen:
            return gettext_noop("%(expected)s (%(code)s is given twice)"), {"code": item}
        seen.add(item)
    return None


def _number_check(low, high=None):
    def check(question, value):
        if not is_number(value) or value < low or (high is not None and value > high):
            return _got(value)
        if number_digits(value) > MAX_DIGITS:
            return TOO_LONG, {"value": value}
        return None

    return check


def _check_url(question, value):
    return None if is_http_url(value) else _got(value)


def _check_file(question, value):
    items = value if isinstance(value, list) else [value]
    return None if all(isinstance(item, str) and item for item in items) else _got(value)


def _check_text(question, value):
    return None if isinstance(value, str) else _got(value)


# --- Scoring (the engine's Question: .points, .choices {code: Fraction}, .brackets) -------------

ZERO = Fraction(0)


def _score_yes_no(question, value, size_class):
    return question.points if value is True else ZERO


def _score_single(question, value, size_class):
    return question.choices[value]


def _score_multi(question, value, size_class):
    return min(sum((question.choices[code] for code in set(value)), ZERO), question.points)


def _score_brackets(question, value, size_class):
    number = Fraction(value)
    return next((bracket.points for bracket in question.brackets[size_class] if bracket.min <= number), ZERO)


def _score_claim(question, value, size_class):
    """url, file, text: the candidate's claim, until the jury's rubric replaces it."""
    return question.points


@dataclass(frozen=True, slots=True)
class KindSpec:
    kind: QuestionKind
    accepts: str  # msgid; may use %(codes)s, the question's choice codes
    check: object  # (question dict, answered value) -> None or a problem (msgid, params)
    score: object  # (engine Question, answered value, size class code) -> Fraction
    has_choices: bool = False
    has_brackets: bool = False


KIND_SPECS = {
    spec.kind: spec
    for spec in (
        KindSpec(QuestionKind.YES_NO, gettext_noop("true or false"), _check_yes_no, _score_yes_no),
        KindSpec(
            QuestionKind.SINGLE,
            gettext_noop("one of: %(codes)s"),
            _check_single,
            _score_single,
            has_choices=True,
        ),
        KindSpec(
            QuestionKind.MULTI,
            gettext_noop("a list of distinct codes among: %(codes)s"),
            _check_multi,
            _score_multi,
            has_choices=True,
        ),
        KindSpec(
            QuestionKind.NUMBER,
            gettext_noop("a number >= 0"),
            _number_check(0),
            _score_brackets,
            has_brackets=True,
        ),
        KindSpec(
            QuestionKind.PERCENT,
            gettext_noop("a percent between 0 and 100"),
            _number_check(0, 100),
            _score_brackets,
            has_brackets=True,
        ),
        KindSpec(QuestionKind.URL, gettext_noop("an http(s) URL"), _check_url, _score_claim),
        KindSpec(
            QuestionKind.FILE,
            gettext_noop("a file reference (a string) or a list of them"),
            _check_file,
            _score_claim,
        ),
        KindSpec(QuestionKind.TEXT, gettext_noop("a text (a string)"), _check_text, _score_claim),
    )
}
assert set(KIND_SPECS) == set(QuestionKind), "every question kind needs its KindSpec"

KINDS = tuple(kind.value for kind in QuestionKind)
KINDS_WITH_CHOICES = frozenset(kind for kind, spec in KIND_SPECS.items() if spec.has_choices)
KINDS_WITH_BRACKETS = frozenset(kind for kind, spec in KIND_SPECS.items() if spec.has_brackets)


def spec_for(kind):
    """The KindSpec of `kind` (a QuestionKind or its string), or UnknownKind."""
    try:
        return KIND_SPECS[QuestionKind(kind)]
    except (ValueError, TypeError):
        raise UnknownKind(kind) from None
