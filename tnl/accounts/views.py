"""The "My account" page, the OpenID Connect login pages (404 while OIDC is off), and the
admin's login, sent to the platform's."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views

from . import oidc_failures, services
from .adapters import set_language_cookie
from .forms import ProfileForm


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        user = services.update_profile(user, form.cleaned_data["full_name"], form.cleaned_data["language"])
        with translation.override(user.language):
            messages.success(request, _("Your details are saved."))
        response = redirect("accounts:profile")
        set_language_cookie(response, user)
        return response
    context = {
        "form": form,
        "email_address": EmailAddress.objects.filter(user=user, primary=True).first(),
        "has_password": user.has_usable_password(),
    }
    return render(request, "accounts/profile.html", context)


class OIDCEnabledOnly:
    def dispatch(self, request, *args, **kwargs):
        if not settings.TNL_OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class OIDCAuthenticationRequestView(OIDCEnabledOnly, oidc_views.OIDCAuthenticationRequestView):
    pass


class OIDCAuthenticationCallbackView(OIDCEnabledOnly, oidc_views.OIDCAuthenticationCallbackView):
    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation:
            # An unknown state: an old or replayed link, or another browser's.
            request.oidc_failure = oidc_failures.INVALID
            return self.login_failure()

    def login_success(self):
        response = super().login_success()
        messages.success(
            self.request, _("You are logged in with %(provider)s.") % {"provider": settings.TNL_OIDC_PROVIDER_NAME}
        )
        set_language_cookie(response, self.user)
        return response

    def login_failure(self):
        provider = settings.TNL_OIDC_PROVIDER_NAME
        reason = getattr(self.request, "oidc_failure", None)
        if reason == oidc_failures.NO_EMAIL:
            message = _(
                "%(provider)s did not give us your e-mail address, which we need to find or create your "
                "account. Please log in with your e-mail address instead."
            )
        elif reason == oidc_failures.UNREACHABLE:
            message = _(
                "We could not reach %(provider)s. Please try again in a moment, or log in with your e-mail address."
            )
        elif reason == oidc_failures.AMBIGUOUS:
            message = _("Several accounts use this e-mail address. Please log in with your e-mail address.")
        elif self.request.GET.get("error"):
            message = _("The login with %(provider)s was cancelled.")
        else:
            message = _(
                "The login with %(provider)s did not succeed. Please try again, or log in with your e-mail address."
            )
        messages.error(self.request, message % {"provider": provider})
        return redirect("account_login")


def admin_login(request):
    """/admin/login/: staff log in on the platform's login page (with its rate limits, login by
    code and e-mail verification), then come back to the admin. Django's own admin login form,
    which has no rate limit, is never shown."""
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if not (request.user.is_active and request.user.is_staff):
            # Logged in but not staff: the admin does not exist for them (and sending them to the
            # login page would send them straight back here).
            raise Http404
        return redirect(target)
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")
