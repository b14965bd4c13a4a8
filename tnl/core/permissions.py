"""Permissions, declared once and shared by services, pages, templates and (later) the API.

The convention:

- A permission is a name ("app.action") bound to a django-rules predicate of `(user, obj)`.
  Each app declares its permissions in its own `rules.py`, either by decorating a function
  (`@rule("app.action")`) or by naming a composition of predicates
  (`rule("jury.review", is_juror & ~is_conflicted)`). Predicates are `@rules.predicate`
  functions, so they compose with `|`, `&` and `~`; shared ones live next to the data they
  read (`is_organiser` here, `is_member`/`is_referent` in `tnl.territories.rules`).
- The rules live in our own `rules.RuleSet` (`RULES`), not in Django's auth backend: nothing
  outside this module reads them, and `user.has_perm` keeps its Django meaning.
- Predicates receive None for anonymous and inactive users, never an `AnonymousUser`.
- A name declared twice raises ValueError at import time; asking for an unknown name raises
  KeyError (a typo must not read as "forbidden").
- Pages fetch protected objects through `get_object_or_404_for` and check actions with
  `require`: an outsider gets a 404 (`NotAllowed`), never a hint that the object exists.
  Templates ask with `{% can "app.action" obj as allowed %}`. Services check with
  `tnl.core.services.ensure`, which also accepts the explicit `SYSTEM` actor.
"""

import rules
from django.http import Http404

from .exceptions import NotAllowed

RULES = rules.RuleSet()


def rule(name, predicate=None):
    """Declare the permission `name`: `@rule(name)` on a function, or `rule(name, predicate)`."""

    def register(predicate):
        if name in RULES:
            raise ValueError(f"permission {name!r} is declared twice")
        RULES[name] = predicate  # wrapped into a rules.Predicate by the RuleSet
        return RULES[name]

    return register if predicate is None else register(predicate)


def person(user):
    """`user` when it is an active, logged-in person, else None (anonymous, inactive, system)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return user


def has_perm(user, name, obj=None):
    if name not in RULES:
        raise KeyError(f"unknown permission {name!r}")
    return bool(RULES.test_rule(name, person(user), obj))


def require(user, name, obj=None):
    """Raise `NotAllowed` (answered as a 404) unless `user` holds `name` on `obj`."""
    if not has_perm(user, name, obj):
        raise NotAllowed(name)


def get_object_or_404_for(user, name, queryset, **lookup):
    """Fetch one object and check `name` on it; absent and forbidden look the same (404)."""
    try:
        obj = queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    require(user, name, obj)
    return obj


def registered():
    return dict(RULES)


# Shared predicates used by several apps' rules.
@rules.predicate
def is_platform_admin(user):
    return user is not None and user.is_superuser


@rules.predicate
def is_organiser(user):
    return user is not None and (user.is_organiser or user.is_superuser)
