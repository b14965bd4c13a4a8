"""Helpers of the membership tests: addresses of Nancy's pages, English-reading people, e-mails
sent, audit actions. The people and bodies themselves are the cast of tests/conftest.py."""

from django.core import mail

from tests.factories import CONTRIBUTOR, ELECTED, PASSWORD, TECHNICAL, MembershipFactory, UserFactory, verified
from tnl.core.models import AuditEntry
from tnl.territories.enums import MembershipStatus

__all__ = [
    "CONTRIBUTOR",
    "ELECTED",
    "MEMBERS",
    "MEMBERSHIP_ROLES",
    "MY_BODIES",
    "NANCY_URL",
    "PASSWORD",
    "SITE",
    "TECHNICAL",
    "actions",
    "make_membership",
    "make_user",
    "member_url",
    "sent",
    "status_of",
    "today",
    "verify_email",
]

SITE = "https://label.example.org"
NANCY_URL = "/territoires/commune/54395/"
MEMBERS = "/territoires/commune/54395/membres/"
MY_BODIES = "/mes-organismes/"
MEMBERSHIP_ROLES = ["visitor", "outsider", "member", "referent", "other_member", "organiser"]

verify_email = verified


def make_user(email, full_name="", **fields):
    """A person who reads the site and e-mails in English (see `english_site`)."""
    fields.setdefault("language", "en")
    return UserFactory(email=email, full_name=full_name, **fields)


def make_membership(user, territory, role, status=MembershipStatus.CONFIRMED):
    from django.utils import timezone

    confirmed_at = timezone.now() if status == MembershipStatus.CONFIRMED else None
    return MembershipFactory(user=user, territory=territory, role=role, status=status, confirmed_at=confirmed_at)


def member_url(membership, action):
    """The page of an action on one membership of Nancy: "role", "quitter", "confirmer", "refuser"."""
    return f"{MEMBERS}{membership.pk}/{action}/"


def today():
    """Today as the English pages write it."""
    from django.utils import timezone, translation
    from django.utils.formats import date_format

    with translation.override("en"):
        return date_format(timezone.localtime(), "j F Y")


def sent():
    return [(message.to, message.subject) for message in mail.outbox]


def actions(obj):
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def status_of(membership):
    membership.refresh_from_db()
    return membership.status, membership.role
