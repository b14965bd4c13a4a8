"""Every check of the dossier services, called directly (the views check again, so a check
deleted from a service would go unnoticed through the pages). Each refusal is asserted with its
exception, its message (in English) and the absence of any effect: no row changed, no audit
entry, no e-mail."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from tests.dossiers.answering import answer_all_required
from tnl.core.models import AuditEntry
from tnl.dossiers import services
from tnl.dossiers.enums import DossierForm, DossierStatus, EvidenceKind
from tnl.dossiers.models import Answer, Dossier, Evidence
from tnl.dossiers.scoring import dossier_state
from tnl.dossiers.services import add_evidence_file
from tnl.editions import services as edition_services
from tnl.editions.models import Edition
from tnl.referentials.engine import format_percent
from tnl.territories.models import Membership

CLOSED = "Applications to the {year} edition are closed: nothing can change any more."
SUBMITTED = "The dossier is submitted: a referent must reopen it before it can change."


@pytest.fixture
def refused(django_capture_on_commit_callbacks):
    """`with refused(Exception, [messages]):` — the block must raise, in English, and leave no
    audit entry and no e-mail behind (on-commit callbacks are run, so queued e-mails would show)."""

    @contextmanager
    def _refused(exception, messages=None):
        audited = AuditEntry.objects.count()
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
        assert callbacks == [] and mail.outbox == []

    return _refused


def close(edition, **dates):
    """Move the edition's deadline to the past (or set other dates) without going through a service."""
    dates = dates or {"closes_at": timezone.now() - timedelta(minutes=1)}
    Edition.objects.filter(pk=edition.pk).update(**dates)
    edition.refresh_from_db()


def mark_submitted(dossier, by):
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=by
    )
    dossier.refresh_from_db()


def new_edition(organiser, year, source, open_now=True):
    now = timezone.now()
    dates = {"opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=9)} if open_now else {}
    return edition_services.create_edition(organiser, year, source.referential, **dates)


def following_edition(dossier, organiser):
    """The next year's edition, open, with the current one closed."""
    now = timezone.now()
    close(dossier.edition, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30))
    return new_edition(organiser, dossier.edition.year + 1, dossier.edition)


def last_action(dossier):
    entry = AuditEntry.objects.filter(object_type="dossiers.dossier", object_id=str(dossier.pk)).latest("id")
    return entry.actor, entry.action, entry.summary, entry.data


# create_dossier --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "other_member", "organiser", "juror"])
def test_create_dossier_refuses_anyone_outside_the_body(request, refused, edition, nancy, elected, role):
    with refused(PermissionDenied):
        services.create_dossier(request.getfixturevalue(role), edition, nancy)
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    "dates",
    [
        pytest.param({"opens_at": None}, id="draft"),
        pytest.param({"closes_at": timezone.now() - timedelta(minutes=1)}, id="closed"),
    ],
)
def test_create_dossier_refuses_an_edition_that_is_not_open(refused, edition, nancy, elected, dates):
    close(edition, **dates)
    with refused(ValidationError, [CLOSED.format(year=edition.year)]):
        services.create_dossier(elected, edition, nancy)
    assert not Dossier.objects.exists()


def test_create_dossier_refuses_a_second_dossier_of_the_body(refused, dossier, elected):
    with refused(ValidationError, [f"This body already has a dossier for the {dossier.edition.year} edition."]):
        services.create_dossier(elected, dossier.edition, dossier.territory)
    assert Dossier.objects.count() == 1


