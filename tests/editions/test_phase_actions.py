"""Phase actions: a confirmation page says which date changes, the audit entry keeps the date it
overwrote, and the edition page offers to restore it in one click."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tests.territories.page import Page
from tnl.core import audit
from tnl.core.models import AuditEntry
from tnl.editions import services
from tnl.editions.enums import Phase
from tnl.editions.models import Edition


@pytest.fixture
def open_edition(organiser, mini_referential):
    now = timezone.now()
    return services.create_edition(
        organiser,
        2027,
        mini_referential,
        opens_at=now - timedelta(days=1),
        closes_at=timezone.make_aware(timezone.datetime(2027, 1, 13, 23, 59)),
    )


@pytest.fixture
def user_for(request):
    def _user(role):
        return None if role == "visitor" else request.getfixturevalue(role)

    return _user


def test_the_edition_page_links_to_a_confirmation_not_a_button_that_acts(open_edition, organiser, login):
    html = login(organiser).get(reverse("editions:detail", args=[2027])).content.decode()
    url = reverse("editions:action", args=[2027, "close_now"])
    assert f'href="{url}"' in html
    assert f'action="{url}"' not in html


def test_the_confirmation_page_says_which_date_changes_and_changes_nothing(open_edition, organiser, login):
    page = Page(login(organiser).get(reverse("editions:action", args=[2027, "close_now"])))
    assert page.texts("h1") == ["Clore les candidatures maintenant"]
    assert "« Clôture des candidatures » passe du 13 janvier 2027, 23:59 à maintenant." in page.main.text
    assert "Vous pourrez ensuite rétablir la date précédente" in page.main.text
    open_edition.refresh_from_db()
    assert open_edition.phase == Phase.OPEN
    assert not AuditEntry.objects.filter(action="edition.closed").exists()


def test_the_confirmation_page_says_when_the_action_is_not_possible(open_edition, organiser, login):
    page = Page(login(organiser).get(reverse("editions:action", args=[2027, "archive"])))
    assert "Cette action n’est pas possible tant que l’édition est dans la phase : Ouverte aux candidatures." in (
        page.main.text
    )
    assert "Confirmer" not in page.main.text


def test_confirming_closes_keeps_the_previous_date_and_offers_to_restore_it(open_edition, organiser, login):
    client = login(organiser)
    response = client.post(reverse("editions:action", args=[2027, "close_now"]))
    assert response.status_code == 302
    open_edition.refresh_from_db()
    assert open_edition.phase == Phase.CLOSED
    entry = AuditEntry.objects.get(action="edition.closed")
    assert entry.data["field"] == "closes_at"
    assert parse_datetime(entry.data["previous"]) == timezone.make_aware(timezone.datetime(2027, 1, 13, 23, 59))
    assert parse_datetime(entry.data["after"]) == open_edition.closes_at

    page = Page(client.get(reverse("editions:detail", args=[2027])))
    assert "Rétablir la date précédente (13 janvier 2027, 23:59)" in page.main.text
    assert "Candidatures closes" in page.main.text
    assert "Clôture des candidatures : 13 janvier 2027, 23:59 →" in page.main.text

    client.post(reverse("editions:undo", args=[2027, entry.pk]))
    open_edition.refresh_from_db()
    assert open_edition.closes_at == timezone.make_aware(timezone.datetime(2027, 1, 13, 23, 59))
    assert open_edition.phase == Phase.OPEN
    undone = AuditEntry.objects.get(action="edition.action_undone")
    assert (undone.data["field"], undone.data["undone"], undone.data["after"]) == (
        "closes_at",
        entry.pk,
        entry.data["previous"],
    )
    page = Page(client.get(reverse("editions:detail", args=[2027])))
    assert "Rétablir la date précédente" not in page.main.text
    assert "Date précédente rétablie" in page.main.text


def test_opening_now_can_be_undone_back_to_no_opening_date(organiser, mini_referential):
    edition = services.create_edition(organiser, 2028, mini_referential, closes_at=timezone.now() + timedelta(days=9))
    services.open_now(organiser, edition)
    entry = services.undoable_entry(Edition.objects.get(pk=edition.pk))
    assert entry.data["previous"] is None
    edition = services.undo_phase_action(organiser, Edition.objects.get(pk=edition.pk), entry.pk)
    assert edition.opens_at is None
    assert edition.phase == Phase.DRAFT


def test_only_the_latest_action_can_be_undone(open_edition, organiser):
    services.close_now(organiser, open_edition)
    first = AuditEntry.objects.get(action="edition.closed")
    edition = services.start_deliberation(organiser, Edition.objects.get(pk=open_edition.pk))
    with pytest.raises(ValidationError, match="ne peut plus être annulée"):
        services.undo_phase_action(organiser, edition, first.pk)


def test_nothing_to_undo_once_the_date_changed_since(open_edition, organiser):
    services.close_now(organiser, open_edition)
    entry = AuditEntry.objects.get(action="edition.closed")
    edition = Edition.objects.get(pk=open_edition.pk)
    services.update_dates(
        organiser,
        edition,
        opens_at=edition.opens_at,
        closes_at=edition.closes_at - timedelta(minutes=1),
    )
    edition = Edition.objects.get(pk=open_edition.pk)
    assert services.undoable_entry(edition) is None
    with pytest.raises(ValidationError, match="ne peut plus être annulée"):
        services.undo_phase_action(organiser, edition, entry.pk)


def test_restoring_a_date_that_no_longer_fits_the_others_is_refused(open_edition, organiser):
    services.close_now(organiser, open_edition)
    entry = AuditEntry.objects.get(action="edition.closed")
    edition = Edition.objects.get(pk=open_edition.pk)
    # The jury review was set to start tomorrow, before the old closing date.
    Edition.objects.filter(pk=edition.pk).update(jury_on=timezone.localdate(timezone.now() + timedelta(days=1)))
    edition = Edition.objects.get(pk=edition.pk)
    with pytest.raises(ValidationError, match="L’examen par le jury ne peut pas commencer avant la clôture"):
        services.undo_phase_action(organiser, edition, entry.pk)
    assert Edition.objects.get(pk=edition.pk).phase != Phase.OPEN


def test_only_organisers_undo(open_edition, organiser, outsider):
    services.close_now(organiser, open_edition)
    entry = AuditEntry.objects.get(action="edition.closed")
    with pytest.raises(PermissionDenied):
        services.undo_phase_action(outsider, Edition.objects.get(pk=open_edition.pk), entry.pk)


@pytest.mark.parametrize("role", ["visitor", "outsider"])
def test_confirmation_and_undo_are_404_for_everyone_else(role, open_edition, organiser, user_for, login):
    services.close_now(organiser, open_edition)
    entry = AuditEntry.objects.get(action="edition.closed")
    client = login(user_for(role))
    assert client.get(reverse("editions:action", args=[2027, "close_now"])).status_code == 404
    assert client.post(reverse("editions:undo", args=[2027, entry.pk])).status_code == 404
    assert Edition.objects.get(pk=open_edition.pk).phase == Phase.CLOSED


@pytest.mark.parametrize("role", ["organiser", "admin_user"])
def test_organisers_and_admins_confirm_and_undo(role, open_edition, user_for, login):
    client = login(user_for(role))
    assert "Confirmer" in Page(client.get(reverse("editions:action", args=[2027, "close_now"]))).main.text
    client.post(reverse("editions:action", args=[2027, "close_now"]))
    entry = AuditEntry.objects.get(action="edition.closed")
    client.post(reverse("editions:undo", args=[2027, entry.pk]))
    assert Edition.objects.get(pk=open_edition.pk).phase == Phase.OPEN


def test_undo_is_post_only(open_edition, organiser, login):
    services.close_now(organiser, open_edition)
    entry = AuditEntry.objects.get(action="edition.closed")
    assert login(organiser).get(reverse("editions:undo", args=[2027, entry.pk])).status_code == 405


def test_the_edition_page_reads_its_changed_dates(open_edition, organiser, login):
    """A date alone (jury, ceremony) and a date-time in the edition's history, as people read them."""
    dates = {field: getattr(open_edition, field) for field in services.DATE_FIELDS}
    services.update_dates(organiser, open_edition, **(dates | {"jury_on": timezone.datetime(2027, 2, 1).date()}))
    # Older entries, or ones another version wrote: a value that is no date, a time without zone.
    changes = {"ceremony_on": ["2027-03-01", "not a date"], "closes_at": [None, "2027-01-20T18:30:00"]}
    audit.record(organiser, "edition.dates_changed", open_edition, "ceremony_on, closes_at", changes=changes)

    page = Page(login(organiser).get(reverse("editions:detail", args=[2027])))

    assert "Début de l’examen par le jury : — → 1 février 2027" in page.main.text
    assert "Cérémonie : 1 mars 2027 → not a date" in page.main.text
    assert "Clôture des candidatures : — → 20 janvier 2027, 18:30" in page.main.text
