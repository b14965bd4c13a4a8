"""Edges of `check_value` and `shown` (tnl/referentials/answers.py) that the mutation run found
untested: which code a duplicate is reported under, the exact display limit, an unknown kind."""

from decimal import Decimal

import pytest
from django.utils import translation

from tnl.referentials.answers import (
    accepts,
    check_value,
    is_http_url,
    is_number,
    is_unanswered,
    number_digits,
    shown,
)

MULTI = {"code": "Q", "kind": "multi", "choices": [{"code": "a"}, {"code": "b"}, {"code": "c"}]}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(question, value):
    with pytest.raises(ValueError) as error:
        check_value(question, value)
    return str(error.value)


@pytest.mark.parametrize("value, code", [(["a", "a"], "a"), (["a", "b", "b"], "b"), (["c", "a", "b", "a", "c"], "a")])
def test_a_duplicate_is_reported_under_its_own_code(value, code):
    assert refusal(MULTI, value) == f'a list of distinct codes among: a, b, c ("{code}" is given twice)'


def test_an_unknown_code_is_reported_before_a_duplicate():
    assert refusal(MULTI, ["a", "a", "z", "y"]) == 'a list of distinct codes among: a, b, c (unknown code "z")'


@pytest.mark.parametrize("value", [["a", 1], "a", [None]])
def test_a_multi_answer_is_a_list_of_codes(value):
    assert refusal(MULTI, value) == f"a list of distinct codes among: a, b, c (got {shown(value)})"


def test_an_unknown_kind_is_refused_with_its_name():
    assert refusal({"code": "Q", "kind": "colour"}, "red") == (
        'unknown question kind "colour" (expected one of: yes_no, single, multi, number, percent, url, file, text)'
    )


def test_an_unknown_kind_is_refused_even_for_an_unanswered_value():
    for value in (None, "", []):
        with pytest.raises(ValueError, match='unknown question kind "colour"'):
            check_value({"code": "Q", "kind": "colour"}, value)
    assert [is_unanswered(v) for v in (None, "", [], 0, False, [None], " ")] == [True] * 3 + [False] * 4


@pytest.mark.parametrize(
    "value, text",
    [
        ("x" * 40, '"' + "x" * 40 + '"'),
        ("x" * 41, '"' + "x" * 39 + '…"'),
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (Decimal("1.50"), "1.50"),
        (Decimal("1E+3"), "1000"),
        (["a", 1], '["a", 1]'),
        ({"k": [True]}, "{k: [true]}"),
        (12, "12"),
    ],
)
def test_shown_renders_like_json_and_cuts_past_the_limit_only(value, text):
    assert shown(value) == text


def test_the_limit_applies_to_each_item_too():
    assert shown(["x" * 10], limit=12) == '["xxxxxxxxx…'
    assert shown(["x" * 8], limit=12) == '["xxxxxxxx"]'
    assert shown([10**15], limit=15) == "[1.000E+15]"
    assert shown({"k": 10**15}, limit=15) == "{k: 1.000E+15}"


def test_shown_separates_the_entries_of_a_map_and_writes_other_values_as_python_does():
    assert shown({"a": 1, "b": [2, 3]}) == "{a: 1, b: [2, 3]}"
    assert shown(1.5) == "1.5"


@pytest.mark.parametrize(
    "kind, value, ok",
    [
        ("yes_no", True, True),
        ("yes_no", 1, False),
        ("number", 0, True),
        ("number", -1, False),
        ("number", True, False),
        ("number", Decimal("NaN"), False),
        ("number", Decimal("Infinity"), False),
        ("number", 1.5, False),
        ("percent", 0, True),
        ("percent", 100, True),
        ("percent", Decimal("100.01"), False),
        ("percent", -1, False),
        ("url", "https://x.example.org", True),
        ("url", "HTTP://x.example.org", True),
        ("url", "https://", False),
        ("url", "https://x.example.org:99999", False),
        ("url", "https://x.example.org/a b", False),
        ("url", "https://x.example.org/\x07", False),
        ("file", "a.pdf", True),
        ("file", ["a.pdf", "b.pdf"], True),
        ("file", ["a.pdf", ""], False),
        ("file", 3, False),
        ("text", "x", True),
        ("text", 3, False),
        ("single", "a", True),
        ("single", "z", False),
        ("single", ["a"], False),
    ],
)
def test_what_each_kind_accepts(kind, value, ok):
    question = {"code": "Q", "kind": kind, "choices": [{"code": "a"}]}
    if ok:
        check_value(question, value)
    else:
        assert refusal(question, value) == f"{accepts(question)} (got {shown(value)})"


@pytest.mark.parametrize(
    "kind, phrase",
    [
        ("yes_no", "true or false"),
        ("single", "one of: a, b, c"),
        ("multi", "a list of distinct codes among: a, b, c"),
        ("number", "a number >= 0"),
        ("percent", "a percent between 0 and 100"),
        ("url", "an http(s) URL"),
        ("file", "a file reference (a string) or a list of them"),
        ("text", "a text (a string)"),
    ],
)
def test_each_kind_says_what_it_accepts(kind, phrase):
    assert accepts(dict(MULTI, kind=kind)) == phrase


def test_numbers_and_addresses():
    assert [is_number(v) for v in (0, Decimal("2.5"), True, "1", None)] == [True, True, False, False, False]
    assert [is_http_url(v) for v in (None, "", "mailto:a@b.fr", "https://b.fr")] == [False, False, False, True]
    assert [is_http_url(v) for v in (3, ["https://b.fr"], True)] == [False, False, False]


def test_digits_of_a_number_written_out():
    values = (0, Decimal("0.00"), 7, 10**15 - 1, 10**15, 10**40, Decimal("0.05"), Decimal("1E+1"), Decimal("-12.5"))
    assert [number_digits(v) for v in values] == [1, 1, 1, 15, 16, 16, 2, 2, 3]