def test_create_dossier_saves_audits_and_tells_the_members(
    edition, nancy, elected, technical, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.create_dossier(contributor, edition, nancy, form=DossierForm.BADGE)
    dossier.refresh_from_db()
    assert (dossier.edition, dossier.territory, dossier.form, dossier.created_by, dossier.previous) == (
        edition,
        nancy,
        DossierForm.BADGE,
        contributor,
        None,
    )
    assert last_action(dossier) == (
        contributor,
        "dossier.created",
        f"{nancy} {edition.year}",
        {"form": "badge", "copied": 0},
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "agent@nancy.fr",
        "elue@nancy.fr",
        "tech@nancy.fr",
    ]


def test_a_former_member_is_not_told_of_a_new_dossier(
    edition, nancy, elected, contributor, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=contributor).update(status="left")
    with django_capture_on_commit_callbacks(execute=True):
        services.create_dossier(elected, edition, nancy)
    assert [m.to for m in mail.outbox] == [["elue@nancy.fr"]]


def test_the_copy_skips_unanswered_invalid_and_dropped_answers_and_keeps_link_evidence_only(
    dossier, organiser, elected, contributor, pdf_bytes
):
    # In the order they are read back: each skipped answer comes before a copied one.
    Answer.objects.create(dossier=dossier, question="STR-01", value_json="null")  # unanswered
    Answer.objects.create(dossier=dossier, question="STR-02", value_json='"technical"', comment="Depuis 2020")
    Answer.objects.create(dossier=dossier, question="STR-05", value_json='"weekly"')  # no longer a choice
    Answer.objects.create(dossier=dossier, question="OLD-99", value_json="true")  # question dropped
    Answer.objects.create(dossier=dossier, question="INT-01", value_json='"https://nancy.example.org"')
    services.add_evidence_link(contributor, dossier, "INT-01", "https://nancy.example.org/source")
    services.add_evidence_link(contributor, dossier, "STR-05", "https://nancy.example.org/weekly")
    add_evidence_file(contributor, dossier, "INT-01", SimpleUploadedFile("plan.pdf", pdf_bytes))
    following = following_edition(dossier, organiser)

    new = services.create_dossier(elected, following, dossier.territory, start_from_previous=True)

    copied = {a.question: (a.value, a.comment, a.needs_review, a.updated_by) for a in new.answers.all()}
    assert copied == {
        "STR-02": ("technical", "Depuis 2020", True, elected),
        "INT-01": ("https://nancy.example.org", "", True, elected),
    }
    assert [(e.question, e.kind, e.url, e.added_by) for e in new.evidence.all()] == [
        ("INT-01", EvidenceKind.URL, "https://nancy.example.org/source", elected)
    ]
    assert last_action(new)[3] == {"form": "full", "copied": 2}


def test_without_start_from_previous_nothing_is_copied(dossier, organiser, elected, contributor):
    services.save_answer(contributor, dossier, "LOG-01", True)
    following = following_edition(dossier, organiser)
    new = services.create_dossier(elected, following, dossier.territory)
    assert (new.previous, new.answers.count()) == (None, 0)


def test_the_previous_dossier_is_the_latest_earlier_one_of_the_same_body(dossier, organiser, other_body):
    year = dossier.edition.year
    later, following, earlier = (
        new_edition(organiser, y, dossier.edition, False) for y in (year + 2, year + 1, year - 1)
    )
    older = Dossier.objects.create(edition=earlier, territory=dossier.territory)
    Dossier.objects.create(edition=following, territory=other_body)
    assert services.previous_dossier(following, dossier.territory) == dossier
    assert services.previous_dossier(later, dossier.territory) == dossier
    assert services.previous_dossier(dossier.edition, dossier.territory) == older
    assert services.previous_dossier(earlier, dossier.territory) is None


# save_answer -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "other_member", "organiser", "juror"])
def test_save_answer_refuses_anyone_outside_the_body(request, refused, dossier, role):
    with refused(PermissionDenied):
        services.save_answer(request.getfixturevalue(role), dossier, "LOG-01", True)
    assert not Answer.objects.exists()


def test_save_answer_refuses_after_the_deadline(refused, dossier, contributor):
    close(dossier.edition)
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        services.save_answer(contributor, dossier, "LOG-01", True)
    assert not Answer.objects.exists()


def test_save_answer_refuses_a_submitted_dossier(refused, dossier, contributor, elected):
    mark_submitted(dossier, elected)
    with refused(ValidationError, [SUBMITTED]):
        services.save_answer(contributor, dossier, "LOG-01", True)
    assert not Answer.objects.exists()


def test_save_answer_refuses_a_question_the_referential_does_not_have(refused, dossier, contributor):
    with refused(ValidationError, ["This edition's referential has no question LOG-99."]):
        services.save_answer(contributor, dossier, "LOG-99", True)
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "code, value, message",
    [
        ("LOG-01", "yes", 'true or false (got "yes")'),
        ("STR-02", "mayor", 'one of: none, technical, elected, both (got "mayor")'),
        ("LOG-03", 101, "a percent between 0 and 100 (got 101)"),
    ],
)
def test_save_answer_refuses_a_value_the_question_cannot_take(refused, dossier, contributor, code, value, message):
    with refused(ValidationError, [message]):
        services.save_answer(contributor, dossier, code, value)
    assert not Answer.objects.exists()


