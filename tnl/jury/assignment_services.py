"""State changes of the jury's membership, conflicts of interest and assignment of dossiers.

Each function is one transaction: permission check first (`ensure`), then the state checks that
say why not (`Refused`), the change, the audit entry, and the e-mails (sent once it commits).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tnl.core import audit
from tnl.core.notifications import notify
from tnl.core.services import Refused, ensure
from tnl.dossiers.enums import DossierStatus
from tnl.editions.enums import JuryRole, Phase
from tnl.editions.models import Edition, JuryMember

from .calibration_services import sync_calibration
from .conflicts import ConflictMap, conflict_reason
from .enums import ReviewStatus
from .models import Assignment, Conflict, Review

# Phases in which dossiers are assigned (by hand or automatically): once applications have closed,
# until the deliberation starts.
ASSIGNMENT_PHASES = (Phase.CLOSED, Phase.REVIEW)
# Phases in which the jury itself (members, conflicts, settings) no longer changes.
FROZEN_PHASES = (Phase.PUBLISHED, Phase.ARCHIVED)
MAX_REVIEWERS = 15
REASON_MAX_LENGTH = Conflict._meta.get_field("reason").max_length
ORGANISATION_MAX_LENGTH = JuryMember._meta.get_field("organisation").max_length
# The jury member's review page of an assignment (built by the review part of the jury):
# REVIEW_PATH.format(year=…, pk=<assignment pk>).
REVIEW_PATH = "/jury/{year}/evaluations/{pk}/"


def _not_frozen(edition):
    if edition.phase in FROZEN_PHASES:
        raise Refused(
            _("The results of the %(year)s edition are published: its jury no longer changes.") % {"year": edition.year}
        )


def _assignment_phase(edition):
    phase = edition.phase
    if phase not in ASSIGNMENT_PHASES:
        raise Refused(
            _(
                "Dossiers are assigned once applications have closed and until the deliberation starts; "
                "the %(year)s edition is in the phase “%(phase)s”."
            )
            % {"year": edition.year, "phase": Phase(phase).label}
        )


def _submitted_reviews(assignments):
    return Review.objects.filter(assignment__in=assignments, status=ReviewStatus.SUBMITTED)


def jury_home_path(edition):
    return reverse("jury:home", kwargs={"year": edition.year})


def _notify_assigned(member, dossiers):
    """One e-mail to `member` listing the dossiers just assigned to them."""
    notify(
        [member.user],
        "jury_assigned",
        {
            "person": member.user.get_full_name(),
            "year": member.edition.year,
            "bodies": [dossier.territory.display_name for dossier in dossiers],
            "count": len(dossiers),
            "home_path": jury_home_path(member.edition),
        },
    )


# Members ------------------------------------------------------------------------------------------


@transaction.atomic
def add_jury_member(actor, edition, email, role, organisation=""):
    """Seat the person with the account `email` on the jury of `edition` as `role`.

    Side effects: creates the `JuryMember`, writes `jury_member.added`, gives a juror the
    calibration dossiers already chosen (`calibration_services.sync_calibration`, except those they
    are conflicted with), e-mails the person (the link to their jury page, where they declare their
    conflicts).
    """
    ensure(actor, "jury.manage", edition)
    _not_frozen(edition)
    if role not in JuryRole.values:
        raise Refused({"role": _("Choose juror or invited expert.")})
    organisation = (organisation or "").strip()
    if len(organisation) > ORGANISATION_MAX_LENGTH:
        raise Refused({"organisation": _("At most %(count)d characters, please.") % {"count": ORGANISATION_MAX_LENGTH}})
    email = (email or "").strip()
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first() if email else None
    if user is None:
        raise Refused(
            {
                "email": _(
                    "No account uses the address %(email)s. Ask the person to create an account with it "
                    "(“Create an account”), then add them."
                )
                % {"email": email}
            }
        )
    if JuryMember.objects.filter(edition=edition, user=user).exists():
        raise Refused({"email": _("%(person)s is already on the jury of this edition.") % {"person": user}})
    member = JuryMember.objects.create(edition=edition, user=user, role=role, organisation=organisation)
    audit.record(
        actor, "jury_member.added", member, f"{user.email} as {role}", email=user.email, role=role, year=edition.year
    )
    notify(
        [user],
        "jury_member_added",
        {
            "person": user.get_full_name(),
            "year": edition.year,
            "role": JuryRole(role).label,  # lazy: in the recipient's language
            "home_path": jury_home_path(edition),
        },
    )
    if role == JuryRole.JUROR:
        sync_calibration(actor, edition)
    return member


@transaction.atomic
def remove_jury_member(actor, member):
    """Take `member` off the jury, with their assignments, unfinished reviews and declared conflicts.

    Refused once they have submitted a review. Side effects: deletes the seat, writes
    `jury_member.removed` (with the dossiers they were assigned).
    """
    ensure(actor, "jury.manage", member.edition)
    _not_frozen(member.edition)
    if _submitted_reviews(member.assignments.all()).exists():
        raise Refused(_("%(person)s has already submitted a review: they stay on the jury.") % {"person": member.user})
    dossiers = list(member.assignments.values_list("dossier_id", flat=True))
    audit.record(
        actor,
        "jury_member.removed",
        member,
        f"{member.user.email}",
        email=member.user.email,
        role=member.role,
        year=member.edition.year,
        dossiers=dossiers,
    )
    member.delete()


# Conflicts ----------------------------------------------------------------------------------------


@transaction.atomic
def declare_conflict(actor, member, territory, reason=""):
    """Record that `member` may not review `territory`'s dossier, and take that dossier back from
    them if it was assigned (refused when their review of it is submitted). A calibration
    assignment of that dossier goes too while its review is not submitted; a submitted calibration
    review stays (it only served the agreement, written before the conflict was known) and does
    not stop the declaration.

    Returns (conflict, removed): `removed` lists the dossiers whose assignment was removed.
    Side effects: creates the `Conflict`, deletes the assignments, writes `conflict.declared`
    (and `assignment.removed` for each).
    """
    ensure(actor, "jury.declare_conflicts", member)
    _not_frozen(member.edition)
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise Refused({"reason": _("At most %(count)d characters, please.") % {"count": REASON_MAX_LENGTH}})
    if Conflict.objects.filter(member=member, territory=territory).exists():
        raise Refused(_("A conflict with %(body)s is already declared.") % {"body": territory.display_name})
    assignments = list(
        Assignment.objects.filter(member=member, dossier__territory=territory)
        .exclude(calibration=True, review__status=ReviewStatus.SUBMITTED)
        .select_related("dossier__territory")
        .order_by("pk")
    )
    if _submitted_reviews(assignments).exists():
        raise Refused(
            _(
                "A review of the dossier of %(body)s is already submitted by this jury member: "
                "ask an organiser to handle the conflict in the deliberation."
            )
            % {"body": territory.display_name}
        )
    conflict = Conflict.objects.create(
        member=member, territory=territory, reason=reason, declared_by=actor_or_none(actor)
    )
    removed = []
    for assignment in assignments:
        audit.record(
            actor,
            "assignment.removed",
            assignment,
            f"{member.user.email} ≠ {territory.display_name} (conflict)",
            dossier=assignment.dossier_id,
            member=member.pk,
            because="conflict",
        )
        removed.append(assignment.dossier)
        assignment.delete()
    audit.record(
        actor,
        "conflict.declared",
        conflict,
        f"{member.user.email} ≠ {territory.display_name}",
        member=member.pk,
        territory=territory.pk,
        reason=reason,
        assignments_removed=[dossier.pk for dossier in removed],
    )
    return conflict, removed


def actor_or_none(actor):
    return actor if getattr(actor, "pk", None) is not None else None


@transaction.atomic
def withdraw_conflict(actor, conflict):
    """Withdraw a declared conflict. Automatic conflicts (through memberships) cannot be withdrawn:
    they end with the membership. Side effects: deletes the `Conflict`, writes `conflict.withdrawn`."""
    ensure(actor, "jury.declare_conflicts", conflict.member)
    _not_frozen(conflict.member.edition)
    audit.record(
        actor,
        "conflict.withdrawn",
        conflict,
        f"{conflict.member.user.email} ≠ {conflict.territory.display_name}",
        member=conflict.member_id,
        territory=conflict.territory_id,
        reason=conflict.reason,
    )
    conflict.delete()


# Settings -----------------------------------------------------------------------------------------


@transaction.atomic
def update_jury_settings(actor, edition, reviewers_per_dossier, reviews_hidden_until_submitted):
    """Change the number of reviewers per dossier and whether jurors see the other reviews before
    submitting theirs. Side effects: saves the edition, writes `edition.jury_settings_changed`."""
    ensure(actor, "jury.manage", edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _not_frozen(edition)
    if not isinstance(reviewers_per_dossier, int) or not 1 <= reviewers_per_dossier <= MAX_REVIEWERS:
        raise Refused(
            {"reviewers_per_dossier": _("Give a number of reviewers between 1 and %(max)d.") % {"max": MAX_REVIEWERS}}
        )
    changes = {}
    for name, value in (
        ("reviewers_per_dossier", reviewers_per_dossier),
        ("reviews_hidden_until_submitted", bool(reviews_hidden_until_submitted)),
    ):
        if getattr(edition, name) != value:
            changes[name] = [getattr(edition, name), value]
            setattr(edition, name, value)
    if changes:
        edition.save(update_fields=list(changes))
        audit.record(actor, "edition.jury_settings_changed", edition, ", ".join(changes), changes=changes)
    return edition


# Assignment ---------------------------------------------------------------------------------------


@transaction.atomic
def assign(actor, dossier, member):
    """Assign `dossier` to `member` (a juror or an invited expert) by hand.

    Refused outside the assignment phases, for a dossier not submitted, twice, and for a
    conflicted member (with the reason). Side effects: creates the `Assignment`, writes
    `assignment.created`, e-mails the member.
    """
    edition = dossier.edition
    ensure(actor, "jury.manage", edition)
    if member.edition_id != edition.pk:
        raise Refused(_("%(person)s is not on the jury of this edition.") % {"person": member.user})
    _assignment_phase(edition)
    if dossier.status != DossierStatus.SUBMITTED:
        raise Refused(_("Only a submitted dossier can be assigned."))
    reason = conflict_reason(member, dossier.territory)
    if reason is not None:
        raise Refused(
            _("%(person)s cannot review the dossier of %(body)s: %(reason)s.")
            % {"person": member.user, "body": dossier.territory.display_name, "reason": reason}
        )
    if Assignment.objects.filter(dossier=dossier, member=member, calibration=False).exists():
        raise Refused(_("%(person)s already reviews this dossier.") % {"person": member.user})
    assignment = Assignment.objects.create(dossier=dossier, member=member, assigned_by=actor_or_none(actor))
    audit.record(
        actor,
        "assignment.created",
        assignment,
        f"{member.user.email} → {dossier.territory.display_name}",
        dossier=dossier.pk,
        member=member.pk,
        automatic=False,
    )
    _notify_assigned(member, [dossier])
    return assignment


@transaction.atomic
def unassign(actor, assignment):
    """Remove an assignment (and its unfinished review). Refused once the review is submitted.
    Side effects: deletes the `Assignment`, writes `assignment.removed`."""
    dossier = assignment.dossier
    ensure(actor, "jury.manage", dossier.edition)
    _assignment_phase(dossier.edition)
    if _submitted_reviews([assignment]).exists():
        raise Refused(
            _("%(person)s has already submitted the review of this dossier: the assignment stays.")
            % {"person": assignment.member.user}
        )
    audit.record(
        actor,
        "assignment.removed",
        assignment,
        f"{assignment.member.user.email} → {dossier.territory.display_name}",
        dossier=dossier.pk,
        member=assignment.member_id,
    )
    assignment.delete()


@dataclass
class AssignmentRun:
    """What `assign_reviewers` did: the assignments it created, and the dossiers that still lack
    reviewers (dossier, number missing) because too few jurors are free of conflicts."""

    created: list = field(default_factory=list)
    short: list = field(default_factory=list)


def plan_assignments(dossiers, jurors, existing, wanted, conflicted):
    """The (dossier, juror) pairs to add so that each dossier has `wanted` jurors: pure, no query.

    `existing` is a set of (dossier pk, member pk); `conflicted(juror, dossier)` says whether a juror
    may not review a dossier. Jurors with the fewest assignments come first
    (ties: the earliest seat); a conflicted juror is never chosen; the dossiers with the fewest
    possible jurors are served first, so that the choice left to them is not taken by others.
    Returns (pairs, short) where `short` lists (dossier, number missing).
    """
    load = Counter(member_pk for _dossier_pk, member_pk in existing)
    juror_pks = {juror.pk for juror in jurors}
    eligible = {dossier.pk: [juror for juror in jurors if not conflicted(juror, dossier)] for dossier in dossiers}
    assigned = {}
    for dossier_pk, member_pk in existing:
        if member_pk in juror_pks:
            assigned.setdefault(dossier_pk, set()).add(member_pk)
    pairs, short = [], []
    for dossier in sorted(dossiers, key=lambda d: (len(eligible[d.pk]), d.pk)):
        have = assigned.get(dossier.pk, set())
        missing = wanted - len(have)
        if missing <= 0:
            continue
        candidates = sorted(
            (juror for juror in eligible[dossier.pk] if juror.pk not in have), key=lambda j: (load[j.pk], j.pk)
        )
        chosen = candidates[:missing]
        for juror in chosen:
            load[juror.pk] += 1
            pairs.append((dossier, juror))
        if len(chosen) < missing:
            short.append((dossier, missing - len(chosen)))
    short.sort(key=lambda item: item[0].pk)
    return pairs, short


@transaction.atomic
def assign_reviewers(actor, edition):
    """Give every submitted dossier of `edition` its `reviewers_per_dossier` jurors (never invited
    experts), keeping the assignments already made, balancing the load and never choosing a
    conflicted juror. Returns an `AssignmentRun`.

    Side effects: creates the assignments, writes `assignment.created` for each, sends each juror
    one e-mail listing their new dossiers.
    """
    ensure(actor, "jury.manage", edition)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _assignment_phase(edition)
    dossiers = list(edition.dossiers.filter(status=DossierStatus.SUBMITTED).select_related("territory").order_by("pk"))
    jurors = list(edition.jury.filter(role=JuryRole.JUROR).select_related("user").order_by("pk"))
    existing = set(
        Assignment.objects.filter(dossier__edition=edition, calibration=False).values_list("dossier_id", "member_id")
    )
    conflicts = ConflictMap(jurors)
    pairs, short = plan_assignments(
        dossiers,
        jurors,
        existing,
        edition.reviewers_per_dossier,
        lambda juror, dossier: conflicts.is_conflicted(juror, dossier.territory),
    )
    created = Assignment.objects.bulk_create(
        [Assignment(dossier=dossier, member=juror, assigned_by=actor_or_none(actor)) for dossier, juror in pairs]
    )
    by_member = {}
    for assignment in created:
        audit.record(
            actor,
            "assignment.created",
            assignment,
            f"{assignment.member.user.email} → {assignment.dossier.territory.display_name}",
            dossier=assignment.dossier_id,
            member=assignment.member_id,
            automatic=True,
        )
        by_member.setdefault(assignment.member, []).append(assignment.dossier)
    for member, member_dossiers in sorted(by_member.items(), key=lambda item: item[0].pk):
        _notify_assigned(member, member_dossiers)
    return AssignmentRun(created=created, short=short)
