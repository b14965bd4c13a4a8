"""Numbers for people, in the active language: "13,2 %" on a French page, "13.2 %" on an
English one, "1 point" / "12 points". Every page, e-mail, PDF and export of the platform writes
its numbers through these functions (templates through the filters of templatetags/tnl.py).

Rounding is exact and half away from zero, as the scoring engine rounds (its own text output,
used by the `score` command, stays language-neutral: "13.2")."""

from fractions import Fraction

from django.utils import formats, timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext


def plain_number(value, places=None):
    """An exact number as language-neutral decimal text ("47.8", "7.5", "41").

    With `places`, rounded half away from zero to that many decimals; without, exact when the
    decimal ends, else rounded to 6 decimals (then trailing zeros dropped)."""
    value = Fraction(value)
    exact = places is None
    if exact:
        denominator = value.denominator
        for prime in (2, 5):
            while denominator % prime == 0:
                denominator //= prime
        places = 0
        if denominator != 1:
            places = 6
        else:
            while (value * 10**places).denominator != 1:
                places += 1
    units = int(abs(value) * 10**places + Fraction(1, 2))  # half away from zero
    sign = "-" if value < 0 and units else ""
    digits = str(units).rjust(places + 1, "0")
    if not places:
        return sign + digits
    text = f"{digits[:-places]}.{digits[-places:]}"
    if exact:
        text = text.rstrip("0").rstrip(".")
    return sign + text


def number(value, places=None):
    """An exact number with the active language's decimal separator: "12,5" in French."""
    if value is None:
        return ""
    return plain_number(value, places).replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def percent_number(value):
    """A percent's number, one decimal: "13,2" (the sign is added by `percent`)."""
    return "" if value is None else number(value, 1)


def percent(value, places=1):
    """A percent with its sign, as the active language writes it: "13,2 %" (non-breaking space
    in French), "13.2 %" in English. Exact numbers typed by people (`places=None`) keep
    their own decimals: "62,5 %"."""
    if value is None:
        return ""
    # Translators: a percent; French puts a non-breaking space before the sign.
    return gettext("%(number)s %%") % {"number": number(value, places)}


def points(value):
    """A number of points with its noun: "1 point", "12 points", "7,5 points"."""
    if value is None:
        return ""
    exact = Fraction(value)
    count = int(exact) if exact.denominator == 1 else 2  # decimals read as a plural
    return ngettext("%(points)s point", "%(points)s points", abs(count)) % {"points": number(value)}


def when(moment):
    """A moment as a date and a time in the active language, local time: "29 novembre 2026,
    15:46" (never "29 novembre 2026 15:46" nor "à 15 h 46")."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    # Translators: a date then a time, as in "29 novembre 2026, 15:46".
    return gettext("%(date)s, %(time)s") % {"date": date_format(moment, "j F Y"), "time": date_format(moment, "H:i")}
