"""Forms of the jury's membership, conflicts and assignment pages (the services check again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tnl.editions.enums import JuryRole

from .assignment_services import MAX_REVIEWERS, ORGANISATION_MAX_LENGTH, REASON_MAX_LENGTH


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address of the person's account on the platform."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=JuryRole.choices, initial=JuryRole.JUROR, widget=forms.RadioSelect
    )
    organisation = forms.CharField(
        label=_("Organisation represented"), max_length=ORGANISATION_MAX_LENGTH, required=False
    )


class DeclareConflictForm(forms.Form):
    """The body comes from the search results shown with the form (radio buttons in the template)."""

    territory = forms.IntegerField(label=_("Body"), error_messages={"required": _("Choose a body in the results.")})
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text=_("For instance: “former employee of the town”. Organisers and you see it."),
        widget=forms.TextInput(),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, INSEE code, SIREN or postal code"), max_length=100, required=False)


class JurySettingsForm(forms.Form):
    reviewers_per_dossier = forms.IntegerField(label=_("Reviewers per dossier"), min_value=1, max_value=MAX_REVIEWERS)
    reviews_hidden_until_submitted = forms.BooleanField(
        label=_("Jurors see the other reviews of a dossier only after submitting their own"), required=False
    )
