import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Competence, Kind
from .models import Territory
from .normalize import search_key

# One DNS label: letters, digits and inner hyphens; a domain has at least two, the last alphabetic.
_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or code"),
        help_text=_("A name (accents and case do not matter), an INSEE code, a SIREN or a postal code."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False)


class _DepartementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class OtherBodyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    subkind = forms.CharField(
        label=_("Kind of body"),
        max_length=100,
        help_text=_("For example: syndicat mixte, regional natural park, agency."),
    )
    departement = _DepartementChoice(
        label=_("Département"),
        queryset=Territory.objects.filter(kind=Kind.DEPARTEMENT, is_active=True).order_by("code"),
        empty_label=_("Choose a département"),
        help_text=_("The département of its seat."),
    )
    population = forms.IntegerField(
        label=_("Population"),
        min_value=0,
        required=False,
        help_text=_("Inhabitants of the area it serves, if known."),
    )

    def clean(self):
        cleaned = super().clean()
        name, departement = cleaned.get("name"), cleaned.get("departement")
        if name and departement:
            twin = Territory.objects.filter(kind=Kind.OTHER, search_name=search_key(name), departement=departement)
            if twin.exists():
                self.add_error("name", _("A public body with this name already exists in this département."))
        return cleaned


class BodySettingsForm(forms.Form):
    competences_missing = forms.MultipleChoiceField(
        label=_("Competences the body does not hold"),
        help_text=_("Questions that depend on these competences will not apply to it."),
        choices=Competence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    email_domains = forms.CharField(
        label=_("E-mail domains of its agents"),
        help_text=_(
            "One per line, for example: mairie-exemple.fr. People with an address there can be confirmed as members."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean_email_domains(self):
        domains, invalid = [], []
        for raw in re.split(r"[\n,;]+", self.cleaned_data["email_domains"]):
            domain = raw.strip().lstrip("@").rstrip(".").lower()
            if not domain:
                continue
            try:
                ascii_domain = domain.encode("idna").decode("ascii")
            except UnicodeError:
                ascii_domain = ""
            if _DOMAIN.match(ascii_domain):
                domains.append(domain)
            else:
                invalid.append(raw.strip())
        if invalid:
            raise forms.ValidationError(
                _("Not a domain name: %(domains)s"), code="invalid_domain", params={"domains": ", ".join(invalid)}
            )
        return domains
