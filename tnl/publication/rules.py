from tnl.core.permissions import is_organiser, rule
from tnl.editions.enums import Phase


@rule("publication.view_edition")
def can_view_edition(user, edition=None):
    """An edition and its criteria are public once it leaves the draft phase; organisers see drafts."""
    return is_organiser(user) or (edition is not None and edition.phase != Phase.DRAFT)


# Publishing, scheduling, withdrawing and importing results: organisers only.
rule("publication.publish", is_organiser)
