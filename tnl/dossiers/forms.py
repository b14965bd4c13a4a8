"""Forms of the dossier pages: the apply form, one small form per question, the evidence link.

An answer form turns what a person typed into the value the scoring engine reads (true/false, a
choice code, a list of codes, an exact number, a URL, a text) and asks `check_value` whether
the question accepts it, so the page, the dossier file and the engine cannot disagree."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tnl.core import formatting
from tnl.referentials.answers import accepts, check_value, is_unanswered
from tnl.referentials.kinds import MAX_DIGITS, is_bounded_number, is_number

from .enums import DossierForm
from .models import MAX_TEXT_LENGTH
from .words import choice_labels

# "12", "12,5", "12.5", "1 200", "62,5 %": spaces (also non-breaking) group thousands; a comma
# or a point marks the decimals.
NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_number(text):
    """An exact number from French or English typing, None when empty; ValueError otherwise."""
    text = SPACES.sub("", text or "").removesuffix("%").replace(",", ".")
    if not text:
        return None
    if not NUMBER.fullmatch(text):
        raise ValueError(text)
    return int(text) if text.lstrip("+-").isdigit() else Decimal(text)


def number_text(value):
    """A stored number as the person would type it in the current language ("12,5" in French)."""
    return formatting.number(value)


class ApplyForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Which form do you want to fill in?"),
        choices=[
            (
                DossierForm.FULL,
                _("The full questionnaire: every question of the five axes; it can reach every level."),
            ),
            (
                DossierForm.BADGE,
                _("The short badge form: ten questions that a small commune can answer; it can reach level 1."),
            ),
        ],
        initial=DossierForm.FULL,
        widget=forms.RadioSelect,
        help_text=_("You can switch from one to the other later: answers are kept."),
    )
    start_from_previous = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        if previous is None:
            del self.fields["start_from_previous"]
        else:
            field = self.fields["start_from_previous"]
            field.label = _("Start from our %(year)s dossier") % {"year": previous.edition.year}
            field.help_text = _(
                "Its answers are offered again where the question still exists, each marked “to review”."
            )


def counter_text(count):
    """ "1 234 / 10 000 characters" in the active language."""
    if isinstance(count, int):
        count = formats.number_format(count, force_grouping=True)
    return gettext("%(count)s / %(limit)s characters") % {
        "count": count,
        "limit": formats.number_format(MAX_TEXT_LENGTH, force_grouping=True),
    }


def check_length(text):
    """ValidationError when a text is longer than MAX_TEXT_LENGTH characters."""
    if len(text or "") > MAX_TEXT_LENGTH:
        raise ValidationError(
            gettext("At most %(limit)s characters, please: this text has %(length)s.")
            % {
                "limit": formats.number_format(MAX_TEXT_LENGTH, force_grouping=True),
                "length": formats.number_format(len(text), force_grouping=True),
            },
            code="max_length",
        )


def _described(question):
    code = question["code"]
    return {"aria-describedby": f"q-{code}-hint", "aria-labelledby": f"q-{code}-title q-{code}-value-label"}


def _labelled(question):
    code = question["code"]
    return {"aria-labelledby": f"q-{code}-title q-{code}-value-label"}


# The `value` field per question kind (keyed by the kind's value, as in tnl.referentials): file
# questions have none, their evidence block is the answer.
VALUE_FIELDS = {
    "yes_no": lambda question: forms.ChoiceField(
        choices=[("true", _("Yes")), ("false", _("No"))], required=False, widget=forms.RadioSelect
    ),
    "single": lambda question: forms.ChoiceField(
        choices=list(choice_labels(question).items()), required=False, widget=forms.RadioSelect
    ),
    "multi": lambda question: forms.MultipleChoiceField(
        choices=list(choice_labels(question).items()), required=False, widget=forms.CheckboxSelectMultiple
    ),
    "number": lambda question: forms.CharField(
        required=False,
        strip=True,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "input-number", **_described(question)}
        ),
    ),
    "percent": lambda question: VALUE_FIELDS["number"](question),
    "url": lambda question: forms.CharField(
        required=False,
        strip=True,
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false", **_described(question)}),
    ),
    "text": lambda question: forms.CharField(
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": str(MAX_TEXT_LENGTH), **_labelled(question)}),
    ),
}


class AnswerForm(forms.Form):
    """The answer to one question: `value` (by kind), `comment` and the `version` it was loaded with.

    Field ids start with q-<code>- so that every question's form can sit on the same page."""

    comment = forms.CharField(
        label=_("Comment for the jury"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": str(MAX_TEXT_LENGTH)}),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, question, *args, answer=None, **kwargs):
        self.question = question
        code = question["code"]
        kwargs.setdefault("auto_id", f"q-{code}-%s")
        if answer is not None and not args and "data" not in kwargs:
            kwargs["initial"] = {
                "value": self.initial_value(answer.value),
                "comment": answer.comment,
                "version": answer.version,
            }
        super().__init__(*args, **kwargs)
        field = self.value_field()
        if field is not None:
            self.fields = {"value": field, **self.fields}
        self.fields["comment"].widget.attrs["aria-labelledby"] = f"q-{code}-title q-{code}-comment-label"

    @property
    def has_value(self):
        return "value" in self.fields

    @property
    def choice_kind(self):
        return self.question["kind"] in ("yes_no", "single", "multi")

    def enable_typing_autosave(self, url):
        """Text inputs save 800 ms after the last change of their content (htmx "input": typing,
        pasting, dictation; no need to leave the field); radios and boxes save on change, which
        the form itself listens to. The requests queue behind the form's own."""
        attrs = {"hx-post": url, "hx-trigger": "input changed delay:800ms", "hx-sync": "closest form:queue last"}
        names = ["comment"] if self.choice_kind or not self.has_value else ["value", "comment"]
        for name in names:
            self.fields[name].widget.attrs.update(attrs)

    @property
    def counters(self):
        """The live character count of the long text fields: {field name: {id, text, template}}.
        dossier.js keeps the text up to date as the person types (same wording)."""
        names = ["value", "comment"] if self.question["kind"] == "text" else ["comment"]
        result = {}
        for name in names:
            if name not in self.fields:
                continue
            value = self[name].value() or ""
            result[name] = {
                "id": f"q-{self.question['code']}-{name}-count",
                "text": counter_text(len(str(value))),
                "template": counter_text("{count}"),
                "limit": MAX_TEXT_LENGTH,
            }
        return result

    def _post_clean(self):
        super()._post_clean()
        code = self.question["code"]
        for name in ("value", "comment"):
            if name in self.errors and name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = attrs.get("aria-describedby", "")
                attrs["aria-describedby"] = f"{described} q-{code}-{name}-error".strip()

    def value_field(self):
        """The `value` field of the question's kind (see VALUE_FIELDS); None for file questions."""
        build = VALUE_FIELDS.get(self.question["kind"])
        return build(self.question) if build is not None else None

    def initial_value(self, value):
        kind = self.question["kind"]
        if is_unanswered(value):
            return [] if kind == "multi" else ""
        if kind == "yes_no":
            return "true" if value else "false"
        if kind in ("number", "percent"):
            return number_text(value)
        return value

    def clean_comment(self):
        comment = self.cleaned_data.get("comment", "")
        check_length(comment)
        return comment

    def clean_value(self):
        raw = self.cleaned_data.get("value")
        kind = self.question["kind"]
        if kind == "text":
            check_length(raw)
        if kind == "yes_no":
            value = {"true": True, "false": False}.get(raw)
        elif kind in ("number", "percent"):
            try:
                value = parse_number(raw)
            except ValueError:
                raise ValidationError(self.expected_message(), code="invalid") from None
        elif kind == "multi":
            value = list(raw or [])
        else:
            value = raw or None
        try:
            check_value(self.question, value)
        except ValueError:
            if is_number(value) and not is_bounded_number(value):
                raise ValidationError(
                    gettext("Please enter a number of at most %(digits)s digits.") % {"digits": MAX_DIGITS},
                    code="too_long",
                ) from None
            raise ValidationError(self.expected_message(), code="invalid") from None
        return value

    def expected_message(self):
        if self.question["kind"] in ("number", "percent"):
            return gettext("Please enter %(expected)s, for example 12 or 12,5.") % {"expected": accepts(self.question)}
        if self.question["kind"] == "url":
            return gettext("Please enter %(expected)s, for example https://www.example.org/page.") % {
                "expected": accepts(self.question)
            }
        return gettext("Please enter %(expected)s.") % {"expected": accepts(self.question)}

    def answer_value(self):
        """The value to save (after is_valid): None when the question is left unanswered."""
        return self.cleaned_data.get("value") if self.has_value else None

    def hint(self):
        kind = self.question["kind"]
        if kind == "number":
            return gettext("A number; decimals are allowed (12,5).")
        if kind == "percent":
            return gettext("A percent between 0 and 100; decimals are allowed (12,5).")
        if kind == "url":
            return gettext("A web address starting with https:// or http://.")
        if kind == "multi":
            return gettext("Tick every answer that applies.")
        return ""


class LinkForm(forms.Form):
    url = forms.CharField(label=_("Add a link"), max_length=1000, widget=forms.URLInput(attrs={"spellcheck": "false"}))

    def __init__(self, code, *args, **kwargs):
        self.code = code
        kwargs.setdefault("auto_id", f"q-{code}-link-%s")
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs.update(
            {"aria-describedby": f"q-{code}-link-hint", "aria-labelledby": f"q-{code}-link-label q-{code}-title"}
        )

    def _post_clean(self):
        super()._post_clean()
        if "url" in self.errors:
            attrs = self.fields["url"].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"q-{self.code}-link-hint q-{self.code}-link-error"

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_value({"code": "", "kind": "url"}, url)
        except ValueError:
            raise ValidationError(
                gettext("Please enter %(expected)s, for example https://www.example.org/page.")
                % {"expected": accepts({"kind": "url"})}
            ) from None
        return url
