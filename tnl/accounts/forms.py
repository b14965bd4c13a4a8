"""The account forms: allauth's, made plainer (labels instead of placeholders, short help
texts), plus the full name at sign-up and the profile form."""

from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core import validators
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


def _min_password_length():
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return validator.min_length
    return 8


def _password_help():
    return _("At least %(count)d characters. Avoid common passwords, only digits, or your name.") % {
        "count": _min_password_length()
    }


PASSWORD_HELP = lazy(_password_help, str)()
NEW_PASSWORD_FIELDS = ("password1",)
# Longest text accepted per field kind: allauth's e-mail fields take 320 characters, but the
# account's column holds 254; its password and code fields have no limit at all.
EMAIL_MAX_LENGTH = 254
PASSWORD_MAX_LENGTH = 1000
CODE_MAX_LENGTH = 20


def _bound(field, limit):
    if field.max_length is None or field.max_length > limit:
        field.max_length = limit
        field.validators.append(validators.MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)


class PlainFormMixin:
    """Labels say what to type: drop allauth's placeholders (they repeat the label and vanish
    while typing) and its long password rules; the "forgotten password" link is on the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if isinstance(field, forms.EmailField):
                _bound(field, EMAIL_MAX_LENGTH)
            elif "password" in name:
                _bound(field, PASSWORD_MAX_LENGTH)
            elif name == "code":
                _bound(field, CODE_MAX_LENGTH)
            if name in NEW_PASSWORD_FIELDS:
                field.help_text = PASSWORD_HELP
            elif name in ("password", "oldpassword"):
                field.help_text = ""


class LoginForm(PlainFormMixin, allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Stay logged in on this device")


class SignupForm(PlainFormMixin, allauth_forms.SignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As you want it shown to the people you work with, e.g. Camille Martin."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].help_text = _("Preferably your work address. We will send you a link to verify it.")
        self.fields["password2"].label = _("Password again")

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class RequestLoginCodeForm(PlainFormMixin, allauth_forms.RequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")


class ConfirmLoginCodeForm(PlainFormMixin, allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Login code")
        self.fields["code"].help_text = _("The eight letters from the e-mail, e.g. KLMN-PQRS.")


class ResetPasswordForm(PlainFormMixin, allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")


class ResetPasswordKeyForm(PlainFormMixin, allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("New password")
        self.fields["password2"].label = _("New password again")


class ChangePasswordForm(PlainFormMixin, allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = _("Current password")
        self.fields["password1"].label = _("New password")
        self.fields["password2"].label = _("New password again")


class SetPasswordForm(PlainFormMixin, allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password2"].label = _("Password again")


class AddEmailForm(PlainFormMixin, allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("New e-mail address")
        self.fields["email"].help_text = _(
            "We will send a link to this address; it replaces the current one once verified."
        )


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the site and of the e-mails we send you."),
    )

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())