def test_save_answer_accepts_clearing_an_answer(dossier, contributor):
    services.save_answer(contributor, dossier, "LOG-03", 40)
    answer = services.save_answer(contributor, dossier, "LOG-03", None, expected_version=1)
    assert (answer.value, answer.version) == (None, 2)


def test_save_answer_refuses_a_stale_version_and_keeps_the_saved_answer(dossier, contributor, technical):
    services.save_answer(contributor, dossier, "LOG-01", True, comment="Oui")
    for expected in (None, 2):
        with pytest.raises(services.AnswerConflict) as conflict:
            services.save_answer(technical, dossier, "LOG-01", False, expected_version=expected)
        assert (conflict.value.answer.value, conflict.value.answer.version) == (True, 1)
    answer = Answer.objects.get()
    assert (answer.value, answer.comment, answer.version, answer.updated_by) == (True, "Oui", 1, contributor)
    assert AuditEntry.objects.filter(action="answer.saved").count() == 1


def test_another_dossier_answer_to_the_same_question_is_not_this_one(dossier, contributor, other_body, other_member):
    theirs = services.create_dossier(other_member, dossier.edition, other_body)
    services.save_answer(other_member, theirs, "LOG-01", False)
    ours = services.save_answer(contributor, dossier, "LOG-01", True)
    assert sorted(Answer.objects.values_list("dossier__territory__name", "value_json", "version")) == [
        ("Nancy", "true", 1),
        ("Vandœuvre-lès-Nancy", "false", 1),
    ]
    assert ours.dossier == dossier


def test_a_first_answer_needs_no_version_and_the_next_names_it(dossier, contributor):
    with pytest.raises(services.AnswerConflict) as conflict:
        services.save_answer(contributor, dossier, "LOG-01", True, expected_version=1)
    assert conflict.value.answer is None
    assert not Answer.objects.exists()


def test_save_answer_saves_the_value_the_comment_and_who_and_audits_the_version(dossier, contributor, technical):
    Answer.objects.create(dossier=dossier, question="LOG-01", value_json="false", needs_review=True, comment="x")
    before = Dossier.objects.get(pk=dossier.pk).updated_at
    answer = services.save_answer(technical, dossier, "LOG-01", True, expected_version=1)
    answer.refresh_from_db()
    assert (answer.value, answer.comment, answer.needs_review, answer.version, answer.updated_by) == (
        True,
        "",
        False,
        2,
        technical,
    )
    assert Dossier.objects.get(pk=dossier.pk).updated_at > before
    assert last_action(dossier) == (technical, "answer.saved", "LOG-01", {"question": "LOG-01", "version": 2})


# set_form --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "other_member", "organiser", "juror"])
def test_set_form_refuses_anyone_outside_the_body(request, refused, dossier, role):
    with refused(PermissionDenied):
        services.set_form(request.getfixturevalue(role), dossier, DossierForm.BADGE)
    assert Dossier.objects.get().form == DossierForm.FULL


def test_set_form_refuses_after_the_deadline(refused, dossier, contributor):
    close(dossier.edition)
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        services.set_form(contributor, dossier, DossierForm.BADGE)
    assert Dossier.objects.get().form == DossierForm.FULL


