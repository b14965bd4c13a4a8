"""An answer put into words, as people read it on the pages, in the e-mails and in the print
version: "Yes", a choice's label, "62,5 %", a list of labels. One function per question kind
(keyed by the kind's value, as in tnl.referentials), in the active language."""

from django.utils.translation import gettext

from tnl.core import formatting
from tnl.core.texts import localized
from tnl.referentials.answers import is_unanswered


def choice_labels(question):
    """{choice code: label in the active language} of a single or multi question."""
    return {choice["code"]: localized(choice.get("label")) or choice["code"] for choice in question.get("choices", ())}


def _yes_no(question, value):
    return gettext("Yes") if value is True else gettext("No")


def _single(question, value):
    return choice_labels(question).get(value, value)


def _multi(question, value):
    labels = choice_labels(question)
    return [labels.get(code, code) for code in value]


def _number(question, value):
    return formatting.number(value)


def _percent(question, value):
    return formatting.percent(value, places=None)


def _file(question, value):
    return [str(item) for item in (value if isinstance(value, list) else [value])]


def _text(question, value):
    return str(value)


# Per question kind: the answer's words (a text, or a list for the kinds that hold several items).
WORDS = {
    "yes_no": _yes_no,
    "single": _single,
    "multi": _multi,
    "number": _number,
    "percent": _percent,
    "url": _text,
    "text": _text,
    "file": _file,
}


def answer_words(question, value):
    """The answer's words: a text, a list (multi and file answers), or None when unanswered."""
    if is_unanswered(value):
        return None
    return WORDS.get(question["kind"], _text)(question, value)


def value_in_words(question, value):
    """The answer as one line of text: "Yes", "Label A; Label B", "62,5 %", "no answer"."""
    words = answer_words(question, value)
    if words is None:
        return gettext("no answer")
    return "; ".join(words) if isinstance(words, list) else words
