"""Helpers of the review tests: what a candidate had answered before submitting, written straight
into the submitted dossier (the dossier services refuse changes once it is submitted), and the
review's URLs."""

from django.urls import reverse

from tnl.dossiers.enums import EvidenceKind
from tnl.dossiers.models import Answer, Evidence


def give(dossier, code, value, comment="", links=()):
    """Store the answer `value` to `code` (with `comment`) and one link of evidence per `links`."""
    answer = Answer.objects.filter(dossier=dossier, question=code).first() or Answer(dossier=dossier, question=code)
    answer.value = value
    answer.comment = comment
    answer.save()
    return [Evidence.objects.create(dossier=dossier, question=code, kind=EvidenceKind.URL, url=url) for url in links]


def review_url(assignment, name="review", **kwargs):
    return reverse(f"jury:{name}", kwargs={"year": assignment.dossier.edition.year, "pk": assignment.pk, **kwargs})
