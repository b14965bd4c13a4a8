"""The answer forms turn what people type into the values the scoring engine reads."""

from decimal import Decimal

import pytest
from django.utils import translation

from tnl.dossiers.forms import AnswerForm, LinkForm, number_text, parse_number
from tnl.dossiers.words import value_in_words

PERCENT = {"code": "LOG-03", "kind": "percent", "points": 15}
NUMBER = {"code": "DON-03", "kind": "number", "points": 10}
YES_NO = {"code": "STR-01", "kind": "yes_no", "points": 15}
URL = {"code": "INT-01", "kind": "url", "points": 10}
TEXT = {"code": "STR-10", "kind": "text", "points": 5}
SINGLE = {
    "code": "STR-02",
    "kind": "single",
    "points": 8,
    "choices": [
        {"code": "none", "points": 0, "label": {"fr": "Personne", "en": "Nobody"}},
        {"code": "both", "points": 8, "label": {"fr": "Les deux", "en": "Both"}},
    ],
}
MULTI = {**SINGLE, "code": "STR-04", "kind": "multi"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12", 12),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        (" 1 200 ", 1200),
        ("1\u202f200,75", Decimal("1200.75")),
        ("62,5 %", Decimal("62.5")),
        (",5", Decimal("0.5")),
        ("", None),
        ("   ", None),
    ],
)
def test_numbers_are_read_the_french_or_the_english_way(typed, value):
    assert parse_number(typed) == value
    assert type(parse_number(typed)) is type(value)


@pytest.mark.parametrize("typed", ["abc", "12,5,3", "1e3", "NaN", "Infinity", "12 ans", "--1"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


def test_numbers_are_shown_as_typed_in_the_current_language():
    assert number_text(Decimal("12.5")) == "12.5"
    assert number_text(Decimal("40.0")) == "40"
    with translation.override("fr"):
        assert number_text(Decimal("12.5")) == "12,5"
        assert number_text(7) == "7"


def cleaned(question, **data):
    form = AnswerForm(question, {"comment": "", "version": "", **data})
    assert form.is_valid(), form.errors
    return form.answer_value()


def errors(question, **data):
    form = AnswerForm(question, {"comment": "", "version": "", **data})
    assert not form.is_valid()
    return form.errors["value"]


def test_each_kind_gives_the_value_the_engine_reads():
    assert cleaned(YES_NO, value="true") is True
    assert cleaned(YES_NO, value="false") is False
    assert cleaned(YES_NO) is None
    assert cleaned(SINGLE, value="both") == "both"
    assert cleaned(MULTI, value=["none", "both"]) == ["none", "both"]
    assert cleaned(MULTI) == []
    assert cleaned(PERCENT, value="62,5") == Decimal("62.5")
    assert cleaned(NUMBER, value="3") == 3
    assert cleaned(URL, value=" https://nancy.example.org/a11y ") == "https://nancy.example.org/a11y"
    assert cleaned(TEXT, value="Un bilan") == "Un bilan"
    assert cleaned(TEXT, value="") is None


def test_bad_input_says_what_is_expected():
    assert errors(PERCENT, value="abc") == ["Please enter a percent between 0 and 100, for example 12 or 12,5."]
    assert errors(PERCENT, value="140") == ["Please enter a percent between 0 and 100, for example 12 or 12,5."]
    assert errors(NUMBER, value="-3") == ["Please enter a number >= 0, for example 12 or 12,5."]
    assert errors(URL, value="ftp://nancy.example.org") == [
        "Please enter an http(s) URL, for example https://www.example.org/page."
    ]
    assert errors(URL, value="nancy.fr") == ["Please enter an http(s) URL, for example https://www.example.org/page."]


def test_a_number_too_long_for_the_next_steps_is_refused_saying_why():
    assert errors(NUMBER, value="9" * 200) == ["Please enter a number of at most 15 digits."]
    assert errors(NUMBER, value="1" * 16) == ["Please enter a number of at most 15 digits."]
    assert errors(PERCENT, value="12," + "5" * 20) == ["Please enter a number of at most 15 digits."]
    assert AnswerForm(NUMBER, {"comment": "", "version": "", "value": "1" * 15}).is_valid()
    assert errors(NUMBER, value="9" * 5000) == ["Please enter a number >= 0, for example 12 or 12,5."]


def test_a_field_in_error_is_marked_invalid_and_points_to_its_message():
    form = AnswerForm(PERCENT, {"value": "abc", "comment": "", "version": ""})
    form.is_valid()
    attrs = form.fields["value"].widget.attrs
    assert attrs["aria-invalid"] == "true"
    assert attrs["aria-describedby"] == "q-LOG-03-hint q-LOG-03-value-error"


def test_a_form_loaded_from_an_answer_carries_its_value_and_version():
    class Answer:
        value, comment, version = Decimal("62.5"), "Sur 40 postes", 3

    with translation.override("fr"):
        form = AnswerForm(PERCENT, answer=Answer())
    assert form.initial == {"value": "62,5", "comment": "Sur 40 postes", "version": 3}
    assert form["value"].auto_id == "q-LOG-03-value"


def test_a_file_question_has_no_value_field():
    form = AnswerForm({"code": "STR-09", "kind": "file", "points": 10}, {"comment": "Voir le bilan", "version": ""})
    assert form.is_valid()
    assert (form.has_value, form.answer_value()) == (False, None)


def test_answers_in_words():
    assert value_in_words(YES_NO, True) == "Yes"
    assert value_in_words(SINGLE, "both") == "Both"
    assert value_in_words(MULTI, ["none", "both"]) == "Nobody; Both"
    assert value_in_words(PERCENT, Decimal("62.5")) == "62.5 %"
    assert value_in_words(TEXT, None) == "no answer"


def test_a_link_must_be_a_web_address():
    assert LinkForm("STR-01", {"url": "https://nancy.example.org/deliberation.pdf"}).is_valid()
    form = LinkForm("STR-01", {"url": "javascript:alert(1)"})
    assert not form.is_valid()
    assert form.errors["url"] == ["Please enter an http(s) URL, for example https://www.example.org/page."]
