"""Every check of the outbox services, called directly: who (organisers only), which phase, which
template text (placeholders, braces, lengths), which message; and what preparing and sending write.
Refusals are asserted with their message (in English)."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests import factories
from tests.jury.deliberating import (
    LEVEL_1,
    publish,
    start_deliberation,
    submit_review,
)
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM
from tnl.editions.models import Edition
from tnl.jury import outbox_services as services
from tnl.jury.deliberation_services import decide_level
from tnl.jury.enums import OutboxStatus
from tnl.jury.models import MAX_TEXT_LENGTH, OutboxMessage, ResultTemplate

pytestmark = pytest.mark.django_db

NOT_ORGANISERS = ["juror", "conflicted_juror", "expert", "outsider", "elected"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def deliberating(review_edition, submitted, other_submitted, juror, second_juror, organiser):
    """Both dossiers reviewed at level 1, the deliberation started, Nancy decided (level 1, a
    mention), Vandœuvre not yet."""
    for dossier in (submitted, other_submitted):
        submit_review(dossier, juror, LEVEL_1)
        submit_review(dossier, second_juror, LEVEL_1)
    edition = start_deliberation(review_edition, organiser)
    decide_level(organiser, submitted, 1, "", ["sobriety"])
    return edition


def entries(prefix):
    return list(AuditEntry.objects.filter(action__startswith=prefix).order_by("id").values_list("action", flat=True))


def refused(call, message):
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.messages == [message] if isinstance(message, str) else message


def dossier_url(dossier):
    return f"{settings.SITE_URL.rstrip('/')}/dossiers/{dossier.pk}/"


# Templates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_ORGANISERS)
def test_only_organisers_handle_templates(role, review_edition, user_for):
    with pytest.raises(PermissionDenied):
        services.ensure_templates(user_for(role), review_edition)
    with pytest.raises(PermissionDenied):
        services.update_template(user_for(role), review_edition, "fr", "Objet", "Texte")
    assert not ResultTemplate.objects.exists()


def test_default_templates_in_french_and_english_once(review_edition, organiser):
    templates = services.ensure_templates(organiser, review_edition)
    assert sorted(templates) == ["en", "fr"]
    assert templates["fr"].subject == "{edition} — décision du jury pour {body}"
    assert templates["en"].subject == "{edition}: the jury's decision for {body}"
    assert "{reason}" not in templates["fr"].body + templates["en"].body
    assert services.ensure_templates(SYSTEM, review_edition) == templates
    assert ResultTemplate.objects.count() == 2
    assert entries("result_template.") == ["result_template.created", "result_template.created"]
    assert sorted(
        (entry.summary, entry.data) for entry in AuditEntry.objects.filter(action="result_template.created")
    ) == [(f"{review_edition.year} en", {"language": "en"}), (f"{review_edition.year} fr", {"language": "fr"})]


def test_a_template_changes(review_edition, organiser):
    template = services.update_template(organiser, review_edition, "en", "  Result  for {body} ", "Level {level}.\n")
    assert (template.subject, template.body) == ("Result for {body}", "Level {level}.\n")
    assert ResultTemplate.objects.get(language="fr").subject == "{edition} — décision du jury pour {body}"
    entry = AuditEntry.objects.get(action="result_template.changed")
    english = services.default_template("en")
    assert entry.summary == f"{review_edition.year} en"
    assert entry.data == {
        "language": "en",
        "before": {"subject": english[0], "body": english[1]},
        "after": {"subject": "Result for {body}", "body": "Level {level}.\n"},
    }
    services.update_template(organiser, review_edition, "en", "Result for {body}", "Level {level}.")
    assert entries("result_template.changed") == ["result_template.changed"]


def test_a_template_of_another_edition_does_not_change(review_edition, organiser):
    earlier = factories.EditionFactory(year=review_edition.year - 1, actor=organiser)
    kept = services.ensure_templates(organiser, earlier)["en"]
    services.ensure_templates(organiser, review_edition)
    changed = services.update_template(organiser, review_edition, "en", "Result for {body}", "Level {level}.")
    assert changed.edition == review_edition
    assert ResultTemplate.objects.get(pk=kept.pk).subject == "{edition}: the jury's decision for {body}"


@pytest.mark.parametrize(
    ("subject", "body", "errors"),
    [
        (
            "Result {bodyy}",
            "Text",
            {
                "subject": [
                    "Unknown placeholder {bodyy}; use one of: {body}, {level}, {level_label}, {edition}, "
                    "{mentions}, {reason}, {dossier_url}."
                ]
            },
        ),
        (
            "Result",
            "Level {level",
            {"body": ["A brace is alone: write {{ or }} for a brace in the text, or close the placeholder."]},
        ),
        (
            "Result }",
            "Text",
            {"subject": ["A brace is alone: write {{ or }} for a brace in the text, or close the placeholder."]},
        ),
        (
            "Result",
            "{body.__class__}",
            {
                "body": [
                    "Unknown placeholder {body.__class__}; use one of: {body}, {level}, {level_label}, {edition}, {mentions}, {reason}, {dossier_url}."
                ]
            },
        ),
        (
            "Result",
            "{level:>5}",
            {
                "body": [
                    "Unknown placeholder {level:>5}; use one of: {body}, {level}, {level_label}, {edition}, {mentions}, {reason}, {dossier_url}."
                ]
            },
        ),
        (
            "Result",
            "{level!r}",
            {
                "body": [
                    "Unknown placeholder {level!r}; use one of: {body}, {level}, {level_label}, {edition}, {mentions}, {reason}, {dossier_url}."
                ]
            },
        ),
        (
            "Result",
            "{}",
            {
                "body": [
                    "Unknown placeholder {}; use one of: {body}, {level}, {level_label}, {edition}, {mentions}, {reason}, {dossier_url}."
                ]
            },
        ),
        (
            "Result {{ {bodyy}",
            "Text",
            {
                "subject": [
                    "Unknown placeholder {bodyy}; use one of: {body}, {level}, {level_label}, {edition}, "
                    "{mentions}, {reason}, {dossier_url}."
                ]
            },
        ),
        (" ", "Text", {"subject": ["Write the subject."]}),
        (None, "Text", {"subject": ["Write the subject."]}),
        ("Result", " \n", {"body": ["Write the text."]}),
        ("Result", None, {"body": ["Write the text."]}),
        ("x" * 201, "Text", {"subject": ["The subject is too long: at most 200 characters."]}),
        (
            "Result",
            "x" * (MAX_TEXT_LENGTH + 1),
            {"body": [f"The text is too long: at most {MAX_TEXT_LENGTH} characters."]},
        ),
    ],
)
def test_template_texts_are_checked(subject, body, errors, review_edition, organiser):
    with pytest.raises(ValidationError) as caught:
        services.update_template(organiser, review_edition, "fr", subject, body)
    assert caught.value.message_dict == errors
    assert entries("result_template.changed") == []


def test_a_template_may_use_the_full_lengths(review_edition, organiser):
    template = services.update_template(organiser, review_edition, "fr", "x" * 200, "y" * MAX_TEXT_LENGTH)
    assert (template.subject, template.body) == ("x" * 200, "y" * MAX_TEXT_LENGTH + "\n")


def test_both_fields_are_checked_at_once(review_edition, organiser):
    with pytest.raises(ValidationError) as caught:
        services.update_template(organiser, review_edition, "fr", "{x}", "{y}")
    assert sorted(caught.value.message_dict) == ["body", "subject"]


def test_doubled_braces_and_every_placeholder_are_accepted(review_edition, organiser):
    text = "{{ {body} {level} {level_label} {edition} {mentions} {reason} {dossier_url} }}"
    assert services.update_template(organiser, review_edition, "fr", "{{x}} {body}", text).body == text + "\n"


def test_an_unknown_language_is_refused(review_edition, organiser):
    refused(
        lambda: services.update_template(organiser, review_edition, "de", "Subject", "Text"), "Unknown language: de."
    )


def test_templates_do_not_change_once_archived(review_edition, organiser):
    Edition.objects.filter(pk=review_edition.pk).update(
        deliberation_started_at=timezone.now(), published_at=timezone.now(), archived_at=timezone.now()
    )
    refused(
        lambda: services.update_template(organiser, review_edition, "fr", "Subject", "Text"),
        "This edition is archived: its result e-mails can no longer change.",
    )


# Preparing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_ORGANISERS)
def test_only_organisers_prepare(role, deliberating, user_for):
    with pytest.raises(PermissionDenied):
        services.prepare_outbox(user_for(role), deliberating)
    assert not OutboxMessage.objects.exists()


def test_not_before_the_deliberation(review_edition, organiser):
    refused(
        lambda: services.prepare_outbox(organiser, review_edition),
        "The outbox is prepared from the decisions, during the deliberation; the edition is in the phase: Jury review.",
    )


def test_not_once_archived(deliberating, organiser):
    Edition.objects.filter(pk=deliberating.pk).update(published_at=timezone.now(), archived_at=timezone.now())
    refused(
        lambda: services.prepare_outbox(organiser, deliberating),
        "The outbox is prepared from the decisions, during the deliberation; the edition is in the phase: Archived.",
    )


def test_one_e_mail_per_confirmed_member_of_each_decided_body_in_their_language(
    deliberating, submitted, elected, technical, contributor, nancy, organiser
):
    technical.language = "en"
    technical.save()
    factories.MembershipFactory(territory=nancy, pending=True)
    gone = factories.MembershipFactory(territory=nancy, user__is_active=False).user
    counts = services.prepare_outbox(organiser, deliberating)
    assert counts == {"created": 3, "refreshed": 0, "kept": 0, "removed": 0}
    messages = {message.recipient: message for message in OutboxMessage.objects.all()}
    assert set(messages) == {elected, technical, contributor}
    assert gone not in messages
    french, english = messages[elected], messages[technical]
    assert (french.language, english.language) == ("fr", "en")
    assert french.subject == f"{deliberating} — décision du jury pour Nancy (54)"
    assert french.body == (
        "Bonjour,\n\n"
        f"Le jury de {deliberating} a délibéré sur le dossier de Nancy (54).\n\n"
        "Niveau attribué: Niveau 1 — Découverte\n"
        "Mentions spéciales: Sobriété numérique\n\n"
        f"Votre dossier: {dossier_url(submitted)}\n\n"
        "Merci pour votre candidature.\n"
        f"L’équipe d’organisation de {deliberating}\n"
    )
    assert english.subject == f"{deliberating}: the jury's decision for Nancy (54)"
    assert english.body == (
        "Hello,\n\n"
        f"The jury of {deliberating} has deliberated on the dossier of Nancy (54).\n\n"
        "Level awarded: Level 1 — Discovery\n"
        "Special mentions: Digital sobriety\n\n"
        f"Your dossier: {dossier_url(submitted)}\n\n"
        "Thank you for your application.\n"
        f"The organising team of {deliberating}\n"
    )
    assert all(message.status == OutboxStatus.DRAFT and not message.edited for message in messages.values())
    entry = AuditEntry.objects.get(action="outbox.prepared")
    assert entry.data == {"created": 3, "refreshed": 0, "kept": 0, "removed": 0}
    assert entry.summary == "created 3, refreshed 0, kept 0, removed 0"


def test_placeholders_no_level_no_mention_and_the_reason_when_asked_for(
    deliberating, other_submitted, member_of_other_body, organiser
):
    decide_level(organiser, other_submitted, 0, "Justificatifs absents")
    services.update_template(
        organiser, deliberating, "fr", "{level} {body}", "{level}|{level_label}|{mentions}|{reason}|{edition}|{{x}}"
    )
    services.prepare_outbox(organiser, deliberating)
    message = OutboxMessage.objects.get(recipient=member_of_other_body)
    assert message.subject == "0 Vandœuvre-lès-Nancy (54)"
    assert message.body == f"0|Aucun niveau|aucune|Justificatifs absents|{deliberating}|{{x}}\n"


def test_several_mentions_and_a_site_address_ending_with_a_slash(
    deliberating, submitted, elected, technical, organiser, settings
):
    settings.SITE_URL = "https://example.org/TNLX/"  # served under a path; the slash is not doubled
    technical.language = "en"
    technical.save()
    decide_level(organiser, submitted, 1, "", ["sobriety", "first-application"])
    services.update_template(organiser, deliberating, "fr", "Résultat", "{mentions}|{dossier_url}")
    services.update_template(organiser, deliberating, "en", "Result", "{mentions}|{dossier_url}")
    services.prepare_outbox(organiser, deliberating)
    url = f"https://example.org/TNLX/dossiers/{submitted.pk}/"
    assert OutboxMessage.objects.get(recipient=elected).body == (
        f"Meilleure première candidature, Sobriété numérique|{url}\n"
    )
    assert OutboxMessage.objects.get(recipient=technical).body == f"Best first application, Digital sobriety|{url}\n"


def test_a_person_whose_language_has_no_template_gets_the_default_language(deliberating, elected, organiser):
    from tnl.accounts.models import User

    User.objects.filter(pk=elected.pk).update(language="de")
    services.prepare_outbox(organiser, deliberating)
    message = OutboxMessage.objects.get(recipient=elected)
    assert message.language == "fr"
    assert message.subject == f"{deliberating} — décision du jury pour Nancy (54)"


def test_a_decided_body_without_members_gets_no_e_mail(deliberating, other_submitted, organiser):
    from tnl.territories.enums import MembershipStatus
    from tnl.territories.models import Membership

    decide_level(organiser, other_submitted, 1)
    Membership.objects.filter(territory=other_submitted.territory).update(status=MembershipStatus.LEFT)
    assert services.prepare_outbox(organiser, deliberating) == {"created": 3, "refreshed": 0, "kept": 0, "removed": 0}
    assert not OutboxMessage.objects.filter(dossier=other_submitted).exists()


def test_preparing_costs_one_more_query_per_new_e_mail_only(deliberating, other_submitted, organiser):
    services.prepare_outbox(organiser, deliberating)
    OutboxMessage.objects.all().delete()
    with CaptureQueriesContext(connection) as three:
        assert services.prepare_outbox(organiser, deliberating)["created"] == 3
    OutboxMessage.objects.all().delete()
    decide_level(organiser, other_submitted, 1)
    with CaptureQueriesContext(connection) as five:
        assert services.prepare_outbox(organiser, deliberating)["created"] == 5
    assert len(five) == len(three) + 2  # one insert per e-mail


def test_a_long_rendered_subject_is_cut_to_the_subject_length(deliberating, elected, organiser):
    services.update_template(organiser, deliberating, "fr", "{body} " * 25, "Texte")
    services.prepare_outbox(organiser, deliberating)
    subject = OutboxMessage.objects.get(recipient=elected).subject
    assert len(subject) == services.SUBJECT_MAX_LENGTH
    assert subject.startswith("Nancy (54) Nancy (54) ")


def test_preparing_again_refreshes_what_was_not_edited_and_keeps_the_rest(
    deliberating, submitted, elected, technical, contributor, organiser
):
    services.prepare_outbox(organiser, deliberating)
    edited = OutboxMessage.objects.get(recipient=technical)
    services.edit_outbox_message(organiser, edited, "Mon objet", "Mon texte")
    sent = OutboxMessage.objects.get(recipient=contributor)
    OutboxMessage.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT, subject="Envoyé")
    services.update_template(organiser, deliberating, "fr", "Nouveau {body}", "Nouveau texte {level}")
    counts = services.prepare_outbox(organiser, deliberating)
    assert counts == {"created": 0, "refreshed": 1, "kept": 2, "removed": 0}
    assert {m.recipient: m.subject for m in OutboxMessage.objects.all()} == {
        elected: "Nouveau Nancy (54)",
        technical: "Mon objet",
        contributor: "Envoyé",
    }
    OutboxMessage.objects.filter(pk=edited.pk).update(edited=False)
    assert services.prepare_outbox(organiser, deliberating)["refreshed"] == 2


def test_a_person_who_left_loses_their_draft_but_not_a_sent_e_mail(
    deliberating, elected, technical, contributor, nancy, organiser
):
    from tnl.territories.enums import MembershipStatus
    from tnl.territories.models import Membership

    services.prepare_outbox(organiser, deliberating)
    OutboxMessage.objects.filter(recipient=contributor).update(status=OutboxStatus.SENT)
    Membership.objects.filter(user__in=[technical, contributor]).update(status=MembershipStatus.LEFT)
    counts = services.prepare_outbox(organiser, deliberating)
    assert counts == {"created": 0, "refreshed": 1, "kept": 0, "removed": 1}
    assert set(OutboxMessage.objects.values_list("recipient__email", flat=True)) == {elected.email, contributor.email}


def test_a_new_decision_adds_its_e_mails(deliberating, other_submitted, member_of_other_body, organiser):
    services.prepare_outbox(organiser, deliberating)
    decide_level(organiser, other_submitted, 1)
    assert services.prepare_outbox(organiser, deliberating)["created"] == 2


def test_preparing_once_published_is_allowed(deliberating, organiser):
    publish(deliberating)
    assert services.prepare_outbox(organiser, deliberating)["created"] == 3


# Editing one message --------------------------------------------------------------------------------------


@pytest.fixture
def prepared(deliberating, organiser):
    services.prepare_outbox(organiser, deliberating)
    return OutboxMessage.objects.get(recipient__email="elue@nancy.fr")


@pytest.mark.parametrize("role", NOT_ORGANISERS)
def test_only_organisers_edit_a_message(role, prepared, user_for):
    with pytest.raises(PermissionDenied):
        services.edit_outbox_message(user_for(role), prepared, "Objet", "Texte")
    prepared.refresh_from_db()
    assert not prepared.edited


def test_an_edited_message_is_marked_and_logged(prepared, organiser):
    message = services.edit_outbox_message(organiser, prepared, "  Votre  résultat ", "Bravo !\n\n")
    assert (message.subject, message.body, message.edited) == ("Votre résultat", "Bravo !\n", True)
    entry = AuditEntry.objects.get(action="outbox_message.edited")
    assert entry.object_id == str(prepared.pk)
    assert entry.summary == f"{prepared.recipient_id}: Votre résultat"
    assert entry.data == {"dossier": prepared.dossier_id}
    services.edit_outbox_message(organiser, prepared, "Votre résultat", "Bravo !")
    assert entries("outbox_message.") == ["outbox_message.edited"]


@pytest.mark.parametrize(
    ("subject", "body", "errors"),
    [
        ("", "Texte", {"subject": ["Write the subject."]}),
        ("Objet", "  ", {"body": ["Write the text."]}),
        ("Objet", None, {"body": ["Write the text."]}),
        (None, "Texte", {"subject": ["Write the subject."]}),
        ("x" * 201, "Texte", {"subject": ["The subject is too long: at most 200 characters."]}),
        (
            "Objet",
            "x" * (MAX_TEXT_LENGTH + 1),
            {"body": [f"The text is too long: at most {MAX_TEXT_LENGTH} characters."]},
        ),
    ],
)
def test_an_edited_message_needs_a_subject_and_a_text(subject, body, errors, prepared, organiser):
    with pytest.raises(ValidationError) as caught:
        services.edit_outbox_message(organiser, prepared, subject, body)
    assert caught.value.message_dict == errors
    prepared.refresh_from_db()
    assert not prepared.edited


def test_an_edited_message_may_use_the_full_lengths(prepared, organiser):
    message = services.edit_outbox_message(organiser, prepared, "x" * 200, "y" * MAX_TEXT_LENGTH)
    assert (message.subject, message.body) == ("x" * 200, "y" * MAX_TEXT_LENGTH + "\n")


def test_a_message_may_hold_braces_once_rendered(prepared, organiser):
    assert services.edit_outbox_message(organiser, prepared, "Objet {x}", "Texte {").body == "Texte {\n"


def test_a_sent_message_does_not_change(prepared, organiser):
    OutboxMessage.objects.filter(pk=prepared.pk).update(status=OutboxStatus.SENT)
    refused(
        lambda: services.edit_outbox_message(organiser, prepared, "Objet", "Texte"),
        "This e-mail was sent already: it can no longer change.",
    )


def test_messages_do_not_change_once_archived(prepared, deliberating, organiser):
    Edition.objects.filter(pk=deliberating.pk).update(published_at=timezone.now(), archived_at=timezone.now())
    refused(
        lambda: services.edit_outbox_message(organiser, prepared, "Objet", "Texte"),
        "This edition is archived: its result e-mails can no longer change.",
    )


# Sending ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_ORGANISERS)
def test_only_organisers_send(role, prepared, deliberating, user_for, mailoutbox):
    publish(deliberating)
    with pytest.raises(PermissionDenied):
        services.send_outbox(user_for(role), deliberating)
    assert mailoutbox == []


def test_nothing_is_sent_before_the_results_are_published(prepared, deliberating, organiser, mailoutbox):
    refused(
        lambda: services.send_outbox(organiser, deliberating),
        "The result e-mails are sent when the results are published; the edition is in the phase: Deliberation.",
    )
    assert not OutboxMessage.objects.filter(status=OutboxStatus.SENT).exists()
    assert entries("outbox.sent") == []


def test_nothing_is_sent_once_archived(prepared, deliberating, organiser, mailoutbox):
    Edition.objects.filter(pk=deliberating.pk).update(published_at=timezone.now(), archived_at=timezone.now())
    refused(
        lambda: services.send_outbox(organiser, deliberating),
        "The result e-mails are sent when the results are published; the edition is in the phase: Archived.",
    )


def test_once_published_every_draft_goes_in_one_batch(
    prepared, deliberating, organiser, technical, mailoutbox, django_capture_on_commit_callbacks
):
    services.edit_outbox_message(
        organiser, OutboxMessage.objects.get(recipient=technical), "Objet à part", "Texte à part"
    )
    publish(deliberating)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_outbox(organiser, deliberating) == 3
    assert sorted((mail.to[0], mail.subject) for mail in mailoutbox) == [
        ("agent@nancy.fr", f"{deliberating} — décision du jury pour Nancy (54)"),
        ("elue@nancy.fr", f"{deliberating} — décision du jury pour Nancy (54)"),
        ("tech@nancy.fr", "Objet à part"),
    ]
    assert all(len(mail.to) == 1 for mail in mailoutbox)
    bodies = {mail.to[0]: mail.body for mail in mailoutbox}
    assert bodies["tech@nancy.fr"] == "Texte à part\n"
    assert bodies["elue@nancy.fr"] == OutboxMessage.objects.get(recipient__email="elue@nancy.fr").body
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0
    entry = AuditEntry.objects.get(action="outbox.sent")
    assert (entry.summary, entry.data) == ("3 e-mails", {"count": 3})
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_outbox(organiser, deliberating) == 0
    assert len(mailoutbox) == 3


def test_only_the_drafts_of_this_edition_are_sent(
    prepared, deliberating, organiser, elected, nancy, mailoutbox, django_capture_on_commit_callbacks
):
    earlier = factories.EditionFactory(year=deliberating.year - 1, open=True, actor=organiser)
    earlier_dossier = factories.DossierFactory(edition=earlier, territory=nancy, actor=elected)
    other = OutboxMessage.objects.create(
        edition=earlier, dossier=earlier_dossier, recipient=elected, language="fr", subject="Autre", body="Autre\n"
    )
    publish(deliberating)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_outbox(organiser, deliberating) == 3
    assert "Autre" not in [mail.subject for mail in mailoutbox]
    other.refresh_from_db()
    assert (other.status, other.sent_at) == (OutboxStatus.DRAFT, None)


def test_sending_costs_the_same_queries_whatever_the_number_of_e_mails(
    prepared, deliberating, organiser, other_submitted, member_of_other_body, mailoutbox
):
    publish(deliberating)
    with CaptureQueriesContext(connection) as three:
        assert services.send_outbox(organiser, deliberating) == 3
    OutboxMessage.objects.update(status=OutboxStatus.DRAFT, sent_at=None)
    for user in (member_of_other_body, factories.UserFactory()):
        OutboxMessage.objects.create(
            edition=deliberating,
            dossier=other_submitted,
            recipient=user,
            language="fr",
            subject="Objet",
            body="Texte\n",
        )
    with CaptureQueriesContext(connection) as five:
        assert services.send_outbox(organiser, deliberating) == 5
    assert len(five) == len(three)


def test_a_send_that_fails_sends_nothing(
    prepared, deliberating, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    """The e-mails are queued only when the transaction commits."""
    from django.db import transaction

    publish(deliberating)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.send_outbox(organiser, deliberating)
        raise RuntimeError
    assert mailoutbox == []
    assert not OutboxMessage.objects.filter(status=OutboxStatus.SENT).exists()
