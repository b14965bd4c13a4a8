"""Every check of the clarification services, called directly: who, phase, submitted, dates,
unknown codes, text length. Each refusal leaves no row, no audit entry and no e-mail."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.jury.clarifying import in_review
from tnl.core.formatting import when
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM
from tnl.dossiers import services as dossier_services
from tnl.dossiers.models import Answer, Evidence
from tnl.editions.models import Edition
from tnl.jury.clarification_services import answer_clarification, ask_clarification, close_clarification
from tnl.jury.enums import ClarificationStatus
from tnl.jury.models import MAX_TEXT_LENGTH, Assignment, Clarification, ClarificationMessage

LATER = timedelta(days=5)
PHASE = (
    "The jury and the candidates exchange questions only between the deadline and the publication "
    "of the results ({year} edition: {phase})."
)


@pytest.fixture
def refused(django_capture_on_commit_callbacks):
    @contextmanager
    def _refused(exception, messages=None):
        audited = AuditEntry.objects.count()
        rows = (Clarification.objects.count(), ClarificationMessage.objects.count())
        statuses = list(Clarification.objects.values_list("status", flat=True))
        mail.outbox.clear()
        with (
            translation.override("en"),
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(exception) as error,
        ):
            yield error
        if messages is not None:
            assert error.value.messages == messages
        assert AuditEntry.objects.count() == audited
        assert (Clarification.objects.count(), ClarificationMessage.objects.count()) == rows
        assert list(Clarification.objects.values_list("status", flat=True)) == statuses
        assert callbacks == [] and mail.outbox == []

    return _refused


@pytest.fixture
def submitted(dossier, elected, juror):
    """Nancy's dossier, submitted, in the jury review, assigned to `juror`."""
    return in_review(dossier, elected, juror)


@pytest.fixture
def assignment(submitted):
    return submitted.assignments.get()


@pytest.fixture
def review_edition(submitted):
    return submitted.edition


def set_dates(edition, **dates):
    Edition.objects.filter(pk=edition.pk).update(**dates)
    edition.refresh_from_db()


@pytest.fixture
def asked(assignment, juror, submitted):
    return ask_clarification(juror, submitted, "Pouvez-vous préciser ?", ["STR-01"], timezone.now() + LATER)


# ask_clarification ------------------------------------------------------------------------------


def test_the_assigned_juror_asks_and_reopens(assignment, juror, submitted):
    clarification = ask_clarification(
        juror, submitted, "  Précisez.  ", ["STR-01", "STR-02", "STR-01"], timezone.now() + LATER
    )
    assert clarification.questions == ["STR-01", "STR-02"]
    assert clarification.before == {
        "STR-01": {"value": False, "evidence": []},
        "STR-02": {"value": submitted.answers.get(question="STR-02").value, "evidence": []},
    }
    assert [m.text for m in clarification.messages.all()] == ["Précisez."]
    assert clarification.status == ClarificationStatus.OPEN
    assert AuditEntry.objects.filter(action="clarification.asked", object_id=str(clarification.pk)).count() == 1


def test_a_plain_question_keeps_no_date(assignment, juror, submitted):
    clarification = ask_clarification(juror, submitted, "Une question", open_until=timezone.now() + LATER)
    assert (clarification.questions, clarification.open_until, clarification.before) == ([], None, {})


@pytest.mark.parametrize(
    "role", ["second_juror", "expert", "conflicted_juror", "declared_juror", "elected", "outsider"]
)
def test_only_organisers_and_assigned_jurors_ask(role, review_edition, submitted, user_for, refused):
    with refused(PermissionDenied):
        ask_clarification(user_for(role), submitted, "Question")


def test_an_assigned_expert_may_not_ask(review_edition, submitted, expert, refused):
    Assignment.objects.create(dossier=submitted, member=expert.jurymember_set.get())
    with refused(PermissionDenied):
        ask_clarification(expert, submitted, "Question")


