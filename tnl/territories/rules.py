"""Who may do what in the territory registry. Reading the public facts of a body needs no permission."""

from tnl.core.permissions import is_organiser, is_platform_admin, rule

from .enums import MembershipStatus


@rule("territories.manage")
def can_manage(user, territory=None):
    """Add other public bodies; set a body's missing competences and e-mail domains."""
    return is_organiser(user)


@rule("territories.view_members")
def can_view_members(user, territory=None):
    """See who acts for a body and its e-mail domains: organisers and the body's confirmed members."""
    if is_organiser(user):
        return True
    if user is None or territory is None:
        return False
    return territory.memberships.filter(user=user, status=MembershipStatus.CONFIRMED).exists()


@rule("territories.import")
def can_import(user, obj=None):
    """Refresh the national registry from the official data: it changes every edition's bodies at once."""
    return is_platform_admin(user)