def test_set_form_refuses_a_submitted_dossier(refused, dossier, contributor, elected):
    mark_submitted(dossier, elected)
    with refused(ValidationError, [SUBMITTED]):
        services.set_form(contributor, dossier, DossierForm.BADGE)
    assert Dossier.objects.get().form == DossierForm.FULL


def test_set_form_refuses_an_unknown_form(refused, dossier, contributor):
    with refused(ValidationError, ["Unknown form."]):
        services.set_form(contributor, dossier, "short")
    assert Dossier.objects.get().form == DossierForm.FULL


def test_set_form_saves_and_audits(dossier, contributor):
    services.set_form(contributor, dossier, DossierForm.BADGE)
    assert Dossier.objects.get().form == DossierForm.BADGE
    assert last_action(dossier) == (contributor, "dossier.form_changed", "badge", {})


# add_evidence_link / remove_evidence -----------------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "other_member", "organiser", "juror"])
def test_add_evidence_link_refuses_anyone_outside_the_body(request, refused, dossier, role):
    with refused(PermissionDenied):
        services.add_evidence_link(request.getfixturevalue(role), dossier, "DON-02", "https://nancy.example.org")
    assert not Evidence.objects.exists()


def test_add_evidence_link_refuses_after_the_deadline(refused, dossier, contributor):
    close(dossier.edition)
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        services.add_evidence_link(contributor, dossier, "DON-02", "https://nancy.example.org")
    assert not Evidence.objects.exists()


def test_add_evidence_link_refuses_a_submitted_dossier(refused, dossier, contributor, elected):
    mark_submitted(dossier, elected)
    with refused(ValidationError, [SUBMITTED]):
        services.add_evidence_link(contributor, dossier, "DON-02", "https://nancy.example.org")
    assert not Evidence.objects.exists()


def test_add_evidence_link_refuses_an_unknown_question(refused, dossier, contributor):
    with refused(ValidationError, ["This edition's referential has no question DON-99."]):
        services.add_evidence_link(contributor, dossier, "DON-99", "https://nancy.example.org")
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(document.cookie)", "JavaScript://x/%0Aalert(1)", "ftp://nancy.example.org", "/"],
)
def test_add_evidence_link_refuses_anything_but_an_http_address(refused, dossier, contributor, url):
    with refused(ValidationError, [f'an http(s) URL (got "{url}")']):
        services.add_evidence_link(contributor, dossier, "DON-02", url)
    assert not Evidence.objects.exists()


def test_add_evidence_link_saves_and_audits(dossier, contributor):
    evidence = services.add_evidence_link(contributor, dossier, "DON-02", "https://data.nancy.example.org")
    assert list(Evidence.objects.values_list("question", "kind", "url", "added_by")) == [
        ("DON-02", EvidenceKind.URL, "https://data.nancy.example.org", contributor.pk)
    ]
    assert last_action(dossier) == (
        contributor,
        "evidence.added",
        "DON-02: https://data.nancy.example.org",
        {"question": "DON-02", "evidence": evidence.pk},
    )


@pytest.fixture
def link(dossier, contributor):
    return services.add_evidence_link(contributor, dossier, "DON-02", "https://data.nancy.example.org")


@pytest.mark.parametrize("role", ["outsider", "other_member", "organiser", "juror"])
def test_remove_evidence_refuses_anyone_outside_the_body(request, refused, link, role):
    with refused(PermissionDenied):
        services.remove_evidence(request.getfixturevalue(role), link)
    assert Evidence.objects.count() == 1


def test_remove_evidence_refuses_after_the_deadline(refused, link, contributor):
    close(link.dossier.edition)
    with refused(ValidationError, [CLOSED.format(year=link.dossier.edition.year)]):
        services.remove_evidence(contributor, link)
    assert Evidence.objects.count() == 1


def test_remove_evidence_refuses_a_submitted_dossier(refused, link, contributor, elected):
    mark_submitted(link.dossier, elected)
    with refused(ValidationError, [SUBMITTED]):
        services.remove_evidence(contributor, link)
    assert Evidence.objects.count() == 1