def test_the_organiser_asks(review_edition, submitted, organiser):
    assert ask_clarification(organiser, submitted, "Question").asked_by == organiser


@pytest.mark.parametrize(
    "dates,phase",
    [
        ({}, "Open for applications"),
        ({"published_at": "now"}, "Results published"),
        ({"archived_at": "now"}, "Archived"),
    ],
)
def test_asked_only_while_the_jury_works(dates, phase, assignment, juror, submitted, refused):
    if dates:
        set_dates(submitted.edition, **{field: timezone.now() for field in dates})
    else:  # back to the applications
        set_dates(submitted.edition, closes_at=timezone.now() + LATER)
    with refused(ValidationError, [PHASE.format(year=submitted.edition.year, phase=phase)]):
        ask_clarification(juror, submitted, "Question")


def test_asked_when_closed_in_review_and_in_deliberation(assignment, juror, submitted):
    edition = submitted.edition
    set_dates(edition, jury_on=(timezone.now() + LATER).date())
    assert edition.phase == "closed"
    ask_clarification(juror, submitted, "Fermée")
    set_dates(edition, jury_on=timezone.localdate())
    assert edition.phase == "review"
    ask_clarification(juror, submitted, "Revue")
    set_dates(edition, deliberation_started_at=timezone.now())
    assert edition.phase == "deliberation"
    ask_clarification(juror, submitted, "Délibération")


def test_asked_only_about_a_submitted_dossier(assignment, juror, submitted, refused):
    submitted.status = "draft"
    submitted.save(update_fields=["status"])
    with refused(ValidationError, ["The dossier of Nancy (54) was not submitted: there is nothing to ask."]):
        ask_clarification(juror, submitted, "Question")


@pytest.mark.parametrize("text", ["", "   \n"])
def test_the_question_is_written(text, assignment, juror, submitted, refused):
    with refused(ValidationError, ["Write the question to ask the candidate."]):
        ask_clarification(juror, submitted, text)


def test_the_question_is_not_too_long(assignment, juror, submitted, refused):
    ask_clarification(juror, submitted, "x" * MAX_TEXT_LENGTH)
    with refused(ValidationError, ["The message is too long: 10,001 characters; at most 10,000 are allowed."]) as error:
        ask_clarification(juror, submitted, "x" * (MAX_TEXT_LENGTH + 1))
    assert error.value.code == "too_long"


def test_unknown_codes_are_named(assignment, juror, submitted, refused):
    year = submitted.edition.year
    with refused(ValidationError, [f"The referential of the {year} edition has no question NOPE-1, NOPE-2."]):
        ask_clarification(juror, submitted, "Question", ["STR-01", "NOPE-1", "NOPE-2"], timezone.now() + LATER)


def test_reopening_needs_a_date(assignment, juror, submitted, refused):
    with refused(ValidationError, ["Give the date until which the reopened questions can be corrected."]):
        ask_clarification(juror, submitted, "Question", ["STR-01"])


def test_reopening_needs_a_date_to_come(assignment, juror, submitted, refused):
    past = timezone.now() - timedelta(minutes=1)
    with translation.override("en"):
        message = f"The date for corrections ({when(past)}) is past: choose a date to come."
    with refused(ValidationError, [message]):
        ask_clarification(juror, submitted, "Question", ["STR-01"], past)


def test_reopening_until_this_very_instant_is_already_past(assignment, juror, submitted, refused, monkeypatch):
    instant = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: instant)  # a stopped clock
    with translation.override("en"):
        message = f"The date for corrections ({when(instant)}) is past: choose a date to come."
    with refused(ValidationError, [message]):
        ask_clarification(juror, submitted, "Question", ["STR-01"], instant)


