"""Calibration in tests: submitted dossiers of extra bodies, and jurors' readings written as rows
(the review workspace that writes them belongs to another part of the jury)."""

from datetime import timedelta

from django.utils import timezone

from tests import factories
from tests.dossiers.answering import answer_all_required
from tests.factories import ELECTED, TECHNICAL
from tnl.dossiers import services as dossier_services
from tnl.editions.enums import Phase
from tnl.editions.models import Edition, JuryMember
from tnl.jury.enums import ReviewStatus
from tnl.jury.models import Assignment, QuestionReview, Review


def submitted_dossier(edition, name=None, body=None):
    """The submitted dossier of `body`, or of a new commune `name` (outside the Grand Nancy), with
    new elected and technical referents (tests/jury/conftest.py's `other_submitted` lacks the
    technical referent that submission needs)."""
    body = body or factories.CommuneFactory(name=name)
    referent = factories.member_of(body, ELECTED)
    factories.member_of(body, TECHNICAL)
    dossier = factories.DossierFactory(edition=edition, territory=body, actor=referent)
    answer_all_required(dossier, referent)
    dossier_services.submit_dossier(referent, dossier)
    dossier.refresh_from_db()
    return dossier


def seat(user, edition):
    return JuryMember.objects.get(edition=edition, user=user)


def read(user, dossier, readings=None, submitted=False):
    """`user`'s calibration review of `dossier`, with {code: rubric (int) or correction (str)}."""
    member = seat(user, dossier.edition)
    assignment, _ = Assignment.objects.get_or_create(dossier=dossier, member=member, calibration=True)
    review = Review.objects.create(
        assignment=assignment, status=ReviewStatus.SUBMITTED if submitted else ReviewStatus.IN_PROGRESS
    )
    for code, value in (readings or {}).items():
        if isinstance(value, str):
            QuestionReview.objects.create(review=review, question=code, corrected_points=value, comment="secret")
        else:
            QuestionReview.objects.create(review=review, question=code, rubric=value, comment="secret")
    return review


def move(edition, phase):
    """The edition moved to `phase` by its dates (and recorded actions), as time passing would."""
    now = timezone.now()
    dates = {
        Phase.CLOSED: {"closes_at": now - timedelta(days=1), "jury_on": timezone.localdate(now + timedelta(days=5))},
        Phase.REVIEW: {"closes_at": now - timedelta(days=2), "jury_on": timezone.localdate(now - timedelta(days=1))},
        Phase.DELIBERATION: {
            "closes_at": now - timedelta(days=2),
            "jury_on": timezone.localdate(now - timedelta(days=1)),
            "deliberation_started_at": now,
        },
        Phase.PUBLISHED: {"closes_at": now - timedelta(days=2), "published_at": now},
    }[phase]
    Edition.objects.filter(pk=edition.pk).update(opens_at=now - timedelta(days=40), **dates)
    edition.refresh_from_db()
    assert edition.phase == phase
    return edition


def calibration_dossiers(user, edition):
    """The names of the bodies whose dossiers `user` has to calibrate in `edition`."""
    return list(
        Assignment.objects.filter(member__user=user, member__edition=edition, calibration=True).values_list(
            "dossier__territory__name", flat=True
        )
    )
