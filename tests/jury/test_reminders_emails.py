"""The deadline reminder e-mail (one per referent, in their language: the body, the deadline,
what is missing, the link) and the `send_deadline_reminders` command (J-14, J-3, idempotent)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.dossiers.answering import answer_all_required
from tests.html import links_in
from tnl.accounts.models import User
from tnl.core.formatting import when
from tnl.core.services import SYSTEM
from tnl.dossiers.scoring import dossier_state
from tnl.editions.models import Edition
from tnl.jury.console_services import due_key, send_deadline_reminder, send_due_reminders
from tnl.jury.models import Reminder


def by_address():
    return {message.to[0]: message for message in mail.outbox}


def set_deadline(edition, delta):
    Edition.objects.filter(pk=edition.pk).update(closes_at=timezone.now() + delta)
    edition.refresh_from_db()
    return edition


def deadline_in(edition, language):
    with translation.override(language):
        return when(edition.closes_at)


def test_each_referent_gets_it_in_their_language(dossier, organiser, technical, django_capture_on_commit_callbacks):
    User.objects.filter(pk=technical.pk).update(language="en")
    edition = dossier.edition
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminder(organiser, edition, "J-14")
    sent = by_address()
    assert sorted(sent) == ["elue@nancy.fr", "tech@nancy.fr"]
    french, english = sent["elue@nancy.fr"], sent["tech@nancy.fr"]
    year = edition.year
    assert french.subject == f"Rappel: le dossier {year} de Nancy n’est pas encore déposé"
    assert english.subject == f"Reminder: the {year} dossier of Nancy is not submitted yet"

    codes = [code for code, _reason in dossier_state(dossier).blocker_codes()]
    assert len(codes) > 10
    url = f"{settings.SITE_URL}{reverse('dossiers:detail', args=[dossier.pk])}"
    english_lines = english.body.splitlines()
    assert english_lines[:3] == [
        "Hello,",
        "",
        f"The dossier of Nancy for the {year} edition is not submitted yet. Applications close on "
        f"{deadline_in(edition, 'en')}: only submitted dossiers go to the jury.",
    ]
    assert english_lines[3] == "That is in 20 days."
    assert english_lines[5] == "What is still missing before it can be submitted:"
    missing = [line for line in english_lines if line.startswith("- ")]
    assert [line.split(" ")[1] for line in missing[:10]] == codes[:10]
    assert missing[0].startswith(f"- {codes[0]} is not answered. ")
    assert missing[10:] == [f"- and {len(codes) - 10} more questions."]
    assert english_lines[-4:] == ["Open the dossier:", url, "", "You receive this reminder as a referent of Nancy."]
    assert links_in(english) == [url]

    french_lines = french.body.splitlines()
    assert french_lines[2] == (
        f"Le dossier de Nancy pour l’édition {year} n’est pas encore déposé. Les candidatures ferment le "
        f"{deadline_in(edition, 'fr')}: seuls les dossiers déposés vont au jury."
    )
    assert french_lines[3] == "C’est dans 20 jours."
    assert f"- {codes[0]} n’a pas de réponse. " in french.body
    assert f"- et {len(codes) - 10} autres questions." in french_lines
    assert french_lines[-4:] == ["Ouvrir le dossier:", url, "", "Vous recevez ce rappel en tant que référent de Nancy."]
    assert " :" not in french.body.replace(" ?", "") and "\u00a0:" not in french.body


def test_a_complete_dossier_is_told_so_and_a_missing_referent_is_named(
    edition, vandoeuvre, member_of_other_body, organiser, django_capture_on_commit_callbacks
):
    other = factories.DossierFactory(edition=edition, territory=vandoeuvre, actor=member_of_other_body)
    answer_all_required(other, member_of_other_body)
    assert dossier_state(other).blockers() == []
    # A deadline a minute away is today, unless the test runs in the last minute of the day.
    set_deadline(edition, timedelta(minutes=1))
    same_day = timezone.localdate(edition.closes_at) == timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminder(organiser, edition, "J-3")
    (message,) = mail.outbox
    lines = message.body.splitlines()
    assert lines[3:7] == [
        "C’est aujourd’hui." if same_day else "C’est dans 1 jour.",
        "",
        "Ce qui manque encore pour pouvoir le déposer:",
        "- L’organisme doit avoir un référent technique confirmé.",
    ]


def test_nothing_missing_says_a_referent_can_submit(dossier, organiser, django_capture_on_commit_callbacks, elected):
    answer_all_required(dossier, elected)
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminder(organiser, dossier.edition, "J-14")
    assert "\nRien ne manque: un référent peut le déposer dès maintenant.\n" in mail.outbox[0].body
    assert "Ce qui manque" not in mail.outbox[0].body


@pytest.mark.parametrize(
    ("days", "key"),
    [(15, None), (14, "J-14"), (4, "J-14"), (3, "J-3"), (0.01, "J-3"), (-0.01, None)],
)
def test_the_reminder_due(edition, days, key):
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(closes_at=now + timedelta(days=days))
    edition.refresh_from_db()
    assert due_key(edition, now) == key


def test_no_reminder_is_due_for_an_edition_that_is_not_open(edition):
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))
    edition.refresh_from_db()
    assert due_key(edition, now) is None


def test_the_reminder_due_at_a_given_moment_or_now(edition):
    # The edition closes in 20 days.
    later = timezone.now() + timedelta(days=8)
    assert due_key(edition, later) == "J-14"
    assert due_key(edition, later + timedelta(days=10)) == "J-3"
    assert due_key(edition) is None
    set_deadline(edition, timedelta(days=10))
    assert due_key(edition) == "J-14"


def test_the_due_reminders_at_a_given_moment(dossier):
    # The edition closes in 20 days: in 8 days, the J-14 reminder is due (sent now).
    ((edition, key, reminder),) = send_due_reminders(timezone.now() + timedelta(days=8))
    assert (edition, key, reminder.bodies_now, reminder.emails_now) == (dossier.edition, "J-14", 1, 2)


def test_an_edition_with_no_reminder_due_does_not_stop_the_next_one(edition, organiser):
    # The latest edition (the first one read) closes in 20 days; the one before in 10 days.
    earlier = factories.EditionFactory(year=edition.year - 1, open=True, actor=organiser)
    set_deadline(earlier, timedelta(days=10))
    assert send_due_reminders() == [
        (earlier, "J-14", f"Aucun dossier de l’édition {earlier.year} n’est encore en brouillon.")
    ]


def run_command(capture):
    out = StringIO()
    mail.outbox.clear()
    with capture(execute=True):
        call_command("send_deadline_reminders", stdout=out)
    return out.getvalue().splitlines(), sorted(message.to[0] for message in mail.outbox)


def test_the_command_sends_each_reminder_once(dossier, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    edition, year = dossier.edition, dossier.edition.year
    assert run_command(capture) == (["No reminder is due."], [])

    set_deadline(edition, timedelta(days=10))
    assert run_command(capture) == ([f"{year} J-14: sent to 1 bodies, 2 e-mails"], ["elue@nancy.fr", "tech@nancy.fr"])
    nothing = (
        f"{year} J-14: nothing sent (Every body with a dossier still in draft has already received this "
        "reminder, or has no referent.)"
    )
    assert run_command(capture) == ([nothing], [])

    set_deadline(edition, timedelta(days=2))
    assert run_command(capture) == ([f"{year} J-3: sent to 1 bodies, 2 e-mails"], ["elue@nancy.fr", "tech@nancy.fr"])
    assert run_command(capture)[1] == []
    assert list(Reminder.objects.order_by("key").values_list("key", "count", "sent_by")) == [
        ("J-14", 2, None),
        ("J-3", 2, None),
    ]


def test_the_command_leaves_closed_editions_alone(dossier, django_capture_on_commit_callbacks):
    set_deadline(dossier.edition, -timedelta(hours=1))
    assert run_command(django_capture_on_commit_callbacks) == (["No reminder is due."], [])


def test_the_system_actor_sends_without_a_person(dossier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminder = send_deadline_reminder(SYSTEM, dossier.edition, "J-14")
    assert reminder.sent_by is None and len(mail.outbox) == 2
