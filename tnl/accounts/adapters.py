"""Our hooks into allauth: the full name and language at sign-up, e-mails in the recipient's
language, and the language of the site after logging in."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
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
