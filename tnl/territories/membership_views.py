"""Pages about who acts for a body: "My bodies", joining, the members page, invitations and the
organisers' list of requests.

Member-only pages fetch the body and check a permission from rules.py first: an outsider gets a
404, never a hint of who the members are. Every state change goes through membership_services.py.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tnl.core.permissions import require

from . import membership_services as services
from .enums import INVITATION_VALID_DAYS, REFERENT_ROLES, Kind, MembershipRole, MembershipStatus
from .forms import ConfirmForm, DeclineForm, InviteForm, JoinForm, RoleForm, SearchForm
from .models import Invitation, Membership, Territory
from .normalize import search_key
from .rules import invitable_roles
from .search import search_territories

CONFIRMED, PENDING = MembershipStatus.CONFIRMED, MembershipStatus.PENDING
JOIN_SEARCH_RESULTS = 20


def _body(kind, code):
    if kind not in Kind.values:
        raise Http404
    return get_object_or_404(Territory.objects.select_related("departement"), kind=kind, code=code)


def _body_for(request, permission, kind, code):
    territory = _body(kind, code)
    require(request.user, permission, territory)
    return territory


def _members_url(territory):
    return reverse("territories:members", kwargs={"kind": territory.kind, "code": territory.code})


def _date(value):
    return date_format(timezone.localtime(value), "j F Y")


def _next_url(request, default):
    """Where to go back after an action: a `next` on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _posted(request):
    # Bound on every POST, even an empty one (a radio group left unchecked sends nothing).
    return request.POST if request.method == "POST" else None


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


# My bodies and joining ----------------------------------------------------------------------------


@login_required
def my_bodies(request):
    """The bodies I act for, my requests, invitations sent to my address, and a search to join a body."""
    waiting = (
        Membership.objects.filter(territory=OuterRef("territory"), status=PENDING)
        .order_by()
        .values("territory")
        .annotate(count=Count("pk"))
        .values("count")
    )
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("territory__departement")
        .annotate(requests_waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), 0))
        .order_by("territory__name", "territory__code")
    )
    invitations = list(
        Invitation.objects.filter(
            email=request.user.email.lower(),
            accepted_at=None,
            sent_at__gt=timezone.now() - timedelta(days=INVITATION_VALID_DAYS),
        )
        .select_related("territory", "invited_by")
        .order_by("-sent_at")
    )
    form = SearchForm(request.GET or None)
    query, results, truncated = "", None, False
    if form.is_valid() and form.cleaned_data["q"]:
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        results = search_territories(query, kinds=[kind] if kind else None, limit=JOIN_SEARCH_RESULTS + 1)
        truncated = len(results) > JOIN_SEARCH_RESULTS
        results = results[:JOIN_SEARCH_RESULTS]
        status_by_body = {m.territory_id: m.status for m in memberships if m.status in (CONFIRMED, PENDING)}
        for territory in results:
            territory.my_status = status_by_body.get(territory.pk)
    return render(
        request,
        "territories/my_bodies.html",
        {
            "current": [m for m in memberships if m.status == CONFIRMED],
            "waiting": [m for m in memberships if m.status == PENDING],
            "history": [m for m in memberships if m.status not in (CONFIRMED, PENDING)],
            "invitations": invitations,
            "form": form,
            "query": query,
            "results": results,
            "truncated": truncated,
        },
    )


