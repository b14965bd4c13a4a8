"""Public pages: the home page, an edition and its criteria (the referential, in words).

An edition is public from the moment it leaves the draft phase; a draft is a 404 for anyone
but organisers."""

from django.db.models import Count
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language, gettext

from tnl.core.permissions import get_object_or_404_for
from tnl.editions.enums import Phase
from tnl.editions.models import Edition
from tnl.territories.enums import MembershipStatus
from tnl.territories.models import Membership

from . import paths
from .criteria import axes_in_words, rules_in_words
from .models import PublishedResult, Release


def current_edition():
    """The latest edition that is not a draft (its facts are public), or None."""
    for edition in Edition.objects.exclude(opens_at=None).select_related("referential").order_by("-year")[:3]:
        if edition.phase != Phase.DRAFT:
            return edition
    return None


def _next_step(user):
    """For a logged-in person without a confirmed body: their pending requests (maybe none)."""
    if not user.is_authenticated or user.is_organiser or user.is_superuser:
        return None
    memberships = list(
        Membership.objects.filter(user=user, status__in=(MembershipStatus.PENDING, MembershipStatus.CONFIRMED))
        .select_related("territory")
        .order_by("-requested_at")
    )
    if any(m.status == MembershipStatus.CONFIRMED for m in memberships):
        return None
    return {"pending": memberships}


def latest_results():
    """The latest live release and its number of labelled bodies per level, highest first, or
    None before any publication. Two queries, whatever the number of results."""
    release = Release.objects.filter(withdrawn_at=None).order_by("-year").first()
    if release is None:
        return None
    counts = dict(
        PublishedResult.objects.filter(release=release)
        .values_list("level")
        .annotate(count=Count("pk"))
        .values_list("level", "count")
    )
    labels = {item["level"]: item.get("label") for item in release.facts.get("levels", [])}
    levels = [
        {"level": level, "label": labels.get(level) or gettext("Level %(level)s") % {"level": level}, "count": count}
        for level, count in sorted(counts.items(), reverse=True)
    ]
    return {
        "release": release,
        "levels": levels,
        "total": sum(counts.values()),
        "page": paths.url(paths.results(release.year, get_language())),
    }


def home(request):
    current = current_edition()
    axes = current.referential.document["axes"] if current else []
    return render(
        request,
        "publication/home.html",
        {"current": current, "axes": axes, "next_step": _next_step(request.user), "latest": latest_results()},
    )


def favicon(request):
    return redirect(static("tnl/favicon.svg"), permanent=True)


def _public_edition(request, year):
    return get_object_or_404_for(
        request.user, "publication.view_edition", Edition.objects.select_related("referential"), year=year
    )


def edition(request, year):
    edition = _public_edition(request, year)
    return render(request, "publication/edition.html", {"edition": edition, "phase": edition.phase})


def criteria(request, year):
    edition = _public_edition(request, year)
    document = edition.referential.document
    return render(
        request,
        "publication/criteria.html",
        {
            "edition": edition,
            "referential": edition.referential,
            "document": document,
            "axes": axes_in_words(document),
            "rules": rules_in_words(document),
        },
    )
