"""Login with an OpenID Connect provider such as ProConnect (mozilla-django-oidc), when
TNL_OIDC_ENABLED is on.

The provider vouches for the e-mail address: an account with that address (in any case) is
used, or one is created with the name the provider gives; either way the address counts as
verified. No e-mail address, no account. ProConnect answers userinfo as a signed JWT
(application/jwt), which mozilla-django-oidc checks against the provider's keys like the
id_token.

Why a login failed is left on the request (`request.oidc_failure`) for the callback page to
explain it.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import services
from .oidc_failures import AMBIGUOUS, INVALID, NO_EMAIL, UNREACHABLE

LOGGER = logging.getLogger(__name__)


def full_name_from_claims(claims):
    given = claims.get("given_name") or ""
    family = claims.get("usual_name") or claims.get("family_name") or ""
    return " ".join(f"{given} {family}".split())


class OIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if "nonce" not in kwargs:
            return None  # not the provider's callback (e.g. a password login)
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            # A bad signature, nonce or audience, an expired token: refuse, and say so in the log.
            LOGGER.warning("OIDC login refused: %s", error)
            _fail(request, INVALID)
        except requests.RequestException as error:
            LOGGER.warning("OIDC provider unreachable or answering an error: %s", error)
            _fail(request, UNREACHABLE)
        return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            # The id_token must be meant for us (mozilla-django-oidc does not check `aud`).
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("the id_token was issued for another client")
        return payload

    def verify_claims(self, claims):
        if not (claims.get("email") or "").strip():
            _fail(self.request, NO_EMAIL)
            return False
        return True

    def filter_users_by_claims(self, claims):
        email = claims["email"].strip()
        users = self.UserModel.objects.filter(
            Q(email__iexact=email) | Q(emailaddress__email__iexact=email, emailaddress__verified=True)
        ).distinct()
        if users.count() > 1:
            _fail(self.request, AMBIGUOUS)
        return users

    def create_user(self, claims):
        return services.create_user_vouched_by_provider(
            claims["email"].strip(), full_name_from_claims(claims), settings.TNL_OIDC_PROVIDER_NAME
        )

    def update_user(self, user, claims):
        return services.confirm_email_vouched_by_provider(
            user, claims["email"].strip(), full_name_from_claims(claims), settings.TNL_OIDC_PROVIDER_NAME
        )


def _fail(request, reason):
    if request is not None and not getattr(request, "oidc_failure", None):
        request.oidc_failure = reason
