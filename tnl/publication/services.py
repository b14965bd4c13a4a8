"""Publishing an edition's results, scheduling it, and withdrawing it.

Each function is one transaction that checks permission and state, copies or removes the
published snapshot, writes the audit log and queues the rebuild of the published files (once the
transaction commits). Publishing also sends the jury's outbox: the result e-mails leave at the
moment the results become public, never before."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tnl.core import audit
from tnl.core.notifications import notify
from tnl.core.services import SYSTEM, NotAllowed, Refused, ensure
from tnl.dossiers.enums import DossierStatus
from tnl.dossiers.models import Dossier
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.jury.outbox_services import send_outbox

from .models import PublishedResult, Release, RevokedCredential
from .site import queue_rebuild, raise_generation
from .snapshot import edition_facts, edition_results

MAX_REASON_LENGTH = 2000


def publication_problems(edition):
    """What stops `edition` from being published now, in words (an empty list when nothing does)."""
    problems = []
    phase = edition.phase
    if phase != Phase.DELIBERATION:
        problems.append(
            _("Results are published from the deliberation phase; the edition is in the phase: %(phase)s.")
            % {"phase": Phase(phase).label}
        )
    undecided = list(
        Dossier.objects.filter(edition=edition, status=DossierStatus.SUBMITTED, decision=None)
        .select_related("territory")
        .order_by("territory__name")[:6]
    )
    if undecided:
        count = Dossier.objects.filter(edition=edition, status=DossierStatus.SUBMITTED, decision=None).count()
        names = ", ".join(str(dossier.territory) for dossier in undecided[:5])
        if count > 5:
            names = ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", count - 5) % {
                "names": names,
                "count": count - 5,
            }
        problems.append(
            ngettext(
                "%(count)s submitted dossier has no decision yet: %(names)s.",
                "%(count)s submitted dossiers have no decision yet: %(names)s.",
                count,
            )
            % {"count": count, "names": names}
        )
    if Release.objects.filter(year=edition.year, withdrawn_at=None).exists():
        problems.append(
            _("Results of %(year)s are already published (or imported): withdraw them first.") % {"year": edition.year}
        )
    return problems


@transaction.atomic
def publish_edition(actor, edition):
    """Copy the decided results of `edition` into a new release and make them public, at once.

    Needs the deliberation phase, a decision for every submitted dossier and no live release of
    the year. Side effects: creates the release and its results (labelled bodies only), sets
    `published_at` (the edition moves to the published phase) and clears a scheduled publication,
    writes `edition.published`, sends the outbox (`send_outbox`) and queues the rebuild of the
    published files. Returns the release."""
    ensure(actor, "publication.publish", edition)
    edition = Edition.objects.select_for_update().select_related("referential").get(pk=edition.pk)
    problems = publication_problems(edition)
    if problems:
        raise Refused(problems)
    now = timezone.now()
    number = (Release.objects.filter(year=edition.year).aggregate(Max("number"))["number__max"] or 0) + 1
    release = Release.objects.create(
        edition=edition,
        year=edition.year,
        number=number,
        published_at=now,
        published_by=actor if getattr(actor, "pk", None) else None,
    )
    rows, participation = edition_results(edition, release)
    PublishedResult.objects.bulk_create(rows)
    release.facts = edition_facts(edition, participation)
    release.save(update_fields=["facts"])
    edition.published_at = now
    edition.publication_scheduled_at = None
    edition.publication_scheduled_by = None
    edition.save(update_fields=["published_at", "publication_scheduled_at", "publication_scheduled_by"])
    generation = raise_generation()
    audit.record(
        actor,
        "edition.published",
        edition,
        ngettext("%(count)s labelled body", "%(count)s labelled bodies", len(rows)) % {"count": len(rows)},
        release=number,
        results=len(rows),
        participation=participation,
        generation=generation,
    )
    send_outbox(actor, edition)
    queue_rebuild()
    return release


def _check_moment(moment, now):
    if moment is None:
        raise Refused(_("Give the date and time of the publication."))
    if moment <= now:
        raise Refused(_("The publication must be planned in the future."))
    if moment.year > now.year + 5:
        raise Refused(_("The publication can be planned at most five years ahead."))


@transaction.atomic
def schedule_publication(actor, edition, moment):
    """Plan the publication of `edition` at `moment` (the ceremony); `manage.py publish_scheduled`
    publishes it then, as `actor`. Needs the deliberation phase and a moment in the future.

    Side effects: sets `publication_scheduled_at/by`, writes `edition.publication_scheduled`."""
    ensure(actor, "publication.publish", edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.phase != Phase.DELIBERATION:
        raise Refused(
            _("A publication is planned during the deliberation; the edition is in the phase: %(phase)s.")
            % {"phase": Phase(edition.phase).label}
        )
    _check_moment(moment, timezone.now())
    previous = edition.publication_scheduled_at
    edition.publication_scheduled_at = moment
    edition.publication_scheduled_by = actor
    edition.save(update_fields=["publication_scheduled_at", "publication_scheduled_by"])
    audit.record(
        actor,
        "edition.publication_scheduled",
        edition,
        moment.isoformat(),
        at=moment.isoformat(),
        previous=previous.isoformat() if previous else None,
    )
    return edition


@transaction.atomic
def cancel_scheduled_publication(actor, edition):
    """Cancel a planned publication. Side effects: clears it, writes `edition.publication_cancelled`."""
    ensure(actor, "publication.publish", edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.publication_scheduled_at is None:
        raise Refused(_("No publication is planned for this edition."))
    previous = edition.publication_scheduled_at
    edition.publication_scheduled_at = None
    edition.publication_scheduled_by = None
    edition.save(update_fields=["publication_scheduled_at", "publication_scheduled_by"])
    audit.record(actor, "edition.publication_cancelled", edition, previous.isoformat(), at=previous.isoformat())
    return edition


def publish_due(now=None):
    """Publish every edition whose planned moment has come, as the organiser who planned it.

    A publication that cannot happen (a dossier without a decision, the planner no longer an
    organiser) is cancelled and its planner told by e-mail, with the reason. Returns
    [(edition, release or None, problem or None)]."""
    now = now or timezone.now()
    outcomes = []
    due = Edition.objects.filter(publication_scheduled_at__lte=now).select_related("publication_scheduled_by")
    for edition in due:
        planner = edition.publication_scheduled_by
        try:
            if planner is None:
                raise Refused(_("The person who planned the publication no longer has an account."))
            outcomes.append((edition, publish_edition(planner, edition), None))
        except Exception as error:  # Refused, NotAllowed: the planner is told, the plan dropped
            if isinstance(error, NotAllowed):  # in words, not with the permission's code
                problem = _("The person who planned the publication may no longer publish results.")
            else:
                problem = "; ".join(getattr(error, "messages", None) or [str(error) or error.__class__.__name__])
            _drop_failed_plan(edition, planner, problem)
            outcomes.append((edition, None, problem))
    return outcomes


@transaction.atomic
def _drop_failed_plan(edition, planner, problem):
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    moment = edition.publication_scheduled_at
    edition.publication_scheduled_at = None
    edition.publication_scheduled_by = None
    edition.save(update_fields=["publication_scheduled_at", "publication_scheduled_by"])
    audit.record(
        SYSTEM, "edition.publication_failed", edition, problem[:500], at=moment.isoformat() if moment else None
    )
    if planner is not None:
        notify([planner], "publication_failed", {"edition": edition, "problem": problem, "moment": moment})


@transaction.atomic
def unpublish_edition(actor, edition, reason):
    """Withdraw the published results of `edition` at once (an error was found).

    Needs the published phase and a reason. Side effects: revokes the release's credentials
    (`RevokedCredential`), deletes its published results, marks the release withdrawn, clears
    `published_at` (the edition goes back to the deliberation, where decisions can be corrected
    and the edition published again), writes `edition.unpublished`, queues the rebuild of the
    published files (which then no longer hold any of it)."""
    ensure(actor, "publication.publish", edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.phase != Phase.PUBLISHED:
        raise Refused(
            _("Only published results can be withdrawn; the edition is in the phase: %(phase)s.")
            % {"phase": Phase(edition.phase).label}
        )
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the results are withdrawn: the reason stays in the log."))
    if len(reason) > MAX_REASON_LENGTH:
        raise Refused(
            _("The reason is too long: at most %(limit)s characters (here %(length)s).")
            % {"limit": MAX_REASON_LENGTH, "length": len(reason)}
        )
    release = Release.objects.select_for_update().filter(year=edition.year, withdrawn_at=None).first()
    now = timezone.now()
    revoked = 0
    if release is not None:
        results = release.results.all()
        RevokedCredential.objects.bulk_create(
            [
                RevokedCredential(
                    credential_id=result.credential_id,
                    year=result.year,
                    kind=result.kind,
                    code=result.code,
                    revoked_at=now,
                    reason=reason,
                )
                for result in results
            ]
        )
        revoked = results.count()
        results.delete()
        release.withdrawn_at = now
        release.withdrawal_reason = reason
        release.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    edition.published_at = None
    edition.save(update_fields=["published_at"])
    generation = raise_generation()
    audit.record(
        actor,
        "edition.unpublished",
        edition,
        reason[:500],
        release=release.number if release else None,
        revoked=revoked,
        generation=generation,
    )
    queue_rebuild()
    return edition
