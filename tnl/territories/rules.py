"""Who may do what in the territory registry. Reading the public facts of a body needs no permission.

Other apps ask about a person's place in a body through the predicates `is_member` and
`is_referent` (django-rules predicates: they compose, e.g. `is_organiser | is_member`),
`member_role` and `confirmed_membership`. The role is read once per (user object, body) and
kept on the user object; any membership saved in this process makes every kept role stale.

Who invites whom (`invitable_roles`): organisers and the body's confirmed referents (elected or
technical) may invite in any role; a confirmed contributor may invite contributors only, so that
nobody makes someone a referent without being one.
"""

import itertools

import rules
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tnl.core.permissions import is_organiser, is_platform_admin, person, rule

from .enums import REFERENT_ROLES, MembershipRole
from .models import Membership

_generation = itertools.count()
_current = next(_generation)


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="territories.forget_roles")
def _forget_roles(**kwargs):
    global _current
    _current = next(_generation)


def member_role(user, territory):
    """The role of `user` as a confirmed member of `territory`, or None (also for anonymous users)."""
    user = person(user)
    if user is None or territory is None:
        return None
    cache = user.__dict__.get("_confirmed_roles")
    if cache is None or cache[0] != _current:
        cache = user.__dict__["_confirmed_roles"] = (_current, {})
    roles = cache[1]
    if territory.pk not in roles:
        roles[territory.pk] = (
            Membership.objects.confirmed().of(user).in_body(territory).values_list("role", flat=True).first()
        )
    return roles[territory.pk]


def confirmed_membership(user, territory):
    """The confirmed `Membership` of `user` in `territory`, or None (also for anonymous users). One query."""
    user = person(user)
    if user is None or territory is None:
        return None
    return Membership.objects.confirmed().of(user).in_body(territory).first()


@rules.predicate
def is_member(user, territory):
    """Whether `user` is a confirmed member of `territory`, in any role."""
    return member_role(user, territory) is not None


@rules.predicate
def is_referent(user, territory):
    """Whether `user` is a confirmed elected or technical referent of `territory`."""
    return member_role(user, territory) in REFERENT_ROLES


def invitable_roles(user, territory):
    """The roles `user` may invite someone to in `territory`, in display order (empty: may not invite)."""
    if is_organiser(person(user)):
        return list(MembershipRole)
    role = member_role(user, territory)
    if role is None:
        return []
    if role in REFERENT_ROLES:
        return list(MembershipRole)
    return [MembershipRole.CONTRIBUTOR]


@rule("territories.manage")
def can_manage(user, territory=None):
    """Add other public bodies; set a body's missing competences and e-mail domains."""
    return is_organiser(user)


# See who acts for a body and its e-mail domains: organisers and the body's confirmed members.
can_view_members = rule("territories.view_members", is_organiser | is_member)


@rule("territories.join")
def can_join(user, territory=None):
    """Ask to act for a body: any logged-in person, for a body still in the registry."""
    return user is not None and (territory is None or territory.is_active)


# Accept or decline requests to join a body and change its members' roles: organisers and its
# confirmed referents.
can_manage_members = rule("territories.manage_members", is_organiser | is_referent)


# Invite colleagues by e-mail: organisers and the body's confirmed members (roles: see `invitable_roles`).
can_invite = rule("territories.invite", is_organiser | is_member)


@rule("territories.review_requests")
def can_review_requests(user, obj=None):
    """The organisers' list of every pending request to join a body."""
    return is_organiser(user)


@rule("territories.import")
def can_import(user, obj=None):
    """Refresh the national registry from the official data: it changes every edition's bodies at once."""
    return is_platform_admin(user)