def test_reopening_ends_before_the_planned_publication(assignment, juror, submitted, refused):
    edition = submitted.edition
    on_the_day = timezone.now() + timedelta(days=3)
    publication = timezone.localdate(on_the_day)
    set_dates(edition, publication_on=publication)
    ask_clarification(juror, submitted, "Question", ["STR-01"], timezone.now() + timedelta(days=2))
    ask_clarification(juror, submitted, "Question", ["STR-01"], on_the_day)  # until the day itself
    until = timezone.now() + LATER
    with translation.override("en"):
        message = (
            f"The date for corrections ({when(until)}) is after the planned publication of the results "
            f"({publication.day} {publication:%B %Y}): choose an earlier date."
        )
    with refused(ValidationError, [message]):
        ask_clarification(juror, submitted, "Question", ["STR-01"], until)


# answer_clarification ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["elected", "technical", "contributor"])
def test_members_answer(role, asked, user_for):
    message = answer_clarification(user_for(role), asked, " Voici. ")
    asked.refresh_from_db()
    assert (message.text, asked.status) == ("Voici.", ClarificationStatus.ANSWERED)
    assert AuditEntry.objects.filter(action="clarification.answered", object_id=str(asked.pk)).count() == 1


@pytest.mark.parametrize("role", ["juror", "organiser", "member_of_other_body", "outsider", "conflicted_juror"])
def test_only_members_answer(role, asked, user_for, refused):
    with refused(PermissionDenied):
        answer_clarification(user_for(role), asked, "Réponse")


def test_a_closed_question_is_not_answered(asked, juror, elected, refused):
    close_clarification(juror, asked)
    with refused(ValidationError, ["The jury closed this question: it can no longer be answered."]):
        answer_clarification(elected, asked, "Réponse")


def test_no_answer_after_publication(asked, elected, refused):
    set_dates(asked.dossier.edition, published_at=timezone.now())
    year = asked.dossier.edition.year
    with refused(ValidationError, [PHASE.format(year=year, phase="Results published")]):
        answer_clarification(elected, asked, "Réponse")


def test_the_answer_is_written_and_not_too_long(asked, elected, refused):
    with refused(ValidationError, ["Write your answer."]):
        answer_clarification(elected, asked, " ")
    with refused(ValidationError, ["The message is too long: 10,001 characters; at most 10,000 are allowed."]):
        answer_clarification(elected, asked, "x" * (MAX_TEXT_LENGTH + 1))


# close_clarification ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["juror", "organiser"])
def test_the_asker_or_an_organiser_closes(role, asked, user_for):
    close_clarification(user_for(role), asked)
    asked.refresh_from_db()
    assert asked.status == ClarificationStatus.CLOSED
    assert AuditEntry.objects.filter(action="clarification.closed", object_id=str(asked.pk)).count() == 1


def test_another_assigned_juror_does_not_close(asked, second_juror, refused):
    Assignment.objects.create(dossier=asked.dossier, member=second_juror.jurymember_set.get())
    with refused(PermissionDenied) as error:
        close_clarification(second_juror, asked)
    assert error.value.args == ("jury.clarify",)


@pytest.mark.parametrize("role", ["elected", "conflicted_juror", "expert", "outsider"])
def test_others_do_not_close(role, asked, user_for, refused):
    with refused(PermissionDenied):
        close_clarification(user_for(role), asked)


def test_the_asker_once_unassigned_does_not_close(asked, juror, refused):
    Assignment.objects.all().delete()
    with refused(PermissionDenied):
        close_clarification(juror, asked)


def test_closed_once(asked, juror, refused):
    close_clarification(juror, asked)
    with refused(ValidationError, ["This question is already closed."]):
        close_clarification(juror, asked)


def test_closing_ends_the_reopening(asked, juror, elected, refused):
    dossier_services.save_answer(elected, asked.dossier, "STR-01", False, "corrigé", expected_version=1)
    close_clarification(juror, asked)
    with refused(ValidationError):
        dossier_services.save_answer(elected, asked.dossier, "STR-01", True, expected_version=2)


