"""Pages of the jury's membership, conflicts of interest and assignment.

Organiser pages (/organisation/editions/<year>/jury/…) fetch the edition with `jury.manage`:
everyone else gets a 404. A jury member's pages (/jury/<year>/…) need their seat on that edition's
jury: visitors are sent to log in, people without a seat get a 404. Every change goes through
assignment_services.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from tnl.core.permissions import get_object_or_404_for, require
from tnl.core.services import Refused
from tnl.dossiers.enums import DossierStatus
from tnl.editions.enums import JuryRole, Phase
from tnl.editions.models import Edition
from tnl.territories.models import Territory
from tnl.territories.search import search_territories

from . import assignment_services as services
from .assignment_forms import AddMemberForm, DeclareConflictForm, JurySettingsForm, SearchForm
from .conflicts import ConflictMap
from .enums import ReviewStatus
from .models import Assignment, CalibrationSample, Review
from .rules import seat

SEARCH_RESULTS = 20


def _edition_for(request, year):
    return get_object_or_404_for(request.user, "jury.manage", Edition.objects.all(), year=year)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, field_errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def _seat_for(request, year):
    edition = get_object_or_404(Edition, year=year)
    member = seat(request.user, edition)
    if member is None:
        raise Http404
    return edition, member


def review_url(edition, assignment):
    """The review page of an assignment (built by the review part of the jury)."""
    try:
        return reverse("jury:review", kwargs={"year": edition.year, "pk": assignment.pk})
    except NoReverseMatch:
        return services.REVIEW_PATH.format(year=edition.year, pk=assignment.pk)


def review_state(assignment):
    """(code, words) of an assignment's review: not started, in progress or submitted."""
    review = getattr(assignment, "review_or_none", None)
    if review is None:
        return "not_started", pgettext("review", "not started")
    if review.status == ReviewStatus.SUBMITTED:
        return "submitted", pgettext("review", "submitted")
    return "in_progress", pgettext("review", "in progress")


def _with_reviews(assignments):
    """Attach each assignment's review (or None) as `review_or_none`, in one query."""
    assignments = list(assignments)
    reviews = {review.assignment_id: review for review in Review.objects.filter(assignment__in=assignments)}
    for assignment in assignments:
        assignment.review_or_none = reviews.get(assignment.pk)
        assignment.state, assignment.state_words = review_state(assignment)
    return assignments


# Members (organisers) -----------------------------------------------------------------------------


def members(request, year):
    edition = _edition_for(request, year)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_jury_member(request.user, edition, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s joined the jury as %(role)s.")
                % {"person": member.user, "role": member.get_role_display().lower()},
            )
            return redirect("jury:members", year=edition.year)
    jury = (
        edition.jury.select_related("user")
        .annotate(
            assignment_count=Count("assignments", filter=Q(assignments__calibration=False), distinct=True),
            conflict_count=Count("conflicts", distinct=True),
        )
        .order_by("role", "user__full_name", "user__email")
    )
    return render(
        request,
        "jury/members.html",
        {"edition": edition, "jury": jury, "form": form, "frozen": edition.phase in services.FROZEN_PHASES},
    )


