"""State changes of accounts. Sign-up, login, e-mail verification and passwords are allauth's
flows (tnl/accounts/adapters.py hooks into them); what is ours is here."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import translation

from tnl.core import audit
from tnl.core.services import SYSTEM

from .models import User

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def supported_language(code=None):
    """`code` (default: the active language) reduced to one of settings.LANGUAGES."""
    code = code or translation.get_language() or settings.LANGUAGE_CODE
    try:
        code = translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE
    # Django returns the code as written when its lowercase form is supported ("EN-gb" gives "EN").
    return code.lower()


@transaction.atomic
def update_profile(user, full_name, language):
    """Change a person's own name and language (the language of the site and of their e-mails).

    Side effects: saves the user, writes `user.profile_updated` with before/after when
    something changed.
    """
    if language not in LANGUAGE_CODES:
        raise ValueError(f"unknown language {language!r}")
    user = User.objects.select_for_update().get(pk=user.pk)
    changes = {}
    for field, value in (("full_name", full_name), ("language", language)):
        before = getattr(user, field)
        if before != value:
            changes[field] = [before, value]
            setattr(user, field, value)
    if changes:
        user.save(update_fields=list(changes))
        audit.record(user, "user.profile_updated", user, ", ".join(changes), changes=changes)
    return user


def record_signup(user):
    """Called by the allauth adapter once a sign-up form saved its user.

    Side effects: writes `user.created`.
    """
    audit.record(user, "user.created", user, user.email, via="signup")


@transaction.atomic
def create_user_vouched_by_provider(email, full_name, provider):
    """A new account for someone an identity provider (e.g. ProConnect) vouches for: no
    password (they log in through the provider, or set one with "forgotten password"), and the
    e-mail address counts as verified.

    Side effects: saves the user and their verified primary EmailAddress, writes `user.created`.
    """
    user = User.objects.create_user(email=email, full_name=full_name, language=supported_language())
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    audit.record(SYSTEM, "user.created", user, user.email, via=provider)
    return user


@transaction.atomic
def confirm_email_vouched_by_provider(user, email, full_name, provider):
    """An existing account logs in through an identity provider that vouches for `email`:
    that address becomes verified, and an empty name is filled in.

    Side effects: saves the EmailAddress (and the user when the name was empty), writes
    `user.email_verified` when the address was not verified yet.
    """
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        address = EmailAddress.objects.create(user=user, email=email.lower(), verified=True, primary=not has_primary)
        audit.record(SYSTEM, "user.email_verified", user, address.email, via=provider)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
        audit.record(SYSTEM, "user.email_verified", user, address.email, via=provider)
    if full_name and not user.full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    return user
