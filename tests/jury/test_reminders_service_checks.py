"""Every check of `send_deadline_reminder`, called directly: who may send, the phase, the
deadline, the key, once per body and key, only dossiers in draft, only referents. Each refusal
leaves no reminder, no audit entry and no e-mail behind."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from tests import factories
from tests.factories import ELECTED, TECHNICAL
from tnl.core.formatting import when
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM, NotAllowed, Refused
from tnl.editions.models import Edition
from tnl.jury.console_services import (
    KEY_PATTERN,
    manual_key,
    preview_reminder,
    reminder_targets,
    send_deadline_reminder,
)
from tnl.jury.models import Reminder, ReminderDelivery


@pytest.fixture
def other_draft(edition, vandoeuvre, member_of_other_body):
    """Vandœuvre's dossier, in draft; its only referent is Victor Voisin."""
    return factories.DossierFactory(edition=edition, territory=vandoeuvre, actor=member_of_other_body)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send(actor, edition, key): the reminder, and the addresses e-mailed (sorted)."""

    def _send(actor, edition, key="J-14"):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            reminder = send_deadline_reminder(actor, edition, key)
        return reminder, sorted(message.to[0] for message in mail.outbox)

    return _send


@pytest.fixture
def refused(django_capture_on_commit_callbacks):
    @contextmanager
    def _refused(exception, messages=None):
        audited, reminders = AuditEntry.objects.count(), ReminderDelivery.objects.count()
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
        assert ReminderDelivery.objects.count() == reminders
        assert callbacks == [] and mail.outbox == []

    return _refused


def set_dates(edition, **dates):
    Edition.objects.filter(pk=edition.pk).update(**dates)
    edition.refresh_from_db()
    return edition


@pytest.mark.parametrize("role", ["visitor", "outsider", "juror", "conflicted_juror", "expert", "elected"])
def test_only_organisers_and_the_system_send_reminders(role, dossier, user_for, refused):
    actor = user_for(role)
    with refused(NotAllowed):
        send_deadline_reminder(actor, dossier.edition, "J-14")
    assert not Reminder.objects.exists()


def test_the_organiser_an_admin_and_the_system_may(dossier, organiser, admin_user, send):
    assert send(organiser, dossier.edition, "J-14")[1] == ["elue@nancy.fr", "tech@nancy.fr"]
    assert send(admin_user, dossier.edition, "J-3")[1] == ["elue@nancy.fr", "tech@nancy.fr"]
    reminder, sent = send(SYSTEM, dossier.edition, "manual-20261129T153000")
    assert sent == ["elue@nancy.fr", "tech@nancy.fr"]
    assert reminder.sent_by is None


def test_an_unknown_key_is_refused(dossier, organiser, refused):
    with refused(Refused, ["Unknown reminder “J-7”."]):
        send_deadline_reminder(organiser, dossier.edition, "J-7")


def deadline_passed(edition):
    with translation.override("en"):
        deadline = when(edition.closes_at)
    return [f"The deadline of the {edition.year} edition has passed ({deadline}): reminders are sent only before it."]


def test_after_the_deadline_it_is_refused(dossier, organiser, refused):
    edition = set_dates(dossier.edition, closes_at=timezone.now() - timedelta(minutes=1))
    with refused(Refused, deadline_passed(edition)):
        send_deadline_reminder(organiser, edition, "J-3")


def test_at_the_deadline_itself_it_is_refused(dossier, organiser, refused, monkeypatch):
    deadline = dossier.edition.closes_at
    monkeypatch.setattr(timezone, "now", lambda: deadline)
    with refused(Refused, deadline_passed(dossier.edition)):
        send_deadline_reminder(organiser, dossier.edition, "J-3")


def test_before_the_edition_opens_it_is_refused(dossier, organiser, refused):
    now = timezone.now()
    edition = set_dates(dossier.edition, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=10))
    message = f"The {edition.year} edition is not open for applications: there is no deadline to remind anyone of."
    with refused(Refused, [message]):
        send_deadline_reminder(organiser, edition, "J-14")


def test_each_body_gets_a_reminder_once(dossier, organiser, send, refused, vandoeuvre, member_of_other_body):
    reminder, sent = send(organiser, dossier.edition, "J-14")
    assert sent == ["elue@nancy.fr", "tech@nancy.fr"]
    message = "Every body with a dossier still in draft has already received this reminder, or has no referent."
    with refused(Refused, [message]):
        send_deadline_reminder(organiser, dossier.edition, "J-14")
    # A body whose dossier starts afterwards gets it; Nancy not again.
    factories.DossierFactory(edition=dossier.edition, territory=vandoeuvre, actor=member_of_other_body)
    again, sent = send(SYSTEM, dossier.edition, "J-14")
    assert sent == ["elu@vandoeuvre.fr"]
    assert again.pk == reminder.pk
    assert (again.count, again.bodies_now, again.emails_now) == (3, 1, 1)
    assert list(again.deliveries.order_by("pk").values_list("dossier__territory__name", "recipients")) == [
        ("Nancy", 2),
        ("Vandœuvre-lès-Nancy", 1),
    ]
    # Another key is another reminder.
    other, sent = send(organiser, dossier.edition, "J-3")
    assert sent == ["elu@vandoeuvre.fr", "elue@nancy.fr", "tech@nancy.fr"]
    assert (other.count, other.bodies_now, other.emails_now) == (3, 2, 3)


def test_only_dossiers_still_in_draft(submitted, other_draft, organiser, send):
    assert send(organiser, submitted.edition)[1] == ["elu@vandoeuvre.fr"]


def test_nothing_in_draft_is_refused(submitted, organiser, refused):
    with refused(Refused, [f"No dossier of the {submitted.edition.year} edition is still in draft."]):
        send_deadline_reminder(organiser, submitted.edition, "J-14")


def test_drafts_of_another_edition_do_not_count(submitted, organiser, nancy, elected, refused):
    earlier = factories.EditionFactory(year=submitted.edition.year - 1, open=True, actor=organiser)
    factories.DossierFactory(edition=earlier, territory=nancy, actor=elected)
    with refused(Refused, [f"No dossier of the {submitted.edition.year} edition is still in draft."]):
        send_deadline_reminder(organiser, submitted.edition, "J-14")


def test_the_targets_go_by_body_name_then_code(edition):
    bodies = [
        factories.OtherBodyFactory(name=name, code=code)
        for name, code in [("Syndicat B", "X00001"), ("Syndicat A", "X00003"), ("Syndicat A", "X00002")]
    ]
    for body in bodies:
        factories.DossierFactory(edition=edition, territory=body)
    targets, without = reminder_targets(edition)
    assert [(dossier.territory.name, dossier.territory.code) for dossier, _referents in targets] == [
        ("Syndicat A", "X00002"),
        ("Syndicat A", "X00003"),
        ("Syndicat B", "X00001"),
    ]
    assert without == []


def test_the_targets_come_with_their_bodies_and_referents_in_two_queries(
    dossier, other_draft, django_assert_num_queries
):
    with django_assert_num_queries(2):
        targets, _without = reminder_targets(dossier.edition)
        rows = [(target.territory.name, sorted(user.email for user in people)) for target, people in targets]
    assert rows == [("Nancy", ["elue@nancy.fr", "tech@nancy.fr"]), ("Vandœuvre-lès-Nancy", ["elu@vandoeuvre.fr"])]


def test_the_preview_shows_the_first_body_s_e_mail(dossier, other_draft):
    preview = preview_reminder(dossier.edition)
    assert (preview["bodies"], preview["people"], preview["without_referents"]) == (2, 3, [])
    assert preview["example"]["dossier"] == dossier
    year = dossier.edition.year
    assert preview["example"]["fr"][0] == f"Rappel: le dossier {year} de Nancy n’est pas encore déposé"
    assert preview["example"]["en"][0] == f"Reminder: the {year} dossier of Nancy is not submitted yet"


def test_the_preview_without_any_body_to_remind(submitted):
    assert preview_reminder(submitted.edition) == {"bodies": 0, "people": 0, "without_referents": [], "example": None}


def test_the_key_of_a_reminder_sent_by_hand():
    moment = datetime(2026, 11, 29, 14, 30, 5, tzinfo=UTC)
    assert manual_key(moment) == "manual-20261129T153005"  # Paris time
    assert KEY_PATTERN.fullmatch(manual_key())


def test_the_referents_go_by_name_then_address(dossier, nancy):
    added = [("c@nancy.fr", "Anne Ange"), ("a@nancy.fr", "Zoé Zèbre"), ("b@nancy.fr", "Anne Ange")]
    for email, name in added:
        factories.MembershipFactory(territory=nancy, role=ELECTED, user__email=email, user__full_name=name)
    ((_dossier, referents),), _without = reminder_targets(dossier.edition)
    emails = [user.email for user in referents if user.email in {email for email, _name in added}]
    assert emails == ["b@nancy.fr", "c@nancy.fr", "a@nancy.fr"]


def test_only_confirmed_referents_of_the_body(dossier, organiser, nancy, send):
    factories.MembershipFactory(territory=nancy, role=ELECTED, pending=True, user__email="pending@nancy.fr")
    factories.MembershipFactory(territory=nancy, role=TECHNICAL, left=True, user__email="left@nancy.fr")
    # The contributor (agent@nancy.fr), the pending and the departed referents get nothing.
    assert send(organiser, dossier.edition)[1] == ["elue@nancy.fr", "tech@nancy.fr"]


def test_a_body_without_referent_is_left_out(edition, organiser, send, refused):
    body = factories.OtherBodyFactory(name="Syndicat sans référent")
    lonely = factories.DossierFactory(edition=edition, territory=body)
    lonely.territory.memberships.update(role=factories.CONTRIBUTOR)
    message = "Every body with a dossier still in draft has already received this reminder, or has no referent."
    with refused(Refused, [message]):
        send_deadline_reminder(organiser, edition, "J-14")
    assert reminder_targets(edition) == ([], [lonely])


def test_what_it_records(dossier, organiser, send):
    reminder, _sent = send(organiser, dossier.edition, "J-14")
    assert (reminder.edition, reminder.key, reminder.sent_by, reminder.count) == (dossier.edition, "J-14", organiser, 2)
    entry = AuditEntry.objects.get(action="reminder.sent")
    assert (entry.actor, entry.object_type, entry.object_id) == (organiser, "editions.edition", str(dossier.edition.pk))
    assert entry.summary == "J-14: 1 bodies, 2 people"
    assert entry.data == {"reminder": reminder.pk, "key": "J-14", "bodies": 1, "recipients": 2}