def test_remove_evidence_deletes_and_audits(link, technical):
    services.remove_evidence(technical, link)
    assert not Evidence.objects.exists()
    assert last_action(link.dossier) == (
        technical,
        "evidence.removed",
        "DON-02: https://data.nancy.example.org",
        {"question": "DON-02"},
    )


# submit_dossier / reopen_dossier ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["contributor", "outsider", "other_member", "organiser", "juror"])
def test_submit_dossier_refuses_anyone_but_the_body_referents(request, refused, dossier, role):
    with refused(PermissionDenied):
        services.submit_dossier(request.getfixturevalue(role), dossier)
    assert Dossier.objects.get().status == DossierStatus.DRAFT


def test_submit_dossier_refuses_after_the_deadline(refused, dossier, elected):
    close(dossier.edition)
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        services.submit_dossier(elected, dossier)
    assert Dossier.objects.get().status == DossierStatus.DRAFT


def test_submit_dossier_refuses_a_dossier_already_submitted(refused, dossier, elected, technical):
    mark_submitted(dossier, technical)
    with refused(ValidationError, [SUBMITTED]):
        services.submit_dossier(elected, dossier)
    assert Dossier.objects.get().submitted_by == technical


def test_submit_dossier_refuses_while_something_is_missing(refused, dossier, elected):
    with refused(ValidationError) as error:
        services.submit_dossier(elected, dossier)
    assert len(error.value.messages) > 1
    assert Dossier.objects.get().status == DossierStatus.DRAFT


def test_the_missing_referent_roles_block_the_submission(dossier, technical):
    assert services.referents_missing(dossier.territory) == []
    Membership.objects.filter(user=technical).update(status="left")
    assert services.referents_missing(dossier.territory) == ["technical_referent"]
    Membership.objects.filter(role="elected_referent").update(status="pending")
    assert services.referents_missing(dossier.territory) == ["elected_referent", "technical_referent"]
    with translation.override("en"):
        blockers = services.submission_blockers(dossier_state(dossier))
    assert blockers[-2:] == [
        (None, "The body needs a confirmed elected referent."),
        (None, "The body needs a confirmed technical referent."),
    ]


def test_submit_dossier_stamps_who_and_when_audits_the_score_and_sends_a_receipt(
    dossier, elected, contributor, django_capture_on_commit_callbacks
):
    answer_all_required(dossier, contributor)
    services.save_answer(contributor, dossier, "STR-03", False, expected_version=1)
    services.save_answer(contributor, dossier, "LOG-01", True, expected_version=1)  # level 1
    state = dossier_state(dossier)
    result, (_, (answered, total)) = state.result, state.progress()
    mail.outbox.clear()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_dossier(elected, dossier)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.submitted_by) == (DossierStatus.SUBMITTED, elected)
    assert before <= dossier.submitted_at <= timezone.now()
    percent = format_percent(result.global_percent)
    assert last_action(dossier) == (
        elected,
        "dossier.submitted",
        f"level {result.level}, {percent} %",
        {"level": result.level, "global_percent": percent},
    )
    assert {m.body.split(" pour l’édition")[0] for m in mail.outbox} == {
        f"Bonjour,\n\n{elected} a déposé le dossier de Nancy"
    }
    axis = state.document["axes"][0]
    lines = mail.outbox[0].body.splitlines()
    assert lines[lines.index("Résumé") + 1 : lines.index("Résumé") + 6] == [
        "- Formulaire: questionnaire complet",
        f"- Questions renseignées: {answered} sur {total}",
        f"- Score déclaré: {french(percent)}",
        "- Niveau proposé: 1",
        f"- {axis['title']['fr']}: {french(format_percent(result.axes[axis['code']].percent))}",
    ]


def french(percent):
    """A percent as the French e-mails write it: "12,5\u00a0%"."""
    return percent.replace(".", ",") + "\u00a0%"


@pytest.mark.parametrize("role", ["contributor", "outsider", "other_member", "organiser", "juror"])
def test_reopen_dossier_refuses_anyone_but_the_body_referents(request, refused, dossier, technical, role):
    mark_submitted(dossier, technical)
    with refused(PermissionDenied):
        services.reopen_dossier(request.getfixturevalue(role), dossier)
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED


def test_reopen_dossier_refuses_after_the_deadline(refused, dossier, elected, technical):
    mark_submitted(dossier, technical)
    close(dossier.edition)
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        services.reopen_dossier(elected, dossier)
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED


def test_reopen_dossier_refuses_a_dossier_that_is_not_submitted(refused, dossier, elected):
    with refused(ValidationError, ["The dossier is not submitted."]):
        services.reopen_dossier(elected, dossier)
    assert Dossier.objects.get().status == DossierStatus.DRAFT


def test_reopen_dossier_clears_the_submission_audits_and_tells_the_members(
    dossier, elected, technical, contributor, django_capture_on_commit_callbacks
):
    mark_submitted(dossier, technical)
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        services.reopen_dossier(elected, dossier)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.submitted_at, dossier.submitted_by) == (DossierStatus.DRAFT, None, None)
    assert last_action(dossier) == (elected, "dossier.reopened", str(dossier), {})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "agent@nancy.fr",
        "elue@nancy.fr",
        "tech@nancy.fr",
    ]
    assert {m.subject for m in mail.outbox} == {f"Nancy: le dossier {dossier.edition.year} est rouvert"}
    assert {m.body.split(" pour l’édition")[0] for m in mail.outbox} == {
        f"Bonjour,\n\n{elected} a rouvert le dossier de Nancy"
    }


def test_remove_evidence_deletes_the_stored_file_once_committed(
    dossier, contributor, pdf_bytes, media, django_capture_on_commit_callbacks
):
    stored = add_evidence_file(contributor, dossier, "STR-01", SimpleUploadedFile("plan.pdf", pdf_bytes))
    on_disk = media / stored.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.remove_evidence(contributor, stored)
    assert (Evidence.objects.exists(), on_disk.exists()) == (False, True)
    for callback in callbacks:
        callback()
    assert not on_disk.exists()
    assert last_action(dossier)[1:3] == ("evidence.removed", "STR-01: plan.pdf")


# add_evidence_file (tnl/dossiers/services.py) ------------------------------------------------


@pytest.mark.parametrize("role", ["outsider", "other_member", "organiser", "juror"])
def test_add_evidence_file_refuses_anyone_outside_the_body(request, refused, dossier, pdf_bytes, media, role):
    with refused(PermissionDenied):
        add_evidence_file(request.getfixturevalue(role), dossier, "STR-01", SimpleUploadedFile("a.pdf", pdf_bytes))
    assert not Evidence.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_add_evidence_file_refuses_after_the_deadline_and_stores_nothing(
    refused, dossier, contributor, pdf_bytes, media
):
    close(dossier.edition)
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        add_evidence_file(contributor, dossier, "STR-01", SimpleUploadedFile("a.pdf", pdf_bytes))
    assert not Evidence.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


# Questions the jury reopened in a submitted dossier (tnl.jury's clarifications) -----------------


def in_review(dossier, referent):
    """`dossier` answered and submitted, its edition in the jury review (closed two days ago)."""
    answer_all_required(dossier, referent)
    services.submit_dossier(referent, dossier)
    now = timezone.now()
    close(dossier.edition, closes_at=now - timedelta(days=2), jury_on=timezone.localdate(now - timedelta(days=1)))
    dossier.refresh_from_db()
    return dossier


def reopen_questions(dossier, codes, until=None, status="open"):
    from tnl.jury.models import Clarification

    until = until or timezone.now() + timedelta(days=3)
    return Clarification.objects.create(dossier=dossier, questions=codes, open_until=until, status=status)


