"""Every check of the planned publication, called directly: `schedule_publication`,
`cancel_scheduled_publication` and `publish_due` (which drops a plan that cannot happen and tells
its planner). Refusals are asserted word for word (in English), with the edition and the audit
log left as they were; audit entries with their summary and data."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import DatabaseError, connection
from django.utils import timezone, translation

from tests.jury.conftest import move_to_review
from tnl.core.exceptions import Refused
from tnl.core.models import AuditEntry
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.editions.services import start_deliberation
from tnl.publication.models import Release
from tnl.publication.services import _drop_failed_plan, cancel_scheduled_publication, publish_due, schedule_publication
from tnl.territories.models import Territory

from .publishing import deliberated

INSTANT = timezone.make_aware(datetime(2031, 6, 15, 10, 0))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def ready(edition, organiser, submitted, other_submitted):
    return deliberated(edition, organiser, submitted, other_submitted)


@pytest.fixture
def stopped_clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: INSTANT)  # a stopped clock
    return INSTANT


def plan_of(edition):
    edition = Edition.objects.get(pk=edition.pk)
    return edition.publication_scheduled_at, edition.publication_scheduled_by


def refusal(call, *args):
    entries = AuditEntry.objects.count()
    with pytest.raises(Refused) as refused:
        call(*args)
    assert AuditEntry.objects.count() == entries
    return refused.value.messages


# schedule_publication ----------------------------------------------------------------------------


def test_a_plan_needs_a_moment(ready, organiser):
    assert refusal(schedule_publication, organiser, ready, None) == ["Give the date and time of the publication."]
    assert plan_of(ready) == (None, None)


def test_a_plan_for_this_very_moment_is_refused(ready, organiser, stopped_clock):
    assert refusal(schedule_publication, organiser, ready, stopped_clock) == [
        "The publication must be planned in the future."
    ]
    assert plan_of(ready) == (None, None)


def test_a_plan_goes_at_most_to_the_fifth_year_ahead(ready, organiser, stopped_clock):
    too_far = stopped_clock.replace(year=stopped_clock.year + 6, month=1, day=1, hour=0)
    assert refusal(schedule_publication, organiser, ready, too_far) == [
        "The publication can be planned at most five years ahead."
    ]
    assert plan_of(ready) == (None, None)
    last_day = stopped_clock.replace(year=stopped_clock.year + 5, month=12, day=31, hour=23)
    schedule_publication(organiser, ready, last_day)
    assert plan_of(ready) == (last_day, organiser)


@pytest.mark.parametrize("phase, label", [(Phase.OPEN, "Open for applications"), (Phase.REVIEW, "Jury review")])
def test_a_plan_is_made_during_the_deliberation_only(edition, organiser, submitted, other_submitted, phase, label):
    if phase == Phase.REVIEW:
        move_to_review(edition)
    edition.refresh_from_db()
    assert edition.phase == phase
    assert refusal(schedule_publication, organiser, edition, timezone.now() + timedelta(days=1)) == [
        f"A publication is planned during the deliberation; the edition is in the phase: {label}."
    ]
    assert plan_of(edition) == (None, None)


def test_a_plan_is_logged_with_the_moment_it_replaces(ready, organiser):
    first = timezone.now() + timedelta(days=1)
    second = first + timedelta(hours=3)
    schedule_publication(organiser, ready, first)
    schedule_publication(organiser, ready, second)
    entries = AuditEntry.objects.filter(action="edition.publication_scheduled").order_by("id")
    assert [(entry.actor, entry.object_id, entry.summary, entry.data) for entry in entries] == [
        (organiser, str(ready.pk), first.isoformat(), {"at": first.isoformat(), "previous": None}),
        (organiser, str(ready.pk), second.isoformat(), {"at": second.isoformat(), "previous": first.isoformat()}),
    ]
    assert plan_of(ready) == (second, organiser)


# cancel_scheduled_publication --------------------------------------------------------------------


def test_only_a_plan_can_be_cancelled(ready, organiser):
    assert refusal(cancel_scheduled_publication, organiser, ready) == ["No publication is planned for this edition."]


def test_a_cancelled_plan_is_cleared_and_logged(ready, organiser):
    moment = timezone.now() + timedelta(days=1)
    schedule_publication(organiser, ready, moment)
    cancel_scheduled_publication(organiser, ready)
    assert plan_of(ready) == (None, None)
    entry = AuditEntry.objects.latest("id")
    assert (entry.actor, entry.action, entry.object_id, entry.summary, entry.data) == (
        organiser,
        "edition.publication_cancelled",
        str(ready.pk),
        moment.isoformat(),
        {"at": moment.isoformat()},
    )


# publish_due and the plans it drops --------------------------------------------------------------


def test_a_plan_whose_planner_is_gone_is_dropped_and_logged(ready, organiser, django_capture_on_commit_callbacks):
    """A plan left without its planner (the column is nullable; accounts are kept for the log)."""
    moment = timezone.now() + timedelta(hours=2)
    schedule_publication(organiser, ready, moment)
    Edition.objects.filter(pk=ready.pk).update(publication_scheduled_by=None)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        [(edition, release, problem)] = publish_due(moment)

    assert (edition.pk, release, problem) == (
        ready.pk,
        None,
        "The person who planned the publication no longer has an account.",
    )
    assert (plan_of(ready), Release.objects.count(), mail.outbox) == ((None, None), 0, [])
    entry = AuditEntry.objects.latest("id")
    assert (entry.actor, entry.action, entry.summary, entry.data) == (
        None,
        "edition.publication_failed",
        "The person who planned the publication no longer has an account.",
        {"at": moment.isoformat()},
    )


def test_a_planner_who_is_no_longer_an_organiser_is_told_why(ready, organiser, django_capture_on_commit_callbacks):
    moment = timezone.now() + timedelta(hours=2)
    schedule_publication(organiser, ready, moment)
    organiser.is_organiser = False
    organiser.save(update_fields=["is_organiser"])

    with django_capture_on_commit_callbacks(execute=True):
        [(_edition, release, problem)] = publish_due(moment)

    assert (release, problem) == (None, "The person who planned the publication may no longer publish results.")
    assert plan_of(ready) == (None, None)
    [message] = mail.outbox
    assert message.to == [organiser.email]
    assert "Raison: The person who planned the publication may no longer publish results." in message.body


def failing_plan(edition, organiser, django_capture_on_commit_callbacks):
    """A plan that cannot happen, for two reasons: two dossiers without a decision, and results of
    the year already published. Returns the planned moment and what `publish_due` answered."""
    move_to_review(edition)
    start_deliberation(organiser, edition)
    Release.objects.create(edition=edition, year=edition.year, number=1, published_at=timezone.now())
    moment = timezone.now() + timedelta(hours=2)
    schedule_publication(organiser, edition, moment)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return moment, publish_due(moment)


def test_every_problem_of_a_failed_plan_is_told(
    edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    moment, [(_edition, release, problem)] = failing_plan(edition, organiser, django_capture_on_commit_callbacks)
    assert (release, plan_of(edition)) == (None, (None, None))

    names = ", ".join(sorted(str(dossier.territory) for dossier in [submitted, other_submitted]))
    assert problem == (
        f"2 submitted dossiers have no decision yet: {names}.; "
        f"Results of {edition.year} are already published (or imported): withdraw them first."
    )
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.summary, entry.data) == (
        "edition.publication_failed",
        problem,
        {"at": moment.isoformat()},
    )
    [message] = mail.outbox
    assert problem in message.body


def test_a_long_problem_is_cut_in_the_log_but_told_whole(
    edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    Territory.objects.filter(pk__in=[submitted.territory_id, other_submitted.territory_id]).update(name="N" * 200)
    _moment, [(_edition, _release, problem)] = failing_plan(edition, organiser, django_capture_on_commit_callbacks)

    assert len(problem) > 500
    assert AuditEntry.objects.latest("id").summary == problem[:500]
    [message] = mail.outbox
    assert problem in message.body


def test_a_plan_cancelled_meanwhile_is_logged_without_a_moment(ready, organiser, django_capture_on_commit_callbacks):
    """publish_due read the plan, then someone cancelled it before the failure is recorded."""
    with django_capture_on_commit_callbacks(execute=True):
        _drop_failed_plan(ready, organiser, "Something went wrong.")
    entry = AuditEntry.objects.latest("id")
    assert (entry.actor, entry.action, entry.summary, entry.data) == (
        None,
        "edition.publication_failed",
        "Something went wrong.",
        {"at": None},
    )
    [message] = mail.outbox
    assert message.to == [organiser.email]


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        pytest.param(DatabaseError("disk full"), "disk full", id="with a message"),
        pytest.param(DatabaseError(), "DatabaseError", id="without a message: its name"),
    ],
)
def test_an_unexpected_failure_drops_the_plan_and_names_the_error(
    ready, organiser, django_capture_on_commit_callbacks, error, problem
):
    """The database refuses the release's row (its own hook, `execute_wrapper`): the plan is
    dropped and its planner told, with the error's message or, without one, its name."""
    moment = timezone.now() + timedelta(hours=2)
    schedule_publication(organiser, ready, moment)
    mail.outbox.clear()

    def refuse_releases(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "publication_release"'):
            raise error
        return execute(sql, params, many, context)

    with django_capture_on_commit_callbacks(execute=True), connection.execute_wrapper(refuse_releases):
        [(edition, release, told)] = publish_due(moment)

    assert (edition.pk, release, told) == (ready.pk, None, problem)
    assert (plan_of(ready), Release.objects.count()) == ((None, None), 0)
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.summary) == ("edition.publication_failed", problem)
    [message] = mail.outbox
    assert f"Raison: {problem}" in message.body
