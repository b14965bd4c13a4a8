"""What an answer value may be, per question kind (referential-format.md, sections 2 and 3).

`check_value` is the single place that decides whether a value is acceptable for a
question: the dossier file, the rules' `answer:` conditions and the web forms all call it,
so they cannot disagree. Standard library plus Django's gettext (messages are translated
into the language active when they are built), safe to import from the scoring engine.
"""

from decimal import Decimal
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

KINDS = ("yes_no", "single", "multi", "number", "percent", "url", "file", "text")
KINDS_WITH_CHOICES = frozenset({"single", "multi"})
KINDS_WITH_BRACKETS = frozenset({"number", "percent"})


def is_unanswered(value):
    """null, "" and [] mean "not answered" for every kind."""
    return value is None or value == "" or (isinstance(value, list) and not value)


def is_number(value):
    # bool is an int subclass, and true must never pass for 1.
    return isinstance(value, int | Decimal) and not isinstance(value, bool) and _finite(value)


def _finite(value):
    return not isinstance(value, Decimal) or value.is_finite()


def is_http_url(value):
    if not isinstance(value, str) or not value or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def shown(value, limit=40):
    """A short, JSON-like rendering of a value for error messages."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = '"' + value + '"'
    elif isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, list):
        text = "[" + ", ".join(shown(item, limit) for item in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{key}: {shown(item, limit)}" for key, item in value.items()) + "}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def choice_codes(question):
    return [choice["code"] for choice in question.get("choices") or ()]


def accepts(question):
    """What a question accepts, as a phrase: "one of: none, elected, technical, both"."""
    kind = question["kind"]
    if kind == "yes_no":
        return _("true or false")
    if kind == "single":
        return _("one of: %(codes)s") % {"codes": ", ".join(choice_codes(question))}
    if kind == "multi":
        return _("a list of distinct codes among: %(codes)s") % {"codes": ", ".join(choice_codes(question))}
    if kind == "number":
        return _("a number >= 0")
    if kind == "percent":
        return _("a percent between 0 and 100")
    if kind == "url":
        return _("an http(s) URL")
    if kind == "file":
        return _("a file reference (a string) or a list of them")
    return _("a text (a string)")


def check_value(question, value):
    """Raise ValueError(message) unless `value` is acceptable for `question` (a referential dict).

    An unanswered value (null, "", []) is acceptable for every kind; callers that need a real
    answer test `is_unanswered` themselves.
    """
    if is_unanswered(value):
        return
    kind = question["kind"]
    if kind == "yes_no":
        ok = isinstance(value, bool)
    elif kind == "single":
        ok = isinstance(value, str) and value in choice_codes(question)
    elif kind == "multi":
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        if ok:
            codes = set(choice_codes(question))
            unknown = [item for item in value if item not in codes]
            if unknown:
                raise ValueError(
                    _("%(expected)s (unknown code %(code)s)")
                    % {"expected": accepts(question), "code": shown(unknown[0])}
                )
            if len(set(value)) != len(value):
                twice = next(item for item in value if value.count(item) > 1)
                raise ValueError(
                    _("%(expected)s (%(code)s is given twice)") % {"expected": accepts(question), "code": shown(twice)}
                )
    elif kind == "number":
        ok = is_number(value) and value >= 0
    elif kind == "percent":
        ok = is_number(value) and 0 <= value <= 100
    elif kind == "url":
        ok = is_http_url(value)
    elif kind == "file":
        items = value if isinstance(value, list) else [value]
        ok = all(isinstance(item, str) and item for item in items)
    elif kind == "text":
        ok = isinstance(value, str)
    else:
        raise ValueError(_("unknown question kind %(kind)s") % {"kind": shown(kind)})
    if not ok:
        raise ValueError(_("%(expected)s (got %(value)s)") % {"expected": accepts(question), "value": shown(value)})
