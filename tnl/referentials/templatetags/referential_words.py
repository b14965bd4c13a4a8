from django import template

from tnl.referentials.wording import EVIDENCE, QUESTION_KINDS

register = template.Library()


@register.filter
def kind_words(code):
    """A question kind in words ("yes_no" -> "Yes / no")."""
    return QUESTION_KINDS.get(code, code)


@register.filter
def evidence_words(code):
    """An evidence requirement in words ("required" -> "Evidence required")."""
    return EVIDENCE.get(code or "none", code)
