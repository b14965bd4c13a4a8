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


@register.filter
def badge_file(result, extension="svg"):
    """The URL path of a published result's badge ("svg" or "png")."""
    return paths.url(paths.badge(result.year, result.kind, result.code, extension))


@register.filter
def certificate_file(result, language):
    """The URL path of a published result's PDF certificate in `language`."""
    return paths.url(paths.certificate(result.year, result.kind, result.code, language))


@register.filter
def credential_file(result):
    """The URL path of a published result's signed credential (Open Badges 3.0, VC-JWT)."""
    return paths.url(paths.credential(result.year, result.kind, result.code))
