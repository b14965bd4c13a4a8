import re

from django import forms
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .enums import MAX_POPULATION, ROLE_DESCRIPTIONS, Competence, Kind, MembershipRole
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
        max_value=MAX_POPULATION,
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
        max_length=2000,
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


def role_choices(roles=tuple(MembershipRole)):
    """Radio choices that say what each role means: "Elected referent – An elected official who…"."""
    return [(role.value, format_lazy("{} – {}", capfirst(role.label), ROLE_DESCRIPTIONS[role])) for role in roles]


class JoinForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Your role for this body"),
        help_text=_("To submit its application, a body needs one elected referent and one technical referent."),
        choices=role_choices(),
        widget=forms.RadioSelect,
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of your colleague"),
        max_length=254,
        help_text=_("The invitation link works for 30 days, for this address only."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Their role"), widget=forms.RadioSelect)

    def __init__(self, roles, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(roles)
        if len(roles) == 1:
            self.fields["role"].initial = roles[0].value
            self.fields["role"].help_text = _("As a contributor, you can invite contributors.")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=role_choices(), widget=forms.RadioSelect)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Sent to the person by e-mail, so that they know what to do next."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConfirmForm(forms.Form):
    """No field: a button that confirms an action; errors of the action go in its summary."""