@pytest.mark.parametrize("status", ["open", "answered"])
def test_a_reopened_question_of_a_submitted_dossier_can_change(dossier, elected, contributor, media, pdf_bytes, status):
    dossier = in_review(dossier, elected)
    reopen_questions(dossier, ["STR-01"], status=status)
    answer = services.save_answer(contributor, dossier, "STR-01", True, "corrigé", expected_version=1)
    assert (answer.value, answer.version) == (True, 2)
    link = services.add_evidence_link(contributor, dossier, "STR-01", "https://nancy.fr/deliberation")
    stored = add_evidence_file(contributor, dossier, "STR-01", SimpleUploadedFile("plan.pdf", pdf_bytes))
    services.remove_evidence(contributor, link)
    assert [e.pk for e in Evidence.objects.filter(dossier=dossier)] == [stored.pk]
    assert last_action(dossier)[1] == "evidence.removed"
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_only_the_reopened_question_can_change(refused, dossier, elected, contributor):
    dossier = in_review(dossier, elected)
    reopen_questions(dossier, ["STR-01"])
    message = [CLOSED.format(year=dossier.edition.year)]
    with refused(ValidationError, message):
        services.save_answer(contributor, dossier, "STR-02", "none", expected_version=1)
    with refused(ValidationError, message):
        services.add_evidence_link(contributor, dossier, "STR-03", "https://nancy.fr/")
    with refused(ValidationError, message):
        services.set_form(contributor, dossier, DossierForm.BADGE)


def test_the_reopened_evidence_of_another_question_stays(refused, dossier, elected, contributor, media, pdf_bytes):
    dossier = in_review(dossier, elected)
    reopen_questions(dossier, ["STR-03"])
    kept = add_evidence_file(contributor, dossier, "STR-03", SimpleUploadedFile("plan.pdf", pdf_bytes))
    Evidence.objects.filter(pk=kept.pk).update(question="STR-01")
    kept.refresh_from_db()
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        services.remove_evidence(contributor, kept)
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        add_evidence_file(contributor, dossier, "STR-01", SimpleUploadedFile("plan.pdf", pdf_bytes))


@pytest.mark.parametrize(
    "clarification",
    [
        pytest.param({"until": timezone.now() - timedelta(minutes=1)}, id="date-passed"),
        pytest.param({"status": "closed"}, id="closed"),
    ],
)
def test_a_reopening_ends_with_its_date_or_when_closed(refused, dossier, elected, contributor, clarification):
    dossier = in_review(dossier, elected)
    until = clarification.get("until")
    reopen_questions(dossier, ["STR-01"], until=until, status=clarification.get("status", "open"))
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        services.save_answer(contributor, dossier, "STR-01", True, expected_version=1)


@pytest.mark.parametrize("role", ["outsider", "other_member", "organiser", "juror"])
def test_a_reopened_question_changes_only_for_the_body(request, refused, dossier, elected, role):
    dossier = in_review(dossier, elected)
    reopen_questions(dossier, ["STR-01"])
    with refused(PermissionDenied):
        services.save_answer(request.getfixturevalue(role), dossier, "STR-01", True, expected_version=1)


@pytest.mark.parametrize("dates", ["published_at", "archived_at"])
def test_a_reopening_ends_with_the_results(refused, dossier, elected, contributor, dates):
    dossier = in_review(dossier, elected)
    reopen_questions(dossier, ["STR-01"])
    close(dossier.edition, **{dates: timezone.now()})
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        services.save_answer(contributor, dossier, "STR-01", True, expected_version=1)


def test_draft_rules_are_unchanged_by_a_reopening(refused, dossier, elected, contributor):
    # A draft after the deadline stays closed, even with a reopening on record.
    reopen_questions(dossier, ["STR-01"])
    close(dossier.edition)
    with refused(ValidationError, [CLOSED.format(year=dossier.edition.year)]):
        services.save_answer(contributor, dossier, "STR-01", True)


def test_a_submitted_dossier_stays_closed_while_applications_are_open(refused, dossier, elected, contributor):
    answer_all_required(dossier, elected)
    services.submit_dossier(elected, dossier)
    dossier.refresh_from_db()
    reopen_questions(dossier, ["STR-01"])
    with refused(ValidationError, [SUBMITTED]):
        services.save_answer(contributor, dossier, "STR-01", True, expected_version=1)
