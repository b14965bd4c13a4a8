"""What an answer value may be, per question kind (referential-format.md, sections 2 and 3).

`check_value` is the single place that decides whether a value is acceptable for a
question: the dossier file, the rules' `answer:` conditions and the web forms all call it,
so they cannot disagree. The per-kind checks live in the kind table (tnl.referentials.kinds);
this module turns their problems into messages, translated into the language active when
they are built (Django's gettext, nothing else from Django).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from tnl.referentials.kinds import (
    KINDS,
    KINDS_WITH_BRACKETS,
    KINDS_WITH_CHOICES,
    MAX_DIGITS,
    UnknownKind,
    choice_codes,
    is_bounded_number,
    is_http_url,
    is_number,
    is_unanswered,
    number_digits,
    spec_for,
)

__all__ = [
    "KINDS",
    "KINDS_WITH_BRACKETS",
    "KINDS_WITH_CHOICES",
    "MAX_DIGITS",
    "accepts",
    "check_value",
    "choice_codes",
    "is_bounded_number",
    "is_http_url",
    "is_number",
    "is_unanswered",
    "number_digits",
    "shown",
]


def _number_shown(value, limit):
    if isinstance(value, Decimal):
        if abs(value.adjusted()) > limit:
            return f"{value:.3E}"
        return format(value, "f")
    if abs(value) >= 10**limit:
        return f"{Decimal(value):.3E}"
    return str(value)


def shown(value, limit=40):
    """A short, JSON-like rendering of a value for error messages (at most `limit` characters
    of the value itself, quotes aside: a text of exactly `limit` characters is shown whole)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + (value if len(value) <= limit else value[: limit - 1] + "…") + '"'
    if isinstance(value, int | Decimal):
        text = _number_shown(value, limit)
    elif isinstance(value, list):
        text = "[" + ", ".join(shown(item, limit) for item in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{key}: {shown(item, limit)}" for key, item in value.items()) + "}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unknown_kind(kind):
    return ValueError(
        _("unknown question kind %(kind)s (expected one of: %(kinds)s)")
        % {
            "kind": shown(kind),
            "kinds": ", ".join(KINDS),
        }
    )


def accepts(question):
    """What a question accepts, as a phrase: "one of: none, elected, technical, both"."""
    try:
        spec = spec_for(question.get("kind"))
    except UnknownKind as exc:
        raise _unknown_kind(exc.kind) from None
    return _(spec.accepts) % {"codes": ", ".join(choice_codes(question))}


def check_value(question, value):
    """Raise ValueError(message) unless `value` is acceptable for `question` (a referential dict).

    An unanswered value (null, "", []) is acceptable for every kind; callers that need a real
    answer test `is_unanswered` themselves. A question of an unknown kind raises ValueError
    whatever the value.
    """
    expected = accepts(question)
    if is_unanswered(value):
        return
    problem = spec_for(question["kind"]).check(question, value)
    if problem is not None:
        message, params = problem
        shown_params = {name: shown(item) for name, item in params.items()}
        raise ValueError(_(message) % {"expected": expected, "digits": MAX_DIGITS, **shown_params})
