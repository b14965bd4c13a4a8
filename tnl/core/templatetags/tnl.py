from django import template

from tnl.core import formatting
from tnl.core.permissions import has_perm
from tnl.core.texts import localized

register = template.Library()


@register.filter
def loc(value):
    """Render a {lang: text} map in the current language (French when missing)."""
    return localized(value)


@register.simple_tag(takes_context=True)
def can(context, name, obj=None):
    return has_perm(context["request"].user, name, obj)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping is not None else None


@register.filter
def percent(value):
    """A percent's number, one decimal, in the active language ("13,2"): the template adds the
    sign. Prefer `as_percent`, which adds it the way the language writes it."""
    return formatting.percent_number(value)


@register.filter
def as_percent(value):
    """A percent with its sign: "13,2 %" (French), "13.2 %" (English)."""
    return formatting.percent(value)


@register.filter
def as_number(value):
    """An exact number with the active language's decimal separator: "12,5"."""
    return formatting.number(value)


@register.filter
def as_points(value):
    """A number of points with its noun: "1 point", "12 points"."""
    return formatting.points(value)


@register.filter
def when(moment):
    """A date and time in the active language, local time: "29 novembre 2026, 15:46"."""
    return formatting.when(moment)


@register.filter
def audit_words(code):
    """An audit action code in words ("edition.closed" -> "Applications closed")."""
    from tnl.core.audit_wording import action_words

    return action_words(code)
