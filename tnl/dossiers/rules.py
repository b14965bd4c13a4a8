"""Who may do what with dossiers. State (edition open, dossier not submitted) is checked by the
services, which say why; these rules only say who."""

from tnl.core.permissions import is_organiser, rule
from tnl.territories.enums import REFERENT_ROLES
from tnl.territories.rules import member_role


def _role(user, territory):
    return member_role(user, territory)


@rule("dossiers.create")
def can_create(user, territory):
    return _role(user, territory) is not None


@rule("dossiers.view")
def can_view(user, dossier):
    return is_organiser(user) or _role(user, dossier.territory) is not None


@rule("dossiers.edit")
def can_edit(user, dossier):
    return _role(user, dossier.territory) is not None


@rule("dossiers.submit")
def can_submit(user, dossier):
    return _role(user, dossier.territory) in REFERENT_ROLES
