from django.http import Http404
from django.shortcuts import render

from .guides import BY_SLUG, GUIDES, rendered


def index(request):
    guides = [(guide, rendered(guide)) for guide in GUIDES]
    return render(request, "help/index.html", {"guides": guides})


def guide(request, slug):
    found = BY_SLUG.get(slug)
    if found is None:
        raise Http404
    return render(request, "help/guide.html", {"guide": found, "page": rendered(found)})
