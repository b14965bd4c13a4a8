from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tnl.core.permissions import get_object_or_404_for, has_perm, require

from . import services
from .enums import Kind
from .forms import BodySettingsForm, OtherBodyForm, SearchForm
from .models import Membership, Territory
from .search import search_territories

SEARCH_RESULTS = 50
MEMBERS_PER_PAGE = 50


def search(request):
    """Public search page: anyone can look a body up."""
    form = SearchForm(request.GET or None)
    query, results, truncated = "", None, False
    if form.is_valid() and form.cleaned_data["q"]:
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        # One more than shown tells whether there are more.
        results = search_territories(query, kinds=[kind] if kind else None, limit=SEARCH_RESULTS + 1)
        truncated = len(results) > SEARCH_RESULTS
        results = results[:SEARCH_RESULTS]
    return render(
        request,
        "territories/search.html",
        {"form": form, "query": query, "results": results, "truncated": truncated},
    )


def detail(request, kind, code):
    """Public page of a body: registry facts for everyone; members and e-mail domains for those allowed."""
    if kind not in Kind.values:
        raise Http404
    territory = get_object_or_404(
        Territory.objects.select_related("departement", "region", "epci"), kind=kind, code=code
    )
    communes = None
    if territory.kind == Kind.EPCI:
        members = territory.member_communes.filter(is_active=True).order_by("name", "code")
        communes = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    can_view_members = has_perm(request.user, "territories.view_members", territory)
    # The visitor's own request or membership decides between "I act for this body" and its status.
    own_membership = None
    if request.user.is_authenticated:
        own_membership = Membership.objects.current().of(request.user).in_body(territory).first()
    memberships = (
        territory.memberships.select_related("user").order_by("status", "role", "user__email")
        if can_view_members
        else None
    )
    return render(
        request,
        "territories/detail.html",
        {
            "territory": territory,
            "communes": communes,
            "can_view_members": can_view_members,
            "can_manage": has_perm(request.user, "territories.manage", territory),
            "memberships": memberships,
            "own_membership": own_membership,
        },
    )


def create_other(request):
    """Organisers add a body that is not in the official data."""
    require(request.user, "territories.manage")
    form = OtherBodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        body = services.create_other_body(request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s was added to the registry.") % {"name": body.name})
        return redirect(body)
    return render(request, "territories/other_form.html", {"form": form})


def edit_settings(request, kind, code):
    """Organisers set a body's missing competences and e-mail domains."""
    territory = get_object_or_404_for(request.user, "territories.manage", Territory.objects.all(), kind=kind, code=code)
    initial = {
        "competences_missing": territory.competences_missing,
        "email_domains": "\n".join(territory.email_domains),
    }
    form = BodySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_body_settings(request.user, territory, **form.cleaned_data)
        messages.success(request, _("The settings of %(name)s were saved.") % {"name": territory.display_name})
        return redirect(territory)
    return render(request, "territories/settings_form.html", {"form": form, "territory": territory})
