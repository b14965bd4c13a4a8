"""publish_edition, unpublish_edition and the published files they leave behind, called directly."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from tests import factories
from tests.factories import ELECTED, TECHNICAL, member_of
from tests.jury.conftest import move_to_review, submit
from tnl.core.exceptions import NotAllowed, Refused
from tnl.core.models import AuditEntry
from tnl.core.services import SYSTEM
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.enums import Phase
from tnl.editions.services import start_deliberation
from tnl.jury.deliberation_services import decide_level
from tnl.jury.enums import OutboxStatus
from tnl.jury.models import Decision, OutboxMessage
from tnl.jury.outbox_services import prepare_outbox
from tnl.publication import paths
from tnl.publication.models import PublishedResult, Release, RevokedCredential, SiteGeneration
from tnl.publication.services import (
    cancel_scheduled_publication,
    publication_problems,
    publish_due,
    publish_edition,
    schedule_publication,
    unpublish_edition,
)
from tnl.publication.site import current_folder
from tnl.territories.models import Territory

from .published_files import SITE_WIDE_FILES, files_left
from .publishing import HIGHLIGHT, deliberated


@pytest.fixture
def ready(edition, organiser, submitted, other_submitted):
    return deliberated(edition, organiser, submitted, other_submitted)


def published_text(path):
    folder = current_folder()
    target = folder / paths.file_for(path) if folder else None
    return target.read_text(encoding="utf-8") if target and target.is_file() else None


def publish(organiser, edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish_edition(organiser, edition)


def test_publishing_copies_the_labelled_bodies_only(ready, organiser, nancy, django_capture_on_commit_callbacks):
    release = publish(organiser, ready, django_capture_on_commit_callbacks)

    rows = list(PublishedResult.objects.values_list("code", "level", "highlight"))
    assert rows == [(nancy.code, 1, HIGHLIGHT)]
    result = PublishedResult.objects.get()
    assert result.mentions == [{"code": "mutualisation", "label": {"fr": "Mutualisation", "en": "Pooling"}}]
    assert result.level_label == {"fr": "Niveau 1 — Découverte", "en": "Level 1 — Discovery"}
    assert [axis["code"] for axis in result.axes] == ["STR", "INT", "LOG", "DON", "COM"]
    assert result.public_answers == []  # no consent given
    assert (release.number, release.year, release.facts["participation"]) == (1, ready.year, 2)
    assert release.facts["jury"] == []
    ready.refresh_from_db()
    assert ready.phase == Phase.PUBLISHED
    entry = AuditEntry.objects.filter(action="edition.published").get()
    assert (entry.summary, entry.data["results"], entry.data["participation"], entry.data["release"]) == (
        "1 organisme labellisé",
        1,
        2,
        1,
    )
    assert entry.data["generation"] == SiteGeneration.objects.get().generation  # the files' rebuild


def test_the_platform_may_publish_and_is_then_no_one(ready, django_capture_on_commit_callbacks):
    """A release published by the platform itself (a command, a planned publication) names no person."""
    release = publish(SYSTEM, ready, django_capture_on_commit_callbacks)
    assert (release.number, release.published_by) == (1, None)
    assert AuditEntry.objects.filter(action="edition.published").get().actor is None


def test_the_results_page_is_written_in_each_language(ready, organiser, django_capture_on_commit_callbacks):
    assert published_text(paths.results(ready.year, "fr")) is None
    publish(organiser, ready, django_capture_on_commit_callbacks)

    french = published_text(paths.results(ready.year, "fr"))
    english = published_text(paths.results(ready.year, "en"))
    assert "Nancy (54)" in french and "Niveau 1 — Découverte" in french and 'lang="fr"' in french
    assert "Nancy (54)" in english and "Level 1 — Discovery" in english and 'lang="en"' in english
    assert "Vandœuvre" not in french + english  # level 0: never named
    assert f'href="/en/results/{ready.year}/"' in french and f'href="/palmares/{ready.year}/"' in english


def test_publishing_sends_the_outbox(ready, organiser, django_capture_on_commit_callbacks):
    prepare_outbox(organiser, ready)
    prepared = OutboxMessage.objects.count()
    assert prepared > 0 and not mail.outbox
    publish(organiser, ready, django_capture_on_commit_callbacks)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert len(mail.outbox) == prepared


@pytest.mark.parametrize("role", ["visitor", "outsider", "juror", "elected", "admin_user"])
def test_only_organisers_publish(ready, role, request):
    actor = None if role == "visitor" else request.getfixturevalue(role)
    if role == "admin_user":  # platform admins hold every organiser permission
        release = publish_edition(actor, ready)
        assert release.year == ready.year
        return
    with pytest.raises(NotAllowed):
        publish_edition(actor, ready)
    assert not Release.objects.exists()


def test_a_dossier_without_decision_stops_the_publication(
    edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    move_to_review(edition)
    start_deliberation(organiser, edition)
    decide_level(organiser, submitted, 1, reason="Checked")
    with pytest.raises(Refused) as refused:
        publish_edition(organiser, edition)
    assert refused.value.messages == ["1 dossier déposé n’a pas encore de décision : Vandœuvre-lès-Nancy (54)."]
    assert not Release.objects.exists() and current_folder() is None


def test_only_this_editions_submitted_dossiers_and_this_years_results_stop_it(ready, submitted, registry):
    """A draft without a decision, another edition's undecided dossier and another year's live
    results leave nothing in the way."""
    draft_body, other_body = (
        Territory.objects.filter(kind="commune").exclude(dossiers__edition=ready).order_by("name")[:2]
    )
    Dossier.objects.create(edition=ready, territory=draft_body)
    following = factories.EditionFactory(year=ready.year + 1, referential=ready.referential)
    Dossier.objects.create(edition=following, territory=other_body, status=DossierStatus.SUBMITTED)
    Release.objects.create(year=ready.year - 1, number=1, imported=True, published_at=timezone.now())
    assert publication_problems(ready) == []
    Decision.objects.filter(dossier=submitted).delete()  # one of this edition: counted alone
    assert publication_problems(ready) == ["1 dossier déposé n’a pas encore de décision : Nancy (54)."]


def test_publishing_needs_the_deliberation_phase(edition, organiser):
    with pytest.raises(Refused) as refused:
        publish_edition(organiser, edition)
    assert refused.value.messages == [
        "Les résultats se publient depuis la phase de délibération ; l’édition est dans la phase : "
        "Ouverte aux candidatures."
    ]


def test_withdrawing_removes_everything_and_revokes(ready, organiser, django_capture_on_commit_callbacks):
    publish(organiser, ready, django_capture_on_commit_callbacks)
    credential = PublishedResult.objects.get().credential_id
    ready.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, ready, "A score was wrong")

    assert not PublishedResult.objects.exists()
    release = Release.objects.get()
    assert (release.withdrawn_at is not None, release.withdrawal_reason) == (True, "A score was wrong")
    assert list(RevokedCredential.objects.values_list("credential_id", flat=True)) == [credential]
    entry = AuditEntry.objects.get(action="edition.unpublished")
    assert (entry.actor, entry.summary, entry.data) == (
        organiser,
        "A score was wrong",
        {"release": 1, "revoked": 1, "generation": SiteGeneration.objects.get().generation},
    )
    ready.refresh_from_db()
    assert ready.phase == Phase.DELIBERATION
    assert published_text(paths.results(ready.year, "fr")) is None
    builds = list((Path(settings.TNL_PUBLISHED_ROOT) / "builds").iterdir())
    assert builds == [current_folder()]  # no stale folder left
    assert files_left() == SITE_WIDE_FILES


def test_republishing_replaces_the_withdrawn_release(ready, organiser, django_capture_on_commit_callbacks):
    publish(organiser, ready, django_capture_on_commit_callbacks)
    first = PublishedResult.objects.get().credential_id
    ready.refresh_from_db()
    unpublish_edition(organiser, ready, "Wrong level")
    ready.refresh_from_db()
    release = publish(organiser, ready, django_capture_on_commit_callbacks)
    assert release.number == 2
    assert PublishedResult.objects.get().credential_id != first
    assert "Nancy (54)" in published_text(paths.results(ready.year, "fr"))


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("  ", "Dites pourquoi les résultats sont retirés : la raison reste dans le journal."),
        (None, "Dites pourquoi les résultats sont retirés : la raison reste dans le journal."),
        ("x" * 2001, "La raison est trop longue : 2000 caractères au plus (ici 2001)."),
    ],
)
def test_withdrawing_needs_a_reason(ready, organiser, reason, message):
    publish_edition(organiser, ready)
    ready.refresh_from_db()
    with pytest.raises(Refused) as refused:
        unpublish_edition(organiser, ready, reason)
    assert refused.value.messages == [message]
    assert PublishedResult.objects.count() == 1


def test_a_reason_of_exactly_the_limit_is_kept_whole(ready, organiser):
    publish_edition(organiser, ready)
    ready.refresh_from_db()
    unpublish_edition(organiser, ready, "x" * 2000)
    assert Release.objects.get().withdrawal_reason == "x" * 2000


def test_withdrawing_leaves_the_results_of_other_years(ready, organiser):
    later = Release.objects.create(year=ready.year + 1, imported=True, published_at=timezone.now())
    publish_edition(organiser, ready)
    ready.refresh_from_db()
    unpublish_edition(organiser, ready, "A score was wrong")
    assert Release.objects.get(pk=later.pk).withdrawn_at is None
    assert Release.objects.get(year=ready.year).withdrawal_reason == "A score was wrong"


def test_only_published_results_are_withdrawn(ready, organiser):
    with pytest.raises(Refused) as refused:
        unpublish_edition(organiser, ready, "Nothing to withdraw")
    assert refused.value.messages == [
        "Seuls des résultats publiés peuvent être retirés ; l’édition est dans la phase : Délibération."
    ]
    assert not RevokedCredential.objects.exists()
    assert not AuditEntry.objects.filter(action="edition.unpublished").exists()


def test_withdrawing_is_for_organisers(ready, organiser, juror):
    publish_edition(organiser, ready)
    ready.refresh_from_db()
    with pytest.raises(NotAllowed):
        unpublish_edition(juror, ready, "I disagree")
    assert PublishedResult.objects.count() == 1


# Planned publication -------------------------------------------------------------------------------


def test_a_planned_publication_happens_when_its_moment_comes(ready, organiser, django_capture_on_commit_callbacks):
    moment = timezone.now() + timedelta(hours=2)
    schedule_publication(organiser, ready, moment)
    assert publish_due(moment - timedelta(minutes=1)) == []
    assert not Release.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        [(edition, release, problem)] = publish_due(moment)
    assert (edition.pk, release.published_by, problem) == (ready.pk, organiser, None)
    ready.refresh_from_db()
    assert (ready.phase, ready.publication_scheduled_at) == (Phase.PUBLISHED, None)
    assert "Nancy (54)" in published_text(paths.results(ready.year, "fr"))


def test_a_planned_publication_that_cannot_happen_is_dropped_and_its_planner_told(
    edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks
):
    move_to_review(edition)
    start_deliberation(organiser, edition)
    moment = timezone.now() + timedelta(hours=2)
    schedule_publication(organiser, edition, moment)
    with django_capture_on_commit_callbacks(execute=True):
        [(_edition, release, problem)] = publish_due(moment)
    assert release is None
    assert problem.startswith("2 dossiers déposés n’ont pas encore de décision")
    edition.refresh_from_db()
    assert (edition.phase, edition.publication_scheduled_at) == (Phase.DELIBERATION, None)
    assert AuditEntry.objects.filter(action="edition.publication_failed").count() == 1
    [message] = mail.outbox
    assert message.to == [organiser.email]
    assert message.subject == f"La publication planifiée de Territoire Numérique Libre {edition.year} n’a pas eu lieu"
    assert problem in message.body


@pytest.mark.parametrize("hours", [-1, 0])
def test_a_publication_is_planned_in_the_future(ready, organiser, hours):
    with pytest.raises(Refused) as refused:
        schedule_publication(organiser, ready, timezone.now() + timedelta(hours=hours))
    assert refused.value.messages == ["La publication doit être planifiée dans le futur."]
    ready.refresh_from_db()
    assert ready.publication_scheduled_at is None


def test_planning_is_for_organisers_during_the_deliberation(ready, organiser, juror, edition):
    moment = timezone.now() + timedelta(days=1)
    with pytest.raises(NotAllowed):
        schedule_publication(juror, ready, moment)
    schedule_publication(organiser, ready, moment)
    with pytest.raises(NotAllowed):
        cancel_scheduled_publication(juror, ready)
    cancel_scheduled_publication(organiser, ready)
    with pytest.raises(Refused):
        cancel_scheduled_publication(organiser, ready)
    publish_edition(organiser, ready)
    ready.refresh_from_db()
    with pytest.raises(Refused):
        schedule_publication(organiser, ready, moment)


@pytest.mark.parametrize(
    ("more", "end"),
    [
        pytest.param(5, " et 2 autres.", id="seven"),
        pytest.param(4, " et 1 autre.", id="six"),
        pytest.param(3, ".", id="five: all named"),
    ],
)
def test_more_than_five_undecided_dossiers_are_counted_not_all_named(
    edition, organiser, submitted, other_submitted, registry, more, end, django_assert_num_queries
):

    others = list(
        Territory.objects.filter(kind="commune")
        .exclude(pk__in=[submitted.territory_id, other_submitted.territory_id])
        .order_by("name")[:more]
    )
    for index, territory in enumerate(others):
        referent = member_of(territory, ELECTED, f"elu{index}@example.org")
        member_of(territory, TECHNICAL, f"tech{index}@example.org")
        submit(factories.DossierFactory(edition=edition, territory=territory, actor=referent), referent)
    move_to_review(edition)
    edition = start_deliberation(organiser, edition)
    with django_assert_num_queries(3):  # the first six with their bodies, the count, the releases
        [problem] = publication_problems(edition)
    names = sorted(str(territory) for territory in [*others, submitted.territory, other_submitted.territory])
    count = more + 2
    assert problem == f"{count} dossiers déposés n’ont pas encore de décision : {', '.join(names[:5])}{end}"
