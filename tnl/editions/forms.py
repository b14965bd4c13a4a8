from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tnl.core.forms import DateField, DateTimeLocalField
from tnl.core.texts import localized
from tnl.referentials.models import Referential

from .services import date_errors


class DatesForm(forms.Form):
    opens_at = DateTimeLocalField(label=_("Applications open"), required=False)
    closes_at = DateTimeLocalField(
        label=_("Applications close"),
        required=False,
        help_text=_("The deadline: dossiers can no longer change after it."),
    )
    jury_on = DateField(label=_("Jury review starts"), required=False)
    ceremony_on = DateField(label=_("Ceremony"), required=False)
    publication_on = DateField(
        label=_("Planned publication of results"), required=False, help_text=_("Results stay under embargo until then.")
    )

    def clean(self):
        data = super().clean()
        for name in ("opens_at", "closes_at"):
            # The page shows a time to the minute; "open now" and "close now" keep the second. A
            # time sent back as it was shown keeps its second: it did not change.
            before, after = self.initial.get(name), data.get(name)
            if before is not None and after is not None and after == before.replace(second=0, microsecond=0):
                data[name] = before
        for field, message in date_errors(data).items():
            self.add_error(field, message)
        return data


def referential_label(referential):
    edition = getattr(referential, "edition", None)
    suffix = f", {edition.year}" if edition else ""
    return f"{localized(referential.title)} ({referential.code}{suffix})"


class ReferentialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return referential_label(obj)


class EditionCreateForm(DatesForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = ReferentialChoiceField(
        label=_("Start from the referential"),
        queryset=Referential.objects.none(),
        empty_label=None,
        help_text=_("The new edition's referential starts as a copy that you can then change."),
    )
    field_order = ["year", "source", "opens_at", "closes_at", "jury_on", "ceremony_on", "publication_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Referential.objects.select_related("edition").order_by(
            "-edition__year", "-created_at"
        )


class ReferentialImportForm(forms.Form):
    file = forms.FileField(
        label=_("Referential file"),
        help_text=_("A tnl-referential/1 file in YAML or JSON (at most 2 MB)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload


class AxisTextsForm(forms.Form):
    """One field per (owner, field, language) text of an axis and its questions."""

    LANGUAGES = (("fr", _("French")), ("en", _("English")))
    # Longest text per field, well above the default referential's (titles 62, questions 181,
    # help 527 characters): a title or question runs in lists and headings, help is read on its own.
    MAX_LENGTHS = {"title": 200, "text": 1000}
    MAX_LENGTH = 5000

    def __init__(self, axis, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.axis = axis
        self.groups = []
        self._add_group(
            "axis", _("Axis"), axis, [("title", _("Title"), True), ("description", _("Description"), False)]
        )
        for question in axis["questions"]:
            self._add_group(
                question["code"],
                question["code"],
                question,
                [
                    ("text", _("Question"), True),
                    ("help", _("Help for candidates"), False),
                    ("expected_evidence", _("Expected evidence"), False),
                ],
            )

    def _add_group(self, owner, heading, source, specs):
        names = []
        for field, label, required_fr in specs:
            values = source.get(field) or {}
            for lang, lang_label in self.LANGUAGES:
                name = f"{owner}__{field}__{lang}"
                self.fields[name] = forms.CharField(
                    label=f"{label} ({lang_label})",
                    required=required_fr and lang == "fr",
                    max_length=self.MAX_LENGTHS.get(field, self.MAX_LENGTH),
                    initial=values.get(lang, ""),
                    widget=forms.Textarea(attrs={"rows": 2 if field != "help" else 4, "lang": lang}),
                )
                names.append(name)
        self.groups.append((owner, heading, names))

    def grouped_fields(self):
        return [(owner, heading, [self[name] for name in names]) for owner, heading, names in self.groups]

    def texts(self):
        return {tuple(name.split("__")): value for name, value in self.cleaned_data.items()}


class DiffForm(forms.Form):
    against = forms.ModelChoiceField(label=_("Compare with"), queryset=Referential.objects.none(), empty_label=None)

    def __init__(self, referential, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["against"].queryset = (
            Referential.objects.exclude(pk=referential.pk).select_related("edition").order_by("-created_at")
        )
        self.fields["against"].label_from_instance = referential_label
