"""Permissions, declared once and shared by pages, templates and (later) the API.

A permission is a named predicate `(user, obj) -> bool`. Views fetch protected objects
through `get_object_or_404_for` so that an outsider gets a 404, never a hint that the
object exists. Each app declares its permissions in its own `rules.py` with `@rule`.
"""

from django.http import Http404

_RULES = {}


def rule(name):
    def register(predicate):
        if name in _RULES:
            raise ValueError(f"permission {name!r} is declared twice")
        _RULES[name] = predicate
        return predicate

    return register


def has_perm(user, name, obj=None):
    try:
        predicate = _RULES[name]
    except KeyError:
        raise KeyError(f"unknown permission {name!r}") from None
    if user is None or not user.is_authenticated or not user.is_active:
        user = None
    return bool(predicate(user, obj))


def require(user, name, obj=None):
    """Raise 404 unless `user` holds `name` on `obj`."""
    if not has_perm(user, name, obj):
        raise Http404


def get_object_or_404_for(user, name, queryset, **lookup):
    """Fetch one object and check `name` on it; absent and forbidden look the same (404)."""
    try:
        obj = queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    require(user, name, obj)
    return obj


def registered():
    return dict(_RULES)


# Shared predicates used by several apps' rules.
def is_platform_admin(user):
    return user is not None and user.is_superuser


def is_organiser(user):
    return user is not None and (user.is_organiser or user.is_superuser)
