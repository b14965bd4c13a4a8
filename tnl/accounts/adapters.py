"""Our hooks into allauth: the full name and language at sign-up, e-mails in the recipient's
language, the language of the site after logging in, and who is counted by the rate limits
(the client's address behind the trusted proxies; failed logins per account and address)."""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.utils import translation

from . import services
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data.get("full_name", "")
        user.language = services.supported_language()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.record_signup(user)
        return user

    def send_mail(self, template_prefix, email, context):
        """Write to people in the language they chose; to unknown addresses in the page's."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or services.supported_language()
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "LABEL_NAME": settings.TNL_LABEL_NAME,
            "SITE_URL": settings.SITE_URL,
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context, headers={"Content-Language": language})
        message.send()

    def get_client_ip(self, request):
        """The client's address: the connection's, or, when it comes from a trusted proxy, the
        nearest address in X-Forwarded-For that is not one of the trusted proxies."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed logins per account ("key"); counting them per account *and*
        # address means a stranger's wrong passwords never lock the owner out.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        set_language_cookie(response, user)
        return response


def set_language_cookie(response, user):
    """Show the site in the person's language from now on (as the language switch does)."""
    if response is not None and user.language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


def _networks():
    return [ipaddress.ip_network(proxy, strict=False) for proxy in settings.TNL_TRUSTED_PROXIES]


def _address(value):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(request):
    """The address of whoever sent `request`, as text.

    X-Forwarded-For is believed only from the proxies of TNL_TRUSTED_PROXIES: walking it from
    the right (the entry the nearest proxy added), the first address that is not a trusted proxy
    is the client. Anyone else's X-Forwarded-For is ignored (it could say anything).
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    networks = _networks()

    def trusted(address):
        return any(address.version == network.version and address in network for network in networks)

    if not trusted(remote):
        return str(remote)
    forwarded = [part for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    for entry in reversed(forwarded):
        address = _address(entry)
        if address is None:
            break  # a garbled entry: stop at the last address we can vouch for
        if not trusted(address):
            return str(address)
        remote = address
    return str(remote)
