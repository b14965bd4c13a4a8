"""Responses to logged-in people are never stored by a browser or proxy cache.

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY)."""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Add `Cache-Control: private, no-store` to every response for a logged-in person: dossiers,
    members, account and organiser pages must not stay in a shared computer's cache or a proxy's.
    Pages for visitors keep their defaults (the public pages can be cached)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
