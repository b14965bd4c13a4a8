"""What the demo shows of the jury: last year's edition in deliberation (tnl/demo/jury.py)."""

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from tnl.accounts.models import User
from tnl.core.models import AuditEntry
from tnl.dossiers.models import Dossier
from tnl.editions.enums import Phase
from tnl.editions.models import Edition, JuryMember
from tnl.jury.enums import ReviewStatus
from tnl.jury.models import (
    Assignment,
    CalibrationSample,
    Clarification,
    Conflict,
    Decision,
    EvidenceCheck,
    OutboxMessage,
    QuestionNote,
    QuestionReview,
    Reminder,
    Review,
)
from tnl.jury.scoring import jury_results

CONFLICTED = "jure.conflit@demo.example.org"
POMPEY_BODIES = {"54430", "245400601", "54", "44"}  # Pompey, its EPCI, département and région


@pytest.fixture
def edition(demo, db):
    return Edition.objects.get(year=timezone.localdate().year - 1)


def jury_counts():
    models = [Dossier, JuryMember, Conflict, Assignment, Review, QuestionReview, EvidenceCheck, Decision]
    models += [CalibrationSample, QuestionNote, Clarification, OutboxMessage, Reminder, AuditEntry, User]
    counts = {model.__name__: model.objects.count() for model in models}
    # Each run records its import of the territory extract, as any import does.
    counts["AuditEntry"] = AuditEntry.objects.exclude(action="registry.imported").count()
    return counts


def test_last_years_edition_is_in_deliberation_with_a_dozen_submitted_dossiers_of_different_levels(edition):
    assert edition.phase == Phase.DELIBERATION
    dossiers = Dossier.objects.filter(edition=edition).select_related("territory", "edition__referential")
    assert dossiers.count() == 12
    assert {dossier.status for dossier in dossiers} == {"submitted"}
    assert {dossier.territory.kind for dossier in dossiers} == {"commune", "epci", "departement", "region"}
    results = jury_results(dossiers)
    assert len({result.declared.level for result in results.values()}) >= 3
    assert any(result.divergent for result in results.values())


def test_the_jury_has_a_conflicted_juror_a_declared_conflict_and_an_expert(edition):
    members = {m.user.email: m for m in JuryMember.objects.filter(edition=edition).select_related("user")}
    assert {email: m.role for email, m in members.items()} == {
        "jure@demo.example.org": "juror",
        CONFLICTED: "juror",
        "jure.adullact@demo.example.org": "juror",
        "jure.dinum@demo.example.org": "juror",
        "expert@demo.example.org": "expert",
    }
    declared = Conflict.objects.get(member__edition=edition)
    assert (declared.member.user.email, declared.territory.code) == ("jure.adullact@demo.example.org", "245400676")
    assert declared.reason
    # Never assigned a body they are conflicted with; two jurors per dossier, the expert on one.
    conflicted = Assignment.objects.filter(member=members[CONFLICTED])
    assert conflicted.exists()
    assert not conflicted.filter(dossier__territory__code__in=POMPEY_BODIES).exists()
    reviews = Assignment.objects.filter(dossier__edition=edition, calibration=False, member__role="juror")
    assert reviews.count() == 24
    assert Assignment.objects.filter(member=members["expert@demo.example.org"]).count() == 1
    assert (
        Review.objects.filter(assignment__member__role="expert", status=ReviewStatus.SUBMITTED)
        .exclude(opinion="")
        .exists()
    )


def test_the_conflicted_juror_cannot_open_the_review_of_pompeys_dossier(edition, client):
    client.force_login(User.objects.get(email=CONFLICTED))
    other = Assignment.objects.filter(dossier__territory__code="54430", calibration=False).first()
    assert client.get(f"/jury/{edition.year}/evaluations/{other.pk}/").status_code == 404
    mine = Assignment.objects.filter(member__user__email=CONFLICTED, calibration=False).first()
    assert client.get(f"/jury/{edition.year}/evaluations/{mine.pk}/").status_code == 200


def test_reviews_calibration_clarifications_decisions_and_outbox_are_there(edition, client):
    assert CalibrationSample.objects.filter(edition=edition).count() == 1
    calibration = Review.objects.filter(assignment__calibration=True, status=ReviewStatus.SUBMITTED)
    assert calibration.count() == 4
    rubrics = QuestionReview.objects.filter(review__in=calibration).values_list("question", "rubric")
    assert len({rubric for _question, rubric in rubrics}) > 1  # the jurors disagree
    assert QuestionNote.objects.filter(edition=edition).count() == 1
    juliette = Assignment.objects.filter(member__user__email="jure@demo.example.org", calibration=False)
    assert juliette.filter(review__status=ReviewStatus.IN_PROGRESS).count() == 1
    assert juliette.filter(review__isnull=True).count() == 1
    assert Review.objects.filter(assignment__calibration=False, status=ReviewStatus.SUBMITTED).count() >= 20
    assert QuestionReview.objects.exclude(corrected_points="").exclude(correction_reason="").exists()
    assert EvidenceCheck.objects.filter(is_valid=False).exists()
    reopened, answered = Clarification.objects.order_by("pk")
    assert reopened.questions == ["DON-02"] and reopened.open_until > timezone.now()
    assert answered.status == "answered"
    decisions = Decision.objects.filter(dossier__edition=edition)
    assert decisions.count() == 3
    assert decisions.exclude(reason="").exclude(level=F("proposed_level")).exists()
    assert decisions.exclude(mentions=[]).exists()
    assert OutboxMessage.objects.filter(edition=edition).count() == 2 * 3  # two referents per decided body
    assert Reminder.objects.filter(edition__year=edition.year + 1).count() == 1
    client.force_login(User.objects.get(email="jure@demo.example.org"))
    assert client.get(f"/jury/{edition.year}/").status_code == 200
    assert client.get(f"/jury/{edition.year}/deliberation/").status_code == 200


def test_a_second_run_changes_nothing(edition):
    before = jury_counts()
    call_command("load_demo", verbosity=0)
    assert jury_counts() == before