@require_POST
def member_remove(request, year, pk):
    edition = _edition_for(request, year)
    member = get_object_or_404(edition.jury.select_related("user", "edition"), pk=pk)
    try:
        services.remove_jury_member(request.user, member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s is no longer on the jury.") % {"person": member.user})
    return redirect("jury:members", year=edition.year)


# Conflicts ----------------------------------------------------------------------------------------


def member_conflicts(request, year, pk):
    """An organiser declares or withdraws conflicts for a jury member."""
    edition = _edition_for(request, year)
    member = get_object_or_404(edition.jury.select_related("user", "edition"), pk=pk)
    return _conflicts_page(request, edition, member, reverse("jury:member_conflicts", args=[edition.year, member.pk]))


@login_required
def conflicts(request, year):
    """A jury member's own conflicts of interest."""
    edition, member = _seat_for(request, year)
    require(request.user, "jury.declare_conflicts", member)
    return _conflicts_page(request, edition, member, reverse("jury:conflicts", args=[edition.year]))


def _conflicts_page(request, edition, member, here):
    member.edition = edition
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "withdraw":
        conflict_pk = request.POST.get("conflict", "")
        if not conflict_pk.isdigit():
            raise Http404
        conflict = get_object_or_404(member.conflicts.select_related("territory"), pk=conflict_pk)
        conflict.member = member
        try:
            services.withdraw_conflict(request.user, conflict)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The conflict with %(body)s is withdrawn.") % {"body": conflict.territory.display_name}
            )
        return redirect(here)
    search = SearchForm(request.POST if action == "declare" else request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    results = search_territories(query, limit=SEARCH_RESULTS) if query else []
    form = DeclareConflictForm(request.POST if action == "declare" else None)
    chosen = None
    if action == "declare" and form.is_valid():
        chosen = Territory.objects.filter(pk=form.cleaned_data["territory"], is_active=True).first()
        if chosen is None:
            form.add_error("territory", _("Choose a body in the results."))
        else:
            try:
                _conflict, removed = services.declare_conflict(
                    request.user, member, chosen, form.cleaned_data["reason"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Conflict with %(body)s declared.") % {"body": chosen.display_name})
                if removed:
                    messages.warning(
                        request,
                        _("Its dossier is no longer assigned to %(person)s.") % {"person": member.user},
                    )
                return redirect(here)
    if chosen is not None and chosen not in results:
        results = [chosen, *results]
    declared = list(member.conflicts.select_related("territory").order_by("territory__name"))
    declared_ids = {conflict.territory_id for conflict in declared}
    conflict_map = ConflictMap([member])
    automatic = []
    for dossier in (
        edition.dossiers.filter(status=DossierStatus.SUBMITTED).select_related("territory").order_by("territory__name")
    ):
        if dossier.territory_id in declared_ids:
            continue
        reason = conflict_map.reason(member, dossier.territory)
        if reason is not None:
            automatic.append((dossier.territory, reason))
    return render(
        request,
        "jury/conflicts.html",
        {
            "edition": edition,
            "member": member,
            "own": member.user_id == request.user.pk,
            "declared": declared,
            "automatic": automatic,
            "search": search,
            "query": query,
            "results": results,
            "form": form,
            "chosen_pk": str(form["territory"].value() or ""),
            "here": here,
            "frozen": edition.phase in services.FROZEN_PHASES,
        },
    )


# Assignment (organisers) --------------------------------------------------------------------------


def assignments(request, year):
    return _assignments_page(request, _edition_for(request, year))


def _assignments_page(request, edition, settings_form=None, errors=None, selected=None):
    dossiers = list(
        edition.dossiers.filter(status=DossierStatus.SUBMITTED).select_related("territory").order_by("territory__name")
    )
    jury = list(edition.jury.select_related("user").order_by("role", "user__full_name", "user__email"))
    conflict_map = ConflictMap(jury)
    by_dossier = {}
    for assignment in _with_reviews(
        Assignment.objects.filter(dossier__edition=edition, calibration=False)
        .select_related("member__user")
        .order_by("member__user__full_name", "pk")
    ):
        by_dossier.setdefault(assignment.dossier_id, []).append(assignment)
    errors, selected = errors or {}, selected or {}
    rows = []
    for dossier in dossiers:
        assigned = by_dossier.get(dossier.pk, [])
        taken = {assignment.member_id for assignment in assigned}
        jurors = sum(1 for assignment in assigned if assignment.member.role == JuryRole.JUROR)
        options = [
            (member, conflict_map.reason(member, dossier.territory)) for member in jury if member.pk not in taken
        ]
        rows.append(
            {
                "dossier": dossier,
                "assignments": assigned,
                "jurors": jurors,
                "missing": max(0, edition.reviewers_per_dossier - jurors),
                "options": options,
                "error": errors.get(dossier.pk),
                "selected": selected.get(dossier.pk, ""),
            }
        )
    if settings_form is None:
        settings_form = JurySettingsForm(
            initial={
                "reviewers_per_dossier": edition.reviewers_per_dossier,
                "reviews_hidden_until_submitted": edition.reviews_hidden_until_submitted,
            }
        )
    phase = edition.phase
    return render(
        request,
        "jury/assignment_table.html",
        {
            "edition": edition,
            "rows": rows,
            "jury": jury,
            "jurors": [member for member in jury if member.role == JuryRole.JUROR],
            "settings_form": settings_form,
            "can_assign": phase in services.ASSIGNMENT_PHASES,
            "phase": Phase(phase).label,
            "frozen": phase in services.FROZEN_PHASES,
        },
    )


@require_POST
def assign_auto(request, year):
    edition = _edition_for(request, year)
    try:
        run = services.assign_reviewers(request.user, edition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        count = len(run.created)
        if count:
            messages.success(
                request,
                ngettext("%(count)d assignment made.", "%(count)d assignments made.", count) % {"count": count},
            )
        else:
            messages.success(request, _("Every dossier already had its reviewers: nothing changed."))
        for dossier, missing in run.short:
            messages.warning(
                request,
                ngettext(
                    "%(body)s lacks %(count)d reviewer: not enough jurors are free of conflicts with it.",
                    "%(body)s lacks %(count)d reviewers: not enough jurors are free of conflicts with it.",
                    missing,
                )
                % {"body": dossier.territory.display_name, "count": missing},
            )
    return redirect("jury:assignments", year=edition.year)


@require_POST
def assign(request, year, pk):
    edition = _edition_for(request, year)
    dossier = get_object_or_404(edition.dossiers.select_related("territory", "edition"), pk=pk)
    member_pk = request.POST.get("member", "")
    member = edition.jury.select_related("user").filter(pk=member_pk).first() if member_pk.isdigit() else None
    try:
        if member is None:
            raise Refused(_("Choose a jury member."))
        services.assign(request.user, dossier, member)
    except ValidationError as error:
        return _assignments_page(
            request, edition, errors={dossier.pk: " ".join(error.messages)}, selected={dossier.pk: member_pk}
        )
    messages.success(
        request,
        _("%(person)s now reviews the dossier of %(body)s.")
        % {"person": member.user, "body": dossier.territory.display_name},
    )
    return redirect(f"{reverse('jury:assignments', args=[edition.year])}#dossier-{dossier.pk}")


@require_POST
def unassign(request, year, pk):
    edition = _edition_for(request, year)
    assignment = get_object_or_404(
        Assignment.objects.select_related("dossier__territory", "dossier__edition", "member__user"),
        pk=pk,
        dossier__edition=edition,
        calibration=False,
    )
    try:
        services.unassign(request.user, assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s no longer reviews the dossier of %(body)s.")
            % {"person": assignment.member.user, "body": assignment.dossier.territory.display_name},
        )
    return redirect(f"{reverse('jury:assignments', args=[edition.year])}#dossier-{assignment.dossier_id}")


@require_POST
def jury_settings(request, year):
    edition = _edition_for(request, year)
    form = JurySettingsForm(request.POST)
    if form.is_valid():
        try:
            services.update_jury_settings(request.user, edition, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Jury settings saved."))
            return redirect("jury:assignments", year=edition.year)
    return _assignments_page(request, edition, settings_form=form)


# A jury member's home -----------------------------------------------------------------------------


@login_required
def home(request, year):
    edition, member = _seat_for(request, year)
    conflict_map = ConflictMap([member])
    mine, calibration, hidden = [], [], 0
    for assignment in _with_reviews(
        member.assignments.select_related("dossier__territory").order_by("dossier__territory__name", "pk")
    ):
        if conflict_map.is_conflicted(member, assignment.dossier.territory):
            hidden += not assignment.calibration
            continue
        assignment.url = review_url(edition, assignment)
        (calibration if assignment.calibration else mine).append(assignment)
    return render(
        request,
        "jury/assignment_home.html",
        {
            "edition": edition,
            "member": member,
            "assignments": mine,
            "calibration": calibration,
            "hidden": hidden,
            "has_samples": bool(calibration) or CalibrationSample.objects.filter(edition=edition).exists(),
        },
    )
