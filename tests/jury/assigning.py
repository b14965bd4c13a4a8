"""Helpers of the assignment tests: seats, reviews, phases, e-mails and audit actions."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from tnl.core.models import AuditEntry
from tnl.editions.models import Edition
from tnl.jury.enums import ReviewStatus
from tnl.jury.models import Review


def seat_of(user, edition):
    return user.jurymember_set.get(edition=edition)


def review(assignment, submitted=False):
    status = ReviewStatus.SUBMITTED if submitted else ReviewStatus.IN_PROGRESS
    return Review.objects.create(
        assignment=assignment, status=status, submitted_at=timezone.now() if submitted else None
    )


def publish(edition):
    Edition.objects.filter(pk=edition.pk).update(deliberation_started_at=timezone.now(), published_at=timezone.now())
    edition.refresh_from_db()
    return edition


def start_deliberation(edition):
    Edition.objects.filter(pk=edition.pk).update(deliberation_started_at=timezone.now())
    edition.refresh_from_db()
    return edition


def sent():
    """(recipients, subject) of each e-mail sent."""
    return [(message.to, message.subject) for message in mail.outbox]


JURY_ACTIONS = ("jury_member.", "conflict.", "assignment.", "edition.jury_settings_changed")


def actions():
    """The audit actions of this part of the jury, oldest first."""
    codes = AuditEntry.objects.order_by("id").values_list("action", flat=True)
    return [code for code in codes if code.startswith(JURY_ACTIONS)]


def move_to_review(edition):
    """Applications closed two days ago, the review started yesterday (as tests/jury/conftest.py)."""
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=2),
        jury_on=timezone.localdate(now - timedelta(days=1)),
    )
    edition.refresh_from_db()
    return edition
