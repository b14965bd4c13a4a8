from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.dossiers.answering import answer_all_required
from tnl.core.models import AuditEntry
from tnl.dossiers import services
from tnl.dossiers.enums import DossierForm, DossierStatus
from tnl.dossiers.models import Answer
from tnl.dossiers.scoring import dossier_state
from tnl.editions import services as edition_services


def test_a_member_creates_the_dossier_and_the_members_are_told(
    edition, nancy, elected, technical, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.create_dossier(technical, edition, nancy)
    assert (dossier.status, dossier.form, dossier.created_by) == (DossierStatus.DRAFT, DossierForm.FULL, technical)
    assert sorted(m.to[0] for m in mail.outbox) == ["elue@nancy.fr", "tech@nancy.fr"]
    assert {m.subject for m in mail.outbox} == {f"Nancy: le dossier {edition.year} est commencé"}


def test_outsiders_and_other_bodies_cannot_create_a_dossier(edition, nancy, outsider, other_member, organiser):
    for user in (outsider, other_member, organiser):
        with pytest.raises(PermissionDenied):
            services.create_dossier(user, edition, nancy)


def test_one_dossier_per_body_and_edition(dossier, elected):
    with pytest.raises(ValidationError) as error:
        services.create_dossier(elected, dossier.edition, dossier.territory)
    assert error.value.messages == [f"Cet organisme a déjà un dossier pour l’édition {dossier.edition.year}."]


def test_saving_answers_scores_them_with_the_engine(dossier, contributor):
    services.save_answer(contributor, dossier, "LOG-01", True)
    services.save_answer(contributor, dossier, "LOG-03", Decimal("62.5"))
    state = dossier_state(dossier)
    assert state.answers["LOG-03"].value == Decimal("62.5")
    assert state.result.questions["LOG-01"].status == "scored"
    assert state.result.questions["LOG-01"].points > 0
    assert state.result.level == 1  # level 1 asks LOG-01 and 0 % elsewhere


def test_a_value_the_question_cannot_take_is_refused_and_nothing_is_saved(dossier, contributor):
    with pytest.raises(ValidationError):
        services.save_answer(contributor, dossier, "LOG-03", Decimal("140"))
    assert not Answer.objects.filter(dossier=dossier, question="LOG-03").exists()


def test_a_second_save_from_a_stale_form_is_a_conflict_never_an_overwrite(dossier, elected, technical):
    first = services.save_answer(elected, dossier, "STR-02", "both")  # version 1, both loaded "never answered"
    with pytest.raises(services.AnswerConflict) as conflict:
        services.save_answer(technical, dossier, "STR-02", "none", expected_version=None)
    assert conflict.value.answer.value == "both"
    assert str(conflict.value) == "STR-02"  # the question, in a traceback of a script that calls the service
    assert conflict.value.answer.updated_by == elected
    answer = Answer.objects.get(dossier=dossier, question="STR-02")
    assert (answer.value, answer.version) == ("both", 1)
    services.save_answer(technical, dossier, "STR-02", "none", expected_version=first.version)
    answer.refresh_from_db()
    assert (answer.value, answer.version, answer.updated_by) == ("none", 2, technical)


def test_submit_lists_what_is_missing_then_succeeds_and_sends_a_receipt(
    dossier, elected, contributor, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as error:
        services.submit_dossier(elected, dossier)
    assert "STR-02 n’a pas de réponse." in error.value.messages
    with pytest.raises(PermissionDenied):
        services.submit_dossier(contributor, dossier)
    answer_all_required(dossier, contributor)
    services.save_answer(contributor, dossier, "STR-03", True, expected_version=1)
    with pytest.raises(ValidationError) as error:
        services.submit_dossier(elected, dossier)
    assert error.value.messages == ["STR-03 demande un justificatif (un lien ou un fichier)."]
    services.add_evidence_link(contributor, dossier, "STR-03", "https://nancy.example.org/plan.pdf")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.submit_dossier(elected, dossier)
    assert submitted.status == DossierStatus.SUBMITTED
    assert AuditEntry.objects.filter(action="dossier.submitted").count() == 1
    assert len(mail.outbox) == 3
    assert "Score déclaré" in mail.outbox[0].body


def test_a_submitted_dossier_is_frozen_until_a_referent_reopens_it(dossier, elected, technical, contributor):
    answer_all_required(dossier, contributor)
    services.save_answer(contributor, dossier, "STR-03", False, expected_version=1)
    services.submit_dossier(technical, dossier)
    with pytest.raises(ValidationError):
        services.save_answer(contributor, dossier, "LOG-01", True, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.reopen_dossier(contributor, dossier)
    services.reopen_dossier(elected, dossier)
    services.save_answer(contributor, dossier, "LOG-01", True, expected_version=1)


def test_after_the_deadline_nothing_changes(dossier, organiser, elected, contributor):
    edition_services.update_dates(
        organiser,
        dossier.edition,
        opens_at=dossier.edition.opens_at,
        closes_at=timezone.now() - timedelta(minutes=1),
        jury_on=dossier.edition.jury_on,
    )
    with pytest.raises(ValidationError) as error:
        services.save_answer(contributor, dossier, "LOG-01", True)
    assert error.value.messages == [
        f"Les candidatures à l’édition {dossier.edition.year} sont closes : plus rien ne peut changer."
    ]
    with pytest.raises(ValidationError):
        services.submit_dossier(elected, dossier)


def test_starting_from_the_previous_edition_copies_answers_whose_question_still_exists(
    dossier, organiser, elected, contributor, django_capture_on_commit_callbacks
):
    services.save_answer(contributor, dossier, "LOG-01", True)
    services.save_answer(contributor, dossier, "DON-02", "https://data.nancy.example.org")
    services.add_evidence_link(contributor, dossier, "DON-02", "https://data.nancy.example.org/about")
    Answer.objects.create(dossier=dossier, question="OLD-99", value_json="true")  # a question dropped since
    year = dossier.edition.year + 1
    now = timezone.now()
    edition_services.update_dates(
        organiser, dossier.edition, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30)
    )
    following = edition_services.create_edition(
        organiser,
        year,
        dossier.edition.referential,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = services.create_dossier(elected, following, dossier.territory, start_from_previous=True)
    message = next(message for message in mail.outbox if message.to == ["elue@nancy.fr"])
    assert "2 réponses ont été reprises de votre dossier précédent: vérifiez-les." in message.body
    copied = {a.question: (a.value, a.needs_review) for a in new.answers.all()}
    assert copied == {"LOG-01": (True, True), "DON-02": ("https://data.nancy.example.org", True)}
    assert [e.url for e in new.evidence.all()] == ["https://data.nancy.example.org/about"]
    assert new.previous == dossier
