"""The site's menu links a jury member to their jury page (base.html reads `jury_year` from the
session). The seat is looked up once, at login, so that no page pays a query for it; a seat added
later shows at the next login (the invitation e-mail links to the page meanwhile)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from tnl.editions.enums import Phase
from tnl.editions.models import JuryMember

# Phases in which a jury member's seat is shown in the site's menu.
MENU_PHASES = (Phase.OPEN, Phase.CLOSED, Phase.REVIEW, Phase.DELIBERATION)
MENU_SESSION_KEY = "jury_year"
# A jury at work (calibration, review, deliberation) comes before one whose applications are open.
WORK_PHASES = (Phase.CLOSED, Phase.REVIEW, Phase.DELIBERATION)


@receiver(user_logged_in, dispatch_uid="jury-menu-seat")
def remember_jury_seat(sender, request, user, **kwargs):
    """Keep in the session the latest year in which the person sits on a jury at work (else on a
    running one), so that the menu links to their jury page without a query on every page (seen
    again at the next login)."""
    if request is None or not hasattr(request, "session"):
        return
    seats = [
        (member.edition.phase in WORK_PHASES, member.edition.year)
        for member in JuryMember.objects.filter(user=user).select_related("edition")
        if member.edition.phase in MENU_PHASES
    ]
    if seats:
        request.session[MENU_SESSION_KEY] = max(seats)[1]
    else:
        request.session.pop(MENU_SESSION_KEY, None)
