from django.shortcuts import render

from tnl.editions.models import Edition


def home(request):
    # Public facts only: an edition's year, dates and phase. Nothing here reads dossiers.
    editions = [e for e in Edition.objects.exclude(opens_at=None).order_by("-year")[:3] if e.phase != "draft"]
    return render(request, "core/home.html", {"current": editions[0] if editions else None})
