"""What every service function shares: who acts, and the check it makes first.

Each service takes the actor as its first argument and calls `ensure(actor, permission, obj)`
before changing anything. The actor is either a person (who must hold the permission) or the
explicit `SYSTEM` actor, for what no person asks for: management commands, the demo loader,
background tasks. `None` is never an actor: it is refused like an outsider, so that a
forgotten actor cannot skip the check. The audit log records `SYSTEM` as the system.

A service refuses with `NotAllowed` (the actor may not: pages answer 404) or `Refused`
(allowed, but not now: pages show the message); see `tnl.core.exceptions`.
"""

from .exceptions import NotAllowed, Refused
from .permissions import has_perm

__all__ = ["SYSTEM", "NotAllowed", "Refused", "SystemActor", "ensure"]


class SystemActor:
    """The platform itself acting (commands, demo loader, background tasks). Not a user: it holds
    no permission in `has_perm` (templates and pages never see it), only `ensure` lets it through."""

    pk = None
    is_authenticated = False
    is_active = False
    is_anonymous = False

    def __repr__(self):
        return "SYSTEM"

    def __str__(self):
        return "system"

    def get_full_name(self):
        return "system"


SYSTEM = SystemActor()


def ensure(actor, permission, obj=None):
    """Raise `NotAllowed` unless `actor` is `SYSTEM` or a person holding `permission` on `obj`."""
    if actor is SYSTEM:
        return
    if actor is None or not has_perm(actor, permission, obj):
        raise NotAllowed(permission)
