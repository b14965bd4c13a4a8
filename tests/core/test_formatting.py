"""Numbers for people in the active language: one module for every page, e-mail and export."""

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone
from django.utils.translation import override

from tnl.core import formatting


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Fraction(1, 3) * 100, 1, "33.3"),
        (Decimal("47.75"), 1, "47.8"),  # half away from zero
        (Decimal("-0.04"), 1, "0.0"),
        (Decimal("-2.25"), 1, "-2.3"),
        (Decimal("7.5"), None, "7.5"),
        (41, None, "41"),
        (Fraction(2, 3), None, "0.666667"),
        (Fraction(1, 8), None, "0.125"),
    ],
)
def test_plain_numbers_are_exact_and_language_neutral(value, places, text):
    assert formatting.plain_number(value, places) == text


def test_french_writes_a_decimal_comma_and_a_non_breaking_space_before_percent():
    with override("fr"):
        assert formatting.number(Decimal("12.5")) == "12,5"
        assert formatting.percent(Fraction(132, 10)) == "13,2\u00a0%"
        assert formatting.percent(Decimal("62.5"), places=None) == "62,5\u00a0%"
        assert formatting.percent_number(Decimal("47.75")) == "47,8"
    with override("en"):
        assert formatting.number(Decimal("12.5")) == "12.5"
        assert formatting.percent(Fraction(132, 10)) == "13.2 %"
    assert formatting.percent(None) == formatting.number(None) == formatting.points(None) == ""


def test_points_agree_with_their_number():
    with override("en"):
        assert [formatting.points(n) for n in (0, 1, 12, Decimal("7.5"))] == [
            "0 points",
            "1 point",
            "12 points",
            "7.5 points",
        ]
    with override("fr"):
        assert [formatting.points(n) for n in (0, 1, 12, Decimal("7.5"))] == [
            "0 point",
            "1 point",
            "12 points",
            "7,5 points",
        ]


def test_a_moment_is_a_date_then_a_time_separated_by_a_comma(settings):
    settings.TIME_ZONE = "Europe/Paris"
    moment = timezone.make_aware(datetime(2026, 11, 29, 14, 46), UTC)  # 15:46 in Paris
    with override("fr"):
        assert formatting.when(moment) == "29 novembre 2026, 15:46"
    with override("en"):
        assert formatting.when(moment) == "29 November 2026, 15:46"
    assert formatting.when(None) == ""
