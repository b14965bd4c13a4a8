from django import template

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


# The `percent` filter (an exact percent, one decimal) is added to this library by
# `tnl.referentials` when it is ready: tnl.core imports no domain app.


@register.filter
def audit_words(code):
    """An audit action code in words ("edition.closed" -> "Applications closed")."""
    from tnl.core.audit_wording import action_words

    return action_words(code)
