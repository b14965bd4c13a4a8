from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tnl.core.exceptions import NotAllowed
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM
from tnl.editions import services
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.referentials.diff import diff_referentials

PARIS = ZoneInfo("Europe/Paris")


def test_a_new_edition_starts_with_a_copy_of_the_chosen_referential(organiser, mini_referential):
    edition = services.create_edition(organiser, 2027, mini_referential)

    assert edition.year == 2027
    assert edition.phase == Phase.DRAFT
    assert edition.referential.code == "mini-2027"
    assert edition.referential.pk != mini_referential.pk
    assert edition.referential.copied_from == mini_referential
    assert edition.referential.title == {
        "fr": "Territoire Numérique Libre 2027",
        "en": "Territoire Numérique Libre 2027",
    }
    changes = diff_referentials(mini_referential.document, edition.referential.document)
    assert [(c.scope, c.field) for c in changes] == [
        ("referential", "code"),
        ("referential", "title.fr"),
        ("referential", "title.en"),
    ]
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "referential.imported",
        "referential.copied",
        "edition.created",
    ]


def test_two_editions_of_the_same_year_are_refused(organiser, mini_referential):
    services.create_edition(organiser, 2027, mini_referential)
    with pytest.raises(ValidationError) as error:
        services.create_edition(organiser, 2027, mini_referential)
    assert error.value.message_dict == {"year": ["Il y a déjà une édition pour 2027."]}


def test_only_organisers_create_editions(outsider, mini_referential):
    with pytest.raises(PermissionDenied):
        services.create_edition(outsider, 2027, mini_referential)
    assert not Edition.objects.exists()


def test_an_edition_service_needs_an_explicit_actor(mini_referential):
    with pytest.raises(NotAllowed):
        services.create_edition(None, 2027, mini_referential)
    assert not Edition.objects.exists()

    edition = services.create_edition(SYSTEM, 2027, mini_referential)
    entry = AuditEntry.objects.get(action="edition.created")
    assert (entry.actor, entry.object_id) == (None, str(edition.pk))


def test_dates_out_of_order_are_refused_field_by_field(organiser, mini_referential):
    opens = datetime(2026, 9, 1, 9, tzinfo=PARIS)
    with pytest.raises(ValidationError) as error:
        services.create_edition(
            organiser,
            2026,
            mini_referential,
            opens_at=opens,
            closes_at=opens - timedelta(days=1),
            jury_on=date(2026, 8, 1),
            ceremony_on=date(2026, 7, 1),
            publication_on=date(2026, 6, 1),
        )
    assert error.value.message_dict == {
        "closes_at": ["Les candidatures doivent fermer après leur ouverture."],
        "jury_on": ["L’examen par le jury ne peut pas commencer avant la clôture des candidatures."],
        "ceremony_on": ["La cérémonie ne peut pas avoir lieu avant le début de l’examen par le jury."],
        "publication_on": ["Les résultats ne peuvent pas être publiés avant la cérémonie (embargo)."],
    }
    assert not Edition.objects.exists()


def test_changing_dates_moves_the_phase_and_logs_before_and_after(organiser, open_edition):
    assert open_edition.phase == Phase.OPEN
    new_close = timezone.now() - timedelta(minutes=1)
    edition = services.update_dates(
        organiser,
        open_edition,
        opens_at=open_edition.opens_at,
        closes_at=new_close,
        jury_on=open_edition.jury_on,
    )
    assert edition.phase == Phase.CLOSED
    entry = AuditEntry.objects.get(action="edition.dates_changed")
    assert entry.actor == organiser
    assert list(entry.data["changes"]) == ["closes_at"]
    assert entry.data["changes"]["closes_at"][1] == new_close.isoformat()


def test_the_campaign_actions_walk_the_phases(organiser, open_edition):
    edition = services.close_now(organiser, open_edition)
    assert edition.phase == Phase.CLOSED
    edition = services.start_deliberation(organiser, edition)
    assert edition.phase == Phase.DELIBERATION
    edition = services.reopen_review(organiser, edition)
    assert edition.phase == Phase.CLOSED
    actions = list(AuditEntry.objects.filter(object_type="editions.edition").values_list("action", flat=True))
    assert actions[:3] == ["edition.review_reopened", "edition.deliberation_started", "edition.closed"]


def test_an_action_from_the_wrong_phase_is_refused_and_changes_nothing(organiser, open_edition):
    with pytest.raises(ValidationError) as error:
        services.archive(organiser, open_edition)
    assert error.value.messages == [
        "Cette action n’est pas possible tant que l’édition est dans la phase : Ouverte aux candidatures."
    ]
    open_edition.refresh_from_db()
    assert open_edition.archived_at is None


def test_opening_needs_a_future_deadline(organiser, mini_referential):
    edition = services.create_edition(organiser, 2027, mini_referential)
    with pytest.raises(ValidationError):
        services.open_now(organiser, edition)
    services.update_dates(organiser, edition, closes_at=timezone.now() + timedelta(days=30))
    assert services.open_now(organiser, edition).phase == Phase.OPEN


def test_the_referential_structure_freezes_once_the_edition_opens(organiser, open_edition):
    from tnl.referentials.services import replace_referential

    text = open_edition.referential.document
    from tnl.referentials.format import dump_referential

    with pytest.raises(ValidationError) as error:
        replace_referential(organiser, open_edition.referential, dump_referential(text), "same.yaml")
    assert "n’est plus en brouillon" in error.value.messages[0]
