from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def oidc_login(next_url=""):
    """{"name", "url"} of the OpenID Connect provider's login, or None while it is off."""
    if not settings.TNL_OIDC_ENABLED:
        return None
    try:
        url = reverse("oidc_authentication_init")
    except NoReverseMatch:
        return None
    if next_url:
        url = f"{url}?{urlencode({'next': next_url})}"
    return {"name": settings.TNL_OIDC_PROVIDER_NAME, "url": url}