def test_a_conflicted_asker_is_not_told(asked, juror, elected, nancy, django_capture_on_commit_callbacks):
    factories.MembershipFactory(user=juror, territory=nancy, role=factories.CONTRIBUTOR)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer_clarification(elected, asked, "Réponse")
    assert mail.outbox == []


def test_an_inactive_asker_is_not_told(asked, juror, elected, django_capture_on_commit_callbacks):
    juror.is_active = False
    juror.save(update_fields=["is_active"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer_clarification(elected, asked, "Réponse")
    assert mail.outbox == []


def test_the_system_closes(asked):
    assert close_clarification(SYSTEM, asked).status == ClarificationStatus.CLOSED


def test_the_snapshot_keeps_the_evidence(assignment, juror, submitted):
    Evidence.objects.create(dossier=submitted, question="STR-01", kind="url", url="https://nancy.fr/a")
    Evidence.objects.create(
        dossier=submitted, question="STR-01", kind="file", original_name="plan.pdf", sha256="ab" * 32, size=3
    )
    Evidence.objects.create(dossier=submitted, question="STR-03", kind="url", url="https://nancy.fr/other")
    clarification = ask_clarification(juror, submitted, "Question", ["STR-01"], timezone.now() + LATER)
    assert clarification.before == {
        "STR-01": {
            "value": False,
            "evidence": [
                {"kind": "url", "url": "https://nancy.fr/a"},
                {"kind": "file", "name": "plan.pdf", "sha256": "ab" * 32},
            ],
        }
    }


def test_the_snapshot_of_a_question_never_answered_is_empty(assignment, juror, submitted):
    Answer.objects.filter(dossier=submitted, question="STR-10").delete()
    clarification = ask_clarification(juror, submitted, "Question", ["STR-01", "STR-10"], timezone.now() + LATER)
    assert clarification.before == {
        "STR-01": {"value": False, "evidence": []},
        "STR-10": {"value": None, "evidence": []},
    }


# What each action records and sends ---------------------------------------------------------------


def test_asking_records_the_reopened_questions_and_their_date(assignment, juror, submitted):
    until = timezone.now() + LATER
    clarification = ask_clarification(juror, submitted, "Précisez.", ["STR-02", "STR-01"], until)
    entry = AuditEntry.objects.get(action="clarification.asked")
    assert (entry.actor, entry.object_type, entry.object_id) == (juror, "jury.clarification", str(clarification.pk))
    assert (entry.summary, entry.data) == (
        f"{submitted}: STR-02, STR-01",
        {"dossier": submitted.pk, "questions": ["STR-02", "STR-01"], "open_until": until.isoformat()},
    )
    assert Clarification.objects.get().open_until == until


def test_a_question_reopened_several_times_stays_open_until_the_latest_date(assignment, juror, submitted):
    sooner = timezone.now() + LATER
    later = sooner + timedelta(days=3)
    ask_clarification(juror, submitted, "Et ceci ?", ["STR-02", "STR-03"], sooner)
    ask_clarification(juror, submitted, "Précisez.", ["STR-02", "STR-01"], later)
    ask_clarification(juror, submitted, "Et cela ?", ["STR-02"], sooner)
    assert dossier_services.reopened_questions(submitted) == {"STR-01": later, "STR-02": later, "STR-03": sooner}


def test_a_plain_question_records_no_question_and_no_date(assignment, juror, submitted):
    ask_clarification(juror, submitted, "Une question")
    entry = AuditEntry.objects.get(action="clarification.asked")
    assert (entry.summary, entry.data) == (
        f"{submitted}: -",
        {"dossier": submitted.pk, "questions": [], "open_until": None},
    )


def test_the_members_get_the_question_and_the_reopened_questions(
    assignment, juror, submitted, technical, contributor, django_capture_on_commit_callbacks
):
    until = timezone.now() + LATER
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        clarification = ask_clarification(juror, submitted, "Précisez.", ["STR-02", "STR-01"], until)
    assert sorted(m.to[0] for m in mail.outbox) == ["agent@nancy.fr", "elue@nancy.fr", "tech@nancy.fr"]
    link = reverse("jury:clarification", args=[submitted.pk, clarification.pk])
    assert mail.outbox[0].body == (
        "Bonjour,\n\n"
        f"Le jury du label Territoire Numérique Libre pose une question sur le dossier {submitted.edition.year} "
        "de Nancy:\n\nPrécisez.\n\n"
        "Le jury a rouvert les questions STR-02, STR-01 du dossier: vous pouvez corriger leurs réponses et "
        f"leurs justificatifs jusqu’au {when(until)}.\n\n"
        f"Lisez la question et répondez-y sur la plateforme:\n{settings.SITE_URL}{link}\n\n"
    )


def test_answering_records_the_message_and_tells_the_asker(asked, juror, elected, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = answer_clarification(elected, asked, "Voici la délibération.")
    dossier = asked.dossier
    assert [(m.author, m.text) for m in asked.messages.order_by("pk")] == [
        (juror, "Pouvez-vous préciser ?"),
        (elected, "Voici la délibération."),
    ]
    entry = AuditEntry.objects.get(action="clarification.answered")
    assert (entry.actor, entry.object_type, entry.object_id) == (elected, "jury.clarification", str(asked.pk))
    assert (entry.summary, entry.data) == (str(dossier), {"dossier": dossier.pk, "message": message.pk})
    assert [m.to for m in mail.outbox] == [["jure@example.org"]]
    link = reverse("jury:clarifications", args=[dossier.edition.year, dossier.pk])
    assert mail.outbox[0].body == (
        f"Bonjour,\n\nNancy a répondu à votre question sur son dossier {dossier.edition.year}:\n\n"
        "Voici la délibération.\n\n"
        f"Lisez l’échange et ce qui a changé dans le dossier:\n{settings.SITE_URL}{link}\n\n"
    )


def test_an_answer_to_a_question_whose_asker_is_gone_tells_nobody(
    asked, juror, elected, django_capture_on_commit_callbacks
):
    Clarification.objects.filter(pk=asked.pk).update(asked_by=None)  # the field allows it
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer_clarification(elected, asked, "Réponse")
    asked.refresh_from_db()
    assert (asked.asked_by, asked.status) == (None, ClarificationStatus.ANSWERED)
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["juror", "organiser"])
def test_closing_records_the_dossier(role, asked, user_for):
    actor = user_for(role)
    close_clarification(actor, asked)
    entry = AuditEntry.objects.get(action="clarification.closed")
    assert (entry.actor, entry.object_type, entry.object_id) == (actor, "jury.clarification", str(asked.pk))
    assert (entry.summary, entry.data) == (str(asked.dossier), {"dossier": asked.dossier_id})


@pytest.fixture
def other_dossier(edition, vandoeuvre, member_of_other_body):
    """Vandœuvre's draft, made while applications are open (before `submitted` closes them)."""
    return factories.DossierFactory(edition=edition, territory=vandoeuvre, actor=member_of_other_body)


def test_the_snapshot_keeps_the_dossier_s_own_evidence_in_the_order_it_was_added(
    other_dossier, assignment, juror, submitted
):
    Evidence.objects.create(dossier=other_dossier, question="STR-01", kind="url", url="https://vandoeuvre.fr/a")
    later = Evidence.objects.create(dossier=submitted, question="STR-01", kind="url", url="https://nancy.fr/later")
    earlier = Evidence.objects.create(dossier=submitted, question="STR-01", kind="url", url="https://nancy.fr/earlier")
    Evidence.objects.filter(pk=earlier.pk).update(added_at=later.added_at - timedelta(days=1))
    clarification = ask_clarification(juror, submitted, "Question", ["STR-01"], timezone.now() + LATER)
    assert clarification.before["STR-01"]["evidence"] == [
        {"kind": "url", "url": "https://nancy.fr/earlier"},
        {"kind": "url", "url": "https://nancy.fr/later"},
    ]
