"""The words people use for a referential's fields and codes, in one place.

The file format keeps short codes ("yes_no", "min_global", "help.fr"); pages show these
words instead: the public criteria page, the differences page."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

QUESTION_KINDS = {
    "yes_no": gettext_lazy("Yes / no"),
    "single": gettext_lazy("Single choice"),
    "multi": gettext_lazy("Multiple choice"),
    "number": gettext_lazy("Number"),
    "percent": gettext_lazy("Percentage"),
    "url": gettext_lazy("Web address"),
    "file": gettext_lazy("File"),
    "text": gettext_lazy("Text"),
}

EVIDENCE = {
    "none": gettext_lazy("No evidence asked"),
    "optional": gettext_lazy("Evidence optional"),
    "required": gettext_lazy("Evidence required"),
}

FIELDS = {
    "format": gettext_lazy("File format"),
    "code": gettext_lazy("Code"),
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "text": gettext_lazy("Question"),
    "help": gettext_lazy("Help"),
    "label": gettext_lazy("Label"),
    "expected_evidence": gettext_lazy("Expected evidence"),
    "links": gettext_lazy("Links"),
    "kind": gettext_lazy("Kind of answer"),
    "points": gettext_lazy("Points"),
    "evidence": gettext_lazy("Evidence"),
    "badge": gettext_lazy("Part of the badge form"),
    "choices": gettext_lazy("Choices"),
    "brackets": gettext_lazy("Brackets"),
    "axis": gettext_lazy("Axis"),
    "max_population": gettext_lazy("Population up to"),
    "min_global": gettext_lazy("Global threshold"),
    "min_each_axis": gettext_lazy("Threshold on each axis"),
    "requires": gettext_lazy("Required questions"),
    "when": gettext_lazy("Conditions"),
    "not_applicable": gettext_lazy("Questions that do not apply"),
    "scale": gettext_lazy("Weighting"),
}

LANGUAGES = {"fr": gettext_lazy("French"), "en": gettext_lazy("English")}


def field_label(field):
    """ "help.fr" -> "Help (French)"; an unknown field keeps its code."""
    if field is None:
        return ""
    name, _dot, language = field.partition(".")
    label = str(FIELDS.get(name, name))
    if language:
        return _("%(field)s (%(language)s)") % {"field": label, "language": LANGUAGES.get(language, language)}
    return label


def value_words(field, value):
    """A scalar value of `field` in words ("yes_no" -> "Yes / no", True -> "yes"); None if no words apply."""
    if field == "kind" and value in QUESTION_KINDS:
        return str(QUESTION_KINDS[value])
    if field == "evidence" and value in EVIDENCE:
        return str(EVIDENCE[value])
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return None
