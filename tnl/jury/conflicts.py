"""Conflicts of interest: which bodies a jury member may not review, and why.

A member is conflicted with a body when:

- they declared it (or an organiser did for them): `Conflict` rows;
- they act for it (a confirmed member or a pending request: `Membership.objects.current()`);
- they act for a body that contains it (its EPCI, département or région);
- they act for a body it contains (a commune of their EPCI, a body of their département or région).

Automatic conflicts are computed here from memberships, never stored, so that they follow a
membership that starts or ends. `ConflictMap` loads everything for a set of members in a fixed
number of queries; the answer for one dossier then needs none.
"""

from django.utils.translation import gettext as _

from tnl.territories.models import Membership

from .models import Conflict

CONTAINERS = ("epci_id", "departement_id", "region_id")


class ConflictMap:
    """The conflicts of the given jury members (`JuryMember` objects), by member id."""

    def __init__(self, members):
        members = list(members)
        self._declared = {member.pk: {} for member in members}
        self._own = {member.pk: {} for member in members}
        by_user = {}
        for member in members:
            by_user.setdefault(member.user_id, []).append(member.pk)
        for conflict in Conflict.objects.filter(member__in=[m.pk for m in members]).select_related("territory"):
            self._declared[conflict.member_id][conflict.territory_id] = conflict
        memberships = (
            Membership.objects.current()
            .filter(user_id__in=by_user)
            .select_related("territory")
            .only(
                "user_id",
                "territory__id",
                "territory__name",
                "territory__kind",
                *(f"territory__{c}" for c in CONTAINERS),
            )
        )
        for membership in memberships:
            for member_pk in by_user[membership.user_id]:
                self._own[member_pk][membership.territory_id] = membership.territory

    def reason(self, member, territory):
        """Why `member` may not review `territory`'s dossier, in words; None when they may."""
        declared = self._declared.get(member.pk, {}).get(territory.pk)
        if declared is not None:
            if declared.reason:
                return _("Declared conflict: %(reason)s") % {"reason": declared.reason}
            return _("Declared conflict with %(body)s") % {"body": territory.name}
        own = self._own.get(member.pk, {})
        if territory.pk in own:
            return _("Acts for %(body)s") % {"body": territory.name}
        for container in CONTAINERS:
            container_id = getattr(territory, container)
            if container_id in own:
                return _("Acts for %(body)s, which contains %(candidate)s") % {
                    "body": own[container_id].name,
                    "candidate": territory.name,
                }
        for body in own.values():
            if territory.pk in {getattr(body, container) for container in CONTAINERS}:
                return _("Acts for %(body)s, which %(candidate)s contains") % {
                    "body": body.name,
                    "candidate": territory.name,
                }
        return None

    def is_conflicted(self, member, territory):
        return self.reason(member, territory) is not None


def conflict_reason(member, territory):
    """The reason `member` is conflicted with `territory`, or None (a few queries; for one pair)."""
    return ConflictMap([member]).reason(member, territory)
