"""Helpers for the badge and credential tests: an edition published (files built), its files."""

import pytest

from tnl.publication.models import PublishedResult
from tnl.publication.services import publish_edition, unpublish_edition
from tnl.publication.site import current_folder

from .publishing import deliberated


def published_file(path):
    """The bytes of a published file of the current build, or None."""
    folder = current_folder()
    target = folder / path if folder else None
    return target.read_bytes() if target and target.is_file() else None


@pytest.fixture
def published(edition, organiser, submitted, other_submitted, django_capture_on_commit_callbacks):
    """Nancy's result, published at level 1 with the files built."""
    deliberated(edition, organiser, submitted, other_submitted)
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(organiser, edition)
    return PublishedResult.objects.select_related("release").get()


def withdraw(organiser, edition, django_capture_on_commit_callbacks, reason="A score was wrong"):
    edition.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_edition(organiser, edition, reason)
