"""The two ways a service says no, and how pages answer each.

- `NotAllowed`: this actor may not do this at all (not a member, not an organiser…). Pages
  answer 404, exactly as for an object that does not exist, so that outsiders learn nothing.
  It is both a `PermissionDenied` (what it means) and an `Http404` (what Django answers:
  its handler checks `Http404` first), so no view has to catch it.
- `Refused`: the actor may do this in principle, but not now (the edition is closed, the
  dossier is submitted, the body would lose its last referent…). It carries a message for the
  user; pages show it as a message or as form errors and change nothing. It is a
  `ValidationError`, so `except ValidationError` in views and forms catches it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


class NotAllowed(Http404, PermissionDenied):
    """The actor may not do this: answered as a 404 Not Found."""


class Refused(ValidationError):
    """Allowed in principle, refused now: the message says why (shown to the user)."""
