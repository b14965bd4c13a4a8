"""Filters of the public results pages."""

from django import template

from tnl.territories.enums import Kind

register = template.Library()


@register.filter
def kind_label(kind):
    """A kind of body in words ("commune" -> "Commune"); an unknown code as it is."""
    try:
        return Kind(kind).label
    except ValueError:
        return kind
