"""Human texts in data are {lang: text} maps; French is required and is the fallback."""

from django.utils.translation import get_language

FALLBACK = "fr"


def localized(value, language=None):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    language = (language or get_language() or FALLBACK).split("-")[0]
    return value.get(language) or value.get(FALLBACK) or next(iter(value.values()), "")