@login_required
def join(request, kind, code):
    """Ask to act for a body, choosing a role."""
    territory = _body_for(request, "territories.join", kind, code)
    current = Membership.objects.current().of(request.user).in_body(territory)
    current = current.first()
    form = JoinForm(_posted(request))
    if request.method == "POST" and current is None and form.is_valid():
        try:
            membership = services.request_membership(request.user, territory, form.cleaned_data["role"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if membership.status == CONFIRMED:
                messages.success(
                    request,
                    _("You now act for %(body)s: your e-mail address belongs to the body.")
                    % {"body": territory.display_name},
                )
                return redirect(_members_url(territory))
            messages.success(
                request,
                _("Your request to act for %(body)s was sent. You will receive an e-mail when it is answered.")
                % {"body": territory.display_name},
            )
            return redirect("territories:my_bodies")
    has_referents = territory.memberships.referents().exists()
    return render(
        request,
        "territories/join.html",
        {"territory": territory, "form": form, "current": current, "has_referents": has_referents},
    )


# The members page and its actions --------------------------------------------------------------------


def members(request, kind, code):
    """Who acts for a body, requests to join, invitations; the invite form posts here."""
    territory = _body_for(request, "territories.view_members", kind, code)
    roles = invitable_roles(request.user, territory)
    form = InviteForm(roles, _posted(request))
    if request.method == "POST":
        if not roles:
            raise Http404
        if form.is_valid():
            try:
                invitation = services.invite_member(
                    request.user, territory, form.cleaned_data["email"], form.cleaned_data["role"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("An invitation was sent to %(email)s. The link works until %(date)s.")
                    % {"email": invitation.email, "date": _date(invitation.expires_at)},
                )
                return redirect(_members_url(territory))
    memberships = sorted(territory.memberships.select_related("user"), key=_by_name)
    confirmed = [m for m in memberships if m.status == CONFIRMED]
    invitations = list(territory.invitations.filter(accepted_at=None).select_related("invited_by").order_by("email"))
    now = timezone.now()
    for invitation in invitations:
        invitation.expired = invitation.is_expired(now)
    return render(
        request,
        "territories/members.html",
        {
            "territory": territory,
            "confirmed": confirmed,
            "pending": sorted((m for m in memberships if m.status == PENDING), key=lambda m: m.requested_at),
            "former": [m for m in memberships if m.status not in (CONFIRMED, PENDING)],
            "missing_roles": [role for role in REFERENT_ROLES if not any(m.role == role for m in confirmed)],
            "own": next((m for m in memberships if m.user_id == request.user.pk), None),
            "invitations": invitations,
            "form": form if roles else None,
        },
    )


def _by_name(membership):
    # Accents and case apart, as people read names ("Élise" before "Théo").
    return search_key(membership.user.get_full_name()), membership.user.email


def _membership_in(territory, pk, **filters):
    return get_object_or_404(territory.memberships.select_related("user", "territory"), pk=pk, **filters)


@require_POST
def confirm(request, kind, code, pk):
    """Accept a pending request (a POST button on the members page and the organisers' list)."""
    territory = _body_for(request, "territories.manage_members", kind, code)
    membership = _membership_in(territory, pk)
    try:
        services.confirm_membership(request.user, membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s now acts for %(body)s as %(role)s.")
            % {
                "person": membership.user.get_full_name(),
                "body": territory.display_name,
                "role": membership.get_role_display(),
            },
        )
    return redirect(_next_url(request, _members_url(territory)))


def decline(request, kind, code, pk):
    """Decline a pending request, with an optional reason for the person."""
    territory = _body_for(request, "territories.manage_members", kind, code)
    membership = _membership_in(territory, pk)
    back = _next_url(request, _members_url(territory))
    form = DeclineForm(_posted(request))
    if membership.status != PENDING:
        messages.info(request, _("This request was already answered."))
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_membership(request.user, membership, form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The request of %(person)s was declined; they were told by e-mail.")
                % {"person": membership.user.get_full_name()},
            )
            return redirect(back)
    return render(
        request,
        "territories/decline.html",
        {"territory": territory, "membership": membership, "form": form, "back": back},
    )


def change_role(request, kind, code, pk):
    """Give a confirmed member another role."""
    territory = _body_for(request, "territories.manage_members", kind, code)
    membership = _membership_in(territory, pk, status=CONFIRMED)
    form = RoleForm(_posted(request), initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(request.user, membership, form.cleaned_data["role"])
        except ValidationError as error:
            form.add_error("role", error.messages)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {
                    "person": membership.user.get_full_name(),
                    "role": MembershipRole(form.cleaned_data["role"]).label,
                },
            )
            return redirect(_members_url(territory))
    return render(
        request, "territories/change_role.html", {"territory": territory, "membership": membership, "form": form}
    )


def leave(request, kind, code, pk):
    """Stop acting for a body, or withdraw a pending request: only the person themself."""
    if not request.user.is_authenticated:
        raise Http404
    territory = _body(kind, code)
    membership = _membership_in(territory, pk, user=request.user, status__in=[CONFIRMED, PENDING])
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_body(request.user, membership)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if membership.status == PENDING:  # as it was before leaving: the service saved its own copy
                text = _("Your request to act for %(body)s was withdrawn.")
            else:
                text = _("You no longer act for %(body)s.")
            messages.success(request, text % {"body": territory.display_name})
            return redirect("territories:my_bodies")
    lost, others = services.referent_gap(membership)
    blocked = services.referent_gap_message(membership, lost, others, leaving=True) if lost else ""
    last_member = membership.status == CONFIRMED and not (
        territory.memberships.confirmed().exclude(pk=membership.pk).exists()
    )
    return render(
        request,
        "territories/leave.html",
        {
            "territory": territory,
            "membership": membership,
            "form": form,
            "blocked": blocked if not form.errors else "",
            "last_member": last_member,
        },
    )


# Invitations -------------------------------------------------------------------------------------


def invitation(request, token):
    """The page an invitation e-mail links to: log in or sign up with the invited address, then accept."""
    invitation = get_object_or_404(Invitation.objects.select_related("territory", "invited_by"), token=token)
    territory = invitation.territory
    form = ConfirmForm(_posted(request))
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            raise Http404
        if form.is_valid():
            try:
                services.accept_invitation(user, invitation)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Welcome: you now act for %(body)s as %(role)s.")
                    % {"body": territory.display_name, "role": invitation.get_role_display()},
                )
                return redirect(_members_url(territory))
    if invitation.accepted_at is not None:
        state = "accepted"
    elif invitation.is_expired():
        state = "expired"
    elif not user.is_authenticated:
        state = "anonymous"
    elif user.email.lower() != invitation.email.lower():
        state = "other_address"
    elif not services.has_verified_email(user):
        state = "unverified"
    elif territory.memberships.confirmed().of(user).exists():
        state = "member"
    else:
        state = "open"
    return render(
        request,
        "territories/invitation.html",
        {"invitation": invitation, "territory": territory, "state": state, "form": form},
    )


# Organisers --------------------------------------------------------------------------------------


def membership_requests(request):
    """Every pending request, split by who decides: organisers (the body has no confirmed referent)
    or the body's referents (organisers may step in)."""
    require(request.user, "territories.review_requests")
    has_referent = Membership.objects.referents().filter(territory=OuterRef("territory"))
    pending = list(
        Membership.objects.filter(status=PENDING)
        .select_related("user", "territory__departement")
        .annotate(has_referent=Exists(has_referent))
        .order_by("requested_at", "pk")
    )
    return render(
        request,
        "territories/membership_requests.html",
        {
            "for_organisers": [m for m in pending if not m.has_referent],
            "for_referents": [m for m in pending if m.has_referent],
        },
    )
