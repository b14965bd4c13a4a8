"""`{% open_clarifications edition %}`: the organiser's edition page lists the dossiers with
questions to candidates that are not closed, each linking to the jury's thread page."""

from django import template
from django.db.models import Count, Q

from tnl.dossiers.models import Dossier
from tnl.jury.enums import ClarificationStatus

register = template.Library()


@register.inclusion_tag("jury/_open_clarifications.html")
def open_clarifications(edition):
    dossiers = (
        Dossier.objects.filter(edition=edition)
        .annotate(
            waiting=Count("clarifications", filter=Q(clarifications__status=ClarificationStatus.OPEN)),
            answered=Count("clarifications", filter=Q(clarifications__status=ClarificationStatus.ANSWERED)),
        )
        .filter(Q(waiting__gt=0) | Q(answered__gt=0))
        .select_related("territory")
        .order_by("territory__name", "pk")
    )
    return {"edition": edition, "dossiers": list(dossiers)}
