"""Deliberation helpers for the tests: submitted reviews written as rows (the review pages are
another part's), the phase moves, and the published phase (the publication step comes later)."""

from django.utils import timezone

from tnl.editions import services as edition_services
from tnl.editions.models import Edition
from tnl.jury.enums import ReviewStatus
from tnl.jury.models import Assignment, QuestionReview, Review

# Corrections that move the default referential's level of a dossier answered "no" everywhere:
# LOG-01 (required for level 1) given its 5 points reaches level 1.
LEVEL_1 = {"LOG-01": "5"}


def seat_of(user, edition):
    return user.jurymember_set.get(edition=edition)


def submit_review(dossier, user, corrections=None):
    """A submitted review of `dossier` by the juror `user`, with corrected points {code: "points"}."""
    assignment, _created = Assignment.objects.get_or_create(dossier=dossier, member=seat_of(user, dossier.edition))
    review = Review.objects.create(assignment=assignment, status=ReviewStatus.SUBMITTED, submitted_at=timezone.now())
    for code, points in (corrections or {}).items():
        QuestionReview.objects.create(review=review, question=code, corrected_points=points, correction_reason="Vu")
    return review


def start_deliberation(edition, organiser):
    return edition_services.start_deliberation(organiser, edition)


def publish(edition):
    """The edition as once its results are published (the publication step is the next issue's)."""
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(deliberation_started_at=now, published_at=now)
    edition.refresh_from_db()
    return edition
