"""The language switch (Django's `set_language`), without a CSRF token in a visitor's pages.

A visitor's page then sets no cookie, and the same page is the same bytes for every visitor:
nginx can keep it a few seconds (deploy/nginx.conf, "microcache"), which is what holds
results-day traffic. Switching the language of someone who is not logged in from another site
changes nothing but the language they read in, so the check is left out for visitors; for a
logged-in person the CSRF check applies, as on every other form."""

from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.i18n import set_language as django_set_language

_checked = csrf_protect(django_set_language)


@csrf_exempt
def set_language(request):
    if request.user.is_authenticated:
        return _checked(request)
    return django_set_language(request)
