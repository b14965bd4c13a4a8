"""Every check of the edition services, called directly: who (organisers only), which phase,
which dates. Each refusal is asserted with its message (in English) and leaves the edition and
the audit log as they were."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from tests.factories import UserFactory
from tnl.core.models import AuditEntry
from tnl.editions import services
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.referentials.models import Referential

PARIS = ZoneInfo("Europe/Paris")
OPENS = datetime(2027, 9, 1, 9, tzinfo=PARIS)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def edition(open_edition):
    return open_edition


def set_phase(edition, phase):
    """Put the edition in `phase` by its dates and stamps, without going through a service."""
    now = timezone.now()
    fields = {
        Phase.DRAFT: {"opens_at": now + timedelta(days=1)},
        Phase.OPEN: {},
        Phase.CLOSED: {"closes_at": now - timedelta(days=1)},
        Phase.REVIEW: {"closes_at": now - timedelta(days=2), "jury_on": timezone.localdate(now - timedelta(days=1))},
        Phase.DELIBERATION: {"deliberation_started_at": now},
        Phase.PUBLISHED: {"deliberation_started_at": now, "published_at": now},
        Phase.ARCHIVED: {"published_at": now, "archived_at": now},
    }[phase]
    Edition.objects.filter(pk=edition.pk).update(**fields)
    edition.refresh_from_db()
    assert edition.phase == phase
    return edition


def audited():
    return AuditEntry.objects.count()


# Who -------------------------------------------------------------------------------------------


@pytest.fixture(params=["outsider", "admin_no_organiser"])
def not_organiser(request, db):
    if request.param == "outsider":
        return request.getfixturevalue("outsider")
    return UserFactory(email="staff@example.org", is_staff=True)


def test_create_edition_is_for_organisers(not_organiser, mini_referential):
    entries = audited()
    with pytest.raises(PermissionDenied):
        services.create_edition(not_organiser, 2027, mini_referential)
    assert (Edition.objects.count(), Referential.objects.count(), audited()) == (0, 1, entries)


def test_update_dates_is_for_organisers(not_organiser, edition):
    entries = audited()
    with pytest.raises(PermissionDenied):
        services.update_dates(not_organiser, edition, opens_at=OPENS, closes_at=OPENS + timedelta(days=1))
    edition.refresh_from_db()
    assert (edition.opens_at != OPENS, audited()) == (True, entries)


@pytest.mark.parametrize(
    "action, phase",
    [
        ("open_now", Phase.DRAFT),
        ("close_now", Phase.OPEN),
        ("start_deliberation", Phase.CLOSED),
        ("reopen_review", Phase.DELIBERATION),
        ("archive", Phase.PUBLISHED),
    ],
)
def test_every_campaign_action_is_for_organisers(not_organiser, edition, action, phase):
    set_phase(edition, phase)
    entries = audited()
    with pytest.raises(PermissionDenied):
        services.ACTIONS[action](not_organiser, edition)
    edition.refresh_from_db()
    assert (edition.phase, audited()) == (phase, entries)


# Which phase -----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", list(services.ACTIONS))
@pytest.mark.parametrize("phase", list(Phase))
def test_each_action_runs_from_its_phases_only(english, organiser, edition, action, phase):
    set_phase(edition, phase)
    if phase in services.ALLOWED_FROM[action]:
        assert services.ACTIONS[action](organiser, edition).phase != phase
        return
    entries = audited()
    with pytest.raises(ValidationError) as error:
        services.ACTIONS[action](organiser, edition)
    assert error.value.messages == [
        f"This action is not possible while the edition is in the phase: {Phase(phase).label}."
    ]
    edition.refresh_from_db()
    assert (edition.phase, audited()) == (phase, entries)


def test_each_action_sets_its_stamp_and_audits_the_move(organiser, edition):
    before = timezone.now()
    edition = services.close_now(organiser, edition)
    assert before <= edition.closes_at <= timezone.now()
    edition = services.start_deliberation(organiser, edition)
    assert before <= edition.deliberation_started_at <= timezone.now()
    edition = services.reopen_review(organiser, edition)
    assert edition.deliberation_started_at is None
    set_phase(edition, Phase.PUBLISHED)
    edition = services.archive(organiser, edition)
    assert before <= edition.archived_at <= timezone.now()
    entries = AuditEntry.objects.filter(object_type="editions.edition").order_by("id")
    assert [(e.actor, e.action, e.summary) for e in entries][1:] == [
        (organiser, "edition.closed", "open → closed"),
        (organiser, "edition.deliberation_started", "closed → deliberation"),
        (organiser, "edition.review_reopened", "deliberation → closed"),
        (organiser, "edition.archived", "published → archived"),
    ]


@pytest.mark.parametrize(
    "closes_at", [None, timezone.now() - timedelta(minutes=1)], ids=["no deadline", "deadline passed"]
)
def test_opening_needs_a_deadline_in_the_future(english, organiser, edition, closes_at):
    Edition.objects.filter(pk=edition.pk).update(opens_at=None, closes_at=closes_at)
    edition.refresh_from_db()
    entries = audited()
    with pytest.raises(ValidationError) as error:
        services.open_now(organiser, edition)
    assert error.value.messages == ["Set a closing date in the future before opening applications."]
    edition.refresh_from_db()
    assert (edition.opens_at, audited()) == (None, entries)


def test_opening_sets_the_opening_to_now(organiser, edition):
    Edition.objects.filter(pk=edition.pk).update(opens_at=None)
    before = timezone.now()
    edition = services.open_now(organiser, edition)
    assert before <= edition.opens_at <= timezone.now()
    assert edition.phase == Phase.OPEN


@pytest.mark.parametrize("phase", [Phase.PUBLISHED, Phase.ARCHIVED])
def test_the_dates_of_a_published_edition_are_frozen(english, organiser, edition, phase):
    set_phase(edition, phase)
    entries = audited()
    with pytest.raises(ValidationError) as error:
        services.update_dates(organiser, edition, opens_at=OPENS, closes_at=OPENS + timedelta(days=1))
    assert error.value.messages == ["The dates of a published edition cannot change."]
    edition.refresh_from_db()
    assert (edition.opens_at != OPENS, audited()) == (True, entries)


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.OPEN, Phase.CLOSED, Phase.REVIEW, Phase.DELIBERATION])
def test_the_dates_change_until_publication(organiser, edition, phase):
    set_phase(edition, phase)
    edition = services.update_dates(organiser, edition, opens_at=OPENS, closes_at=OPENS + timedelta(days=1))
    assert (edition.opens_at, edition.closes_at, edition.jury_on) == (OPENS, OPENS + timedelta(days=1), None)


# Which dates -----------------------------------------------------------------------------------


def test_update_dates_refuses_dates_out_of_order_and_changes_nothing(english, organiser, edition):
    opens_at = edition.opens_at
    entries = audited()
    with pytest.raises(ValidationError) as error:
        services.update_dates(organiser, edition, opens_at=OPENS, closes_at=OPENS)
    assert error.value.message_dict == {"closes_at": ["Applications must close after they open."]}
    edition.refresh_from_db()
    assert (edition.opens_at, audited()) == (opens_at, entries)


def test_update_dates_without_a_change_writes_nothing(organiser, edition):
    entries = audited()
    dates = {field: getattr(edition, field) for field in services.DATE_FIELDS}
    services.update_dates(organiser, edition, **dates)
    assert audited() == entries


def test_update_dates_logs_cleared_dates_as_null(organiser, edition):
    services.update_dates(organiser, edition, opens_at=edition.opens_at, closes_at=edition.closes_at)
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.summary, entry.data) == (
        "edition.dates_changed",
        "jury_on",
        {"changes": {"jury_on": [edition.jury_on.isoformat(), None]}},
    )


def test_update_dates_names_every_changed_date_in_the_summary(organiser, edition):
    closes_at = edition.closes_at + timedelta(days=1)
    services.update_dates(organiser, edition, opens_at=edition.opens_at, closes_at=closes_at)
    entry = AuditEntry.objects.latest("id")
    # PostgreSQL's jsonb keeps no key order: the summary gives the order.
    assert (entry.action, entry.summary, sorted(entry.data["changes"])) == (
        "edition.dates_changed",
        "closes_at, jury_on",
        ["closes_at", "jury_on"],
    )


CLOSES = datetime(2027, 9, 30, 23, 30, tzinfo=PARIS)  # already 1 October in UTC: local dates count


@pytest.mark.parametrize(
    "dates, errors",
    [
        ({"opens_at": CLOSES, "closes_at": CLOSES}, {"closes_at"}),
        ({"opens_at": CLOSES - timedelta(seconds=1), "closes_at": CLOSES}, set()),
        ({"closes_at": CLOSES, "jury_on": date(2027, 9, 29)}, {"jury_on"}),
        ({"closes_at": CLOSES, "jury_on": date(2027, 9, 30)}, set()),
        ({"jury_on": date(2027, 10, 2), "ceremony_on": date(2027, 10, 1)}, {"ceremony_on"}),
        ({"jury_on": date(2027, 10, 2), "ceremony_on": date(2027, 10, 2)}, set()),
        ({"closes_at": CLOSES, "ceremony_on": date(2027, 9, 29)}, {"ceremony_on"}),
        ({"closes_at": CLOSES, "ceremony_on": date(2027, 9, 30)}, set()),
        ({"ceremony_on": date(2027, 10, 2), "publication_on": date(2027, 10, 1)}, {"publication_on"}),
        ({"ceremony_on": date(2027, 10, 2), "publication_on": date(2027, 10, 2)}, set()),
        ({"publication_on": date(2027, 1, 1), "closes_at": CLOSES, "opens_at": CLOSES}, {"closes_at"}),
    ],
)
def test_date_errors_at_the_edges(english, dates, errors):
    assert set(services.date_errors(dates)) == errors


def test_a_ceremony_before_the_jury_is_reported_once(english):
    assert services.date_errors(
        {"closes_at": CLOSES, "jury_on": date(2027, 10, 5), "ceremony_on": date(2027, 9, 1)}
    ) == {"ceremony_on": "The ceremony cannot come before the jury review starts."}
    assert services.date_errors({"closes_at": CLOSES, "ceremony_on": date(2027, 9, 1)}) == {
        "ceremony_on": "The ceremony cannot come before applications close."
    }


# Which referential -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, code",
    [
        ("tnl-2026", "tnl-2027"),
        ("tnl-default", "tnl-2027"),
        ("mini", "mini-2027"),
        ("2026", "2026-2027"),
        # Nothing left once the suffix is cut: the copy gets a generic name.
        ("-2026", "referential-2027"),
        ("-default", "referential-2027"),
    ],
)
def test_the_copy_is_named_for_the_year(source, code):
    assert services.referential_code_for(source, 2027) == code


def test_the_copy_needs_a_free_code(english, organiser, mini_referential):
    services.create_edition(organiser, 2027, mini_referential)
    Edition.objects.all().delete()
    entries = audited()
    with pytest.raises(ValidationError) as error:
        services.create_edition(organiser, 2027, mini_referential)
    assert error.value.message_dict == {
        "source": ["The referential code mini-2027 is already taken; start from another referential."]
    }
    assert (Edition.objects.count(), audited()) == (0, entries)


def test_a_year_taken_is_refused_before_anything_is_copied(english, organiser, mini_referential, edition):
    referentials, entries = Referential.objects.count(), audited()
    with pytest.raises(ValidationError) as error:
        services.create_edition(organiser, 2028, mini_referential)
    assert error.value.message_dict == {"year": ["There is already an edition for 2028."]}
    assert (Referential.objects.count(), audited()) == (referentials, entries)


def test_dates_out_of_order_are_refused_before_anything_is_copied(english, organiser, mini_referential):
    with pytest.raises(ValidationError):
        services.create_edition(organiser, 2027, mini_referential, opens_at=OPENS, closes_at=OPENS)
    assert Referential.objects.count() == 1


def test_the_edition_keeps_its_dates_and_the_log_names_the_source(organiser, mini_referential):
    edition = services.create_edition(
        organiser, 2027, mini_referential, opens_at=OPENS, closes_at=OPENS + timedelta(days=30)
    )
    edition.refresh_from_db()
    assert (edition.opens_at, edition.closes_at, edition.jury_on) == (OPENS, OPENS + timedelta(days=30), None)
    entry = AuditEntry.objects.latest("id")
    assert (entry.actor, entry.action, entry.summary) == (organiser, "edition.created", "2027 from mini-2026")


# Phase actions: the preview and the undo ---------------------------------------------------------


def test_the_preview_of_reopening_the_review_clears_the_deliberation_stamp(edition):
    now = timezone.now()
    edition = set_phase(edition, Phase.DELIBERATION)
    assert services.action_preview(edition, "reopen_review", now) == (
        "deliberation_started_at",
        edition.deliberation_started_at,
        None,
    )
    assert services.action_preview(edition, "close_now", now) == ("closes_at", edition.closes_at, now)


def test_undoing_records_the_date_it_replaced_and_the_one_it_restored(organiser, edition):
    closes = Edition.objects.get(pk=edition.pk).closes_at.isoformat()
    services.close_now(organiser, edition)
    closed = Edition.objects.get(pk=edition.pk).closes_at.isoformat()
    entry = AuditEntry.objects.get(action="edition.closed")
    services.undo_phase_action(organiser, Edition.objects.get(pk=edition.pk), entry.pk)
    assert Edition.objects.get(pk=edition.pk).closes_at.isoformat() == closes
    undone = AuditEntry.objects.latest("id")
    assert (undone.actor, undone.action, undone.summary, undone.data) == (
        organiser,
        "edition.action_undone",
        f"closes_at: {closed} → {closes}",
        {"field": "closes_at", "undone": entry.pk, "previous": closed, "after": closes},
    )


def test_a_deadline_at_this_very_instant_is_already_passed(english, organiser, edition, monkeypatch):
    instant = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: instant)  # a stopped clock
    Edition.objects.filter(pk=edition.pk).update(opens_at=None, closes_at=instant)
    edition.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.open_now(organiser, edition)
    assert error.value.messages == ["Set a closing date in the future before opening applications."]
    assert Edition.objects.get(pk=edition.pk).opens_at is None
