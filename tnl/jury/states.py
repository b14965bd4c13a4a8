"""Where a dossier stands for the jury (`JuryState`), derived from its data, never stored.

- draft: the body has not submitted it (or reopened it);
- submitted: submitted, no jury member assigned yet;
- under review: assigned, and at least one of its assignments' reviews is not submitted;
- reviewed: every assignment's review is submitted;
- decided: the jury decided its level (a `Decision` exists).

Calibration assignments do not count: they are the jury's practice, not the dossier's review.
Load the dossiers with `with_jury_data(queryset)`, then `jury_state(dossier)` asks nothing more
of the database, whatever the number of dossiers.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from tnl.dossiers.enums import DossierStatus

from .enums import JuryState, ReviewStatus
from .models import Assignment

ASSIGNMENTS = "review_assignments"  # the attribute `with_jury_data` fills


def with_jury_data(queryset):
    """The dossiers of `queryset` with what `jury_state` reads: their decision, and their review
    assignments (not calibration) with their review and jury member (two queries in all)."""
    return queryset.select_related("decision").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(calibration=False).select_related("review", "member__user"),
            to_attr=ASSIGNMENTS,
        )
    )


def _related(obj, name):
    """The reverse one-to-one `name` of `obj`, or None (no query when it was selected)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def review_assignments(dossier):
    """The dossier's review assignments, from `with_jury_data` when it was used."""
    assignments = getattr(dossier, ASSIGNMENTS, None)
    if assignments is None:
        assignments = list(dossier.assignments.filter(calibration=False).select_related("review", "member__user"))
    return assignments


def review_of(assignment):
    return _related(assignment, "review")


def is_review_submitted(assignment):
    review = review_of(assignment)
    return review is not None and review.status == ReviewStatus.SUBMITTED


def decision_of(dossier):
    return _related(dossier, "decision")


def jury_state(dossier):
    """The dossier's `JuryState` (see the module's docstring)."""
    if dossier.status != DossierStatus.SUBMITTED:
        return JuryState.DRAFT
    if decision_of(dossier) is not None:
        return JuryState.DECIDED
    assignments = review_assignments(dossier)
    if not assignments:
        return JuryState.SUBMITTED
    if all(is_review_submitted(assignment) for assignment in assignments):
        return JuryState.REVIEWED
    return JuryState.UNDER_REVIEW
