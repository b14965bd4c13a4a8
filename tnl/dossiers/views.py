from django.http import Http404


def detail(request, pk):
    raise Http404  # the dossier pages come next
