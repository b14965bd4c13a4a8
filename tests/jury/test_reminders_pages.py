"""The deadline reminders page (/organisation/editions/<year>/rappels/): who sees it, the
preview (bodies, people, the e-mail in French and English), sending by hand, the history."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.factories import ELECTED
from tests.html import Page, messages_of
from tnl.core.formatting import when
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM
from tnl.editions.models import Edition
from tnl.jury.console_services import send_deadline_reminder
from tnl.jury.models import Reminder

ALL_ROLES = ["visitor", "outsider", "elected", "juror", "conflicted_juror", "expert", "organiser", "admin_user"]
ORGANISERS = {"organiser", "admin_user"}


def url(edition):
    return reverse("jury:reminders", args=[edition.year])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_organisers_and_admins_see_and_send(role, dossier, user_for, login, django_capture_on_commit_callbacks):
    client = login(user_for(role))
    allowed = role in ORGANISERS
    assert client.get(url(dossier.edition)).status_code == (200 if allowed else 404)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(dossier.edition))
    assert response.status_code == (302 if allowed else 404)
    assert len(mail.outbox) == (2 if allowed else 0)
    assert Reminder.objects.exists() == allowed


def test_the_preview_says_who_gets_it_and_shows_the_e_mail(dossier, edition, organiser, login):
    body = factories.OtherBodyFactory(name="Syndicat orphelin")
    orphan = factories.DossierFactory(edition=edition, territory=body)
    orphan.territory.memberships.update(role=factories.CONTRIBUTOR)
    page = Page(login(organiser).get(url(edition)))
    assert page.texts("h1") == ["Rappels avant la date limite"]
    assert page.select("dl.reminder-reach dd") == ["1", "2"]
    assert page.links("Syndicat orphelin") == [reverse("dossiers:detail", args=[orphan.pk])]
    year = edition.year
    assert page.select("article h3") == [
        f"En français : Rappel: le dossier {year} de Nancy n’est pas encore déposé",
        f"En anglais : Reminder: the {year} dossier of Nancy is not submitted yet",
    ]
    with translation.override("en"):
        english_deadline = when(edition.closes_at)
    english = page.main.select("article[lang=en] p")
    assert english[1].text.startswith(f"The dossier of Nancy for the {year} edition is not submitted yet. ")
    assert f"Applications close on {english_deadline}: " in english[1].text
    assert page.select("dl.reminder-schedule dt") == ["J-14", "J-3"]
    assert page.select("dl.reminder-schedule dd") == [
        f"prévu à partir du {when(edition.closes_at - timedelta(days=14))}",
        f"prévu à partir du {when(edition.closes_at - timedelta(days=3))}",
    ]
    assert page.select("section[aria-labelledby=history-title] p") == ["Aucun pour l’instant."]


def test_sending_by_hand(dossier, edition, organiser, login, django_capture_on_commit_callbacks):
    client = login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(edition))
    assert response["Location"] == url(edition)
    assert messages_of(response) == [("success", "Rappel envoyé aux référents de 1 organisme (2 courriels).")]
    assert sorted(message.to[0] for message in mail.outbox) == ["elue@nancy.fr", "tech@nancy.fr"]
    reminder = Reminder.objects.get()
    assert reminder.key.startswith("manual-")
    assert AuditEntry.objects.filter(action="reminder.sent", actor=organiser).count() == 1
    page = Page(client.get(url(edition)))
    assert page.tables() == [
        (
            "Du plus récent au plus ancien",
            [["envoyé à la main", when(reminder.sent_at), "Olga Organisatrice", "1", "2"]],
        )
    ]
    # The edition's recent activity shows it too.
    edition_page = Page(client.get(reverse("editions:detail", args=[edition.year])))
    assert "Rappel de la date limite envoyé" in edition_page.select("table td")


def test_the_automatic_reminders_sent_show_as_sent(
    dossier, edition, organiser, login, django_capture_on_commit_callbacks
):
    Edition.objects.filter(pk=edition.pk).update(closes_at=timezone.now() + timedelta(days=10))
    edition.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        reminder = send_deadline_reminder(SYSTEM, edition, "J-14")
    page = Page(login(organiser).get(url(edition)))
    assert page.select("dl.reminder-schedule dd")[0] == f"envoyé le {when(reminder.sent_at)}"
    assert page.tables()[0][1] == [["J-14", when(reminder.sent_at), "système", "1", "2"]]


def test_after_the_deadline_nothing_can_be_sent(dossier, edition, organiser, login, django_capture_on_commit_callbacks):
    Edition.objects.filter(pk=edition.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    edition.refresh_from_db()
    client = login(organiser)
    page = Page(client.get(url(edition)))
    assert page.messages() == [
        (
            "warning",
            "Les rappels ne s’envoient que pendant les candidatures, avant la date limite (l’édition est dans la phase : Candidatures closes).",
        ),
    ]
    assert "Envoyer le rappel" not in page.texts("button")
    assert page.main.select("article") == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(edition))
    ((level, text),) = messages_of(response)
    assert level == "error"
    assert text.startswith(f"La date limite de l’édition {edition.year} est passée (")
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_no_body_to_remind(submitted, organiser, login):
    page = Page(login(organiser).get(url(submitted.edition)))
    assert page.texts("p", role="status") == [
        "Aucun organisme à relancer : aucun dossier encore en brouillon n’a de référent à qui écrire."
    ]
    assert page.main.select("article") == []


@pytest.mark.parametrize("number", [2, 6])
def test_the_preview_queries_do_not_grow_with_the_bodies(edition, organiser, login, number, django_assert_num_queries):
    for index in range(number):
        body = factories.OtherBodyFactory(name=f"Syndicat {index}")
        referent = factories.member_of(body, ELECTED, f"ref{index}@example.org")
        factories.DossierFactory(edition=edition, territory=body, actor=referent)
    client = login(organiser)
    client.get(url(edition))
    # session, user, edition, reminders (schedule), draft dossiers, referents, the example's
    # answers, evidence and missing referents, history
    with django_assert_num_queries(10):
        assert client.get(url(edition)).status_code == 200
