"""The account pages that are not allauth's (allauth's are under /accounts/).

The /oidc/ pages are always routed and answer 404 while TNL_OIDC_ENABLED is off, so that
turning OIDC on needs no change here. Their names are mozilla-django-oidc's (it reverses
`oidc_authentication_callback`), hence no namespace for them.
"""

from django.urls import include, path

from . import views

profile_patterns = [
    path("", views.profile, name="profile"),
]

oidc_patterns = [
    path("authenticate/", views.OIDCAuthenticationRequestView.as_view(), name="oidc_authentication_init"),
    path("callback/", views.OIDCAuthenticationCallbackView.as_view(), name="oidc_authentication_callback"),
]

urlpatterns = [
    path("compte/", include((profile_patterns, "accounts"))),
    path("oidc/", include(oidc_patterns)),
]
