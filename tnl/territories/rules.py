"""Who may do what in the territory registry. Reading the public facts of a body needs no permission.

Other apps ask about a person's place in a body through `confirmed_membership` and `is_referent`.

Who invites whom (`invitable_roles`): organisers and the body's confirmed referents (elected or
technical) may invite in any role; a confirmed contributor may invite contributors only, so that
nobody makes someone a referent without being one.
"""

from tnl.core.permissions import is_organiser, is_platform_admin, rule

from .enums import REFERENT_ROLES, MembershipRole, MembershipStatus


def _person(user):
    return user if user is not None and user.is_authenticated and user.is_active else None


def confirmed_membership(user, territory):
    """The confirmed `Membership` of `user` in `territory`, or None (also for anonymous users). One query."""
    user = _person(user)
    if user is None or territory is None:
        return None
    return territory.memberships.filter(user=user, status=MembershipStatus.CONFIRMED).first()


def is_referent(user, territory):
    """Whether `user` is a confirmed elected or technical referent of `territory`. One query."""
    user = _person(user)
    if user is None or territory is None:
        return False
    return territory.memberships.filter(user=user, status=MembershipStatus.CONFIRMED, role__in=REFERENT_ROLES).exists()


def invitable_roles(user, territory):
    """The roles `user` may invite someone to in `territory`, in display order (empty: may not invite)."""
    if is_organiser(_person(user)):
        return list(MembershipRole)
    membership = confirmed_membership(user, territory)
    if membership is None:
        return []
    if membership.is_referent:
        return list(MembershipRole)
    return [MembershipRole.CONTRIBUTOR]


@rule("territories.manage")
def can_manage(user, territory=None):
    """Add other public bodies; set a body's missing competences and e-mail domains."""
    return is_organiser(user)


@rule("territories.view_members")
def can_view_members(user, territory=None):
    """See who acts for a body and its e-mail domains: organisers and the body's confirmed members."""
    if is_organiser(user):
        return True
    return confirmed_membership(user, territory) is not None


@rule("territories.join")
def can_join(user, territory=None):
    """Ask to act for a body: any logged-in person, for a body still in the registry."""
    return user is not None and (territory is None or territory.is_active)


@rule("territories.manage_members")
def can_manage_members(user, territory=None):
    """Accept or decline requests to join a body and change its members' roles: organisers and its confirmed referents."""
    if is_organiser(user):
        return True
    return is_referent(user, territory)


@rule("territories.invite")
def can_invite(user, territory=None):
    """Invite colleagues by e-mail: organisers and the body's confirmed members (roles: see `invitable_roles`)."""
    if is_organiser(user):
        return True
    return confirmed_membership(user, territory) is not None


@rule("territories.review_requests")
def can_review_requests(user, obj=None):
    """The organisers' list of every pending request to join a body."""
    return is_organiser(user)


@rule("territories.import")
def can_import(user, obj=None):
    """Refresh the national registry from the official data: it changes every edition's bodies at once."""
    return is_platform_admin(user)
