"""Filters of the public results pages."""

from django import template

from tnl.publication import paths
from tnl.territories.enums import Kind

register = template.Library()


@register.filter
def kind_label(kind):
    """A kind of body in words ("commune" -> "Commune"); an unknown code as it is."""
    try:
        return Kind(kind).label
    except ValueError:
        return kind


@register.filter
def body_page(result, language):
    """The URL path of a published result's body page in `language`."""
    return paths.url(paths.body(result.kind, result.code, language))


@register.filter
def results_page(year, language):
    """The URL path of a year's results page in `language`."""
    return paths.url(paths.results(year, language))


@register.filter
def open_data_file(year, name):
    """The URL path of one open-data file of a year ("results.csv")."""
    return paths.url(paths.open_data(year, name))
