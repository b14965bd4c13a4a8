"""Where the jury's parts meet: a seat, a conflict or a review in one part changes what another
part gives or tells. Each test goes through the services, as the pages do."""

import re

import pytest
from django.core import mail

from tests import factories
from tests.jury.calibrating import calibration_dossiers, seat
from tnl.core.models import AuditEntry
from tnl.core.services import Refused
from tnl.editions.enums import JuryRole
from tnl.jury import assignment_services, calibration_services, clarification_services, review_services
from tnl.jury.models import Assignment

NANCY = re.compile(r"(?<![-\w])Nancy \(54\)")


def told_of_nancy(address):
    """The subjects of the e-mails to `address` that name Nancy's dossier (not Vandœuvre-lès-Nancy's)."""
    return [
        message.subject
        for message in mail.outbox
        if address in message.to and NANCY.search(message.subject + "\n" + message.body)
    ]


# A seat added after the calibration dossiers -------------------------------------------------------


def test_a_juror_added_after_the_samples_gets_them(organiser, edition, submitted):
    calibration_services.add_calibration_sample(organiser, edition, submitted)
    late = factories.UserFactory(email="tard@example.org")
    assignment_services.add_jury_member(organiser, edition, "tard@example.org", JuryRole.JUROR)
    assert calibration_dossiers(late, edition) == ["Nancy"]
    assert AuditEntry.objects.filter(action="calibration_sample.assigned").count() == 1


def test_an_expert_added_after_the_samples_gets_none(organiser, edition, submitted):
    calibration_services.add_calibration_sample(organiser, edition, submitted)
    late = factories.UserFactory(email="tard@example.org")
    assignment_services.add_jury_member(organiser, edition, "tard@example.org", JuryRole.EXPERT)
    assert calibration_dossiers(late, edition) == []


def test_a_conflicted_juror_added_after_the_samples_does_not_get_theirs(organiser, edition, submitted, grand_nancy):
    calibration_services.add_calibration_sample(organiser, edition, submitted)
    late = factories.UserFactory(email="tard@example.org")
    factories.MembershipFactory(user=late, territory=grand_nancy, role=factories.CONTRIBUTOR)
    assignment_services.add_jury_member(organiser, edition, "tard@example.org", JuryRole.JUROR)
    assert calibration_dossiers(late, edition) == []


# A conflicted juror hears nothing more of the dossier ----------------------------------------------


def test_a_juror_who_declares_a_conflict_hears_nothing_more_of_the_dossier(
    organiser, review_edition, submitted, juror, nancy, elected, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignment_services.assign(organiser, submitted, seat(juror, review_edition))
        question = clarification_services.ask_clarification(juror, submitted, "Où est la délibération ?")
    assert len(told_of_nancy("jure@example.org")) == 1  # assigned
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_services.declare_conflict(juror, assignment.member, nancy, "Élu voisin")
        clarification_services.answer_clarification(elected, question, "Jointe en pièce.")
        assignment_services.assign_reviewers(organiser, review_edition)
    assert not Assignment.objects.filter(member=assignment.member, dossier=submitted).exists()
    assert told_of_nancy("jure@example.org") == []


def test_a_juror_who_joins_the_body_hears_nothing_more_of_the_dossier(
    organiser, assignment, submitted, juror, nancy, elected, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        question = clarification_services.ask_clarification(juror, submitted, "Où est la délibération ?")
        review = review_services.submit_review(juror, assignment)
    factories.MembershipFactory(user=juror, territory=nancy, role=factories.CONTRIBUTOR)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        clarification_services.answer_clarification(elected, question, "Jointe en pièce.")
        with pytest.raises(
            Refused,
            match="Jules Juré est désormais en conflit avec Nancy \\(54\\) \\(Agit pour Nancy\\) : son évaluation ne peut pas être rouverte",
        ):
            review_services.reopen_review(organiser, review)
        assignment_services.assign_reviewers(organiser, assignment.dossier.edition)
    review.refresh_from_db()
    assert review.is_submitted
    assert told_of_nancy("jure@example.org") == []
