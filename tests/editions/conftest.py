"""Fixtures of the edition tests (the cast is in tests/conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tnl.editions import services


@pytest.fixture
def open_edition(organiser, mini_referential):
    """The 2028 edition on the mini referential: opened 10 days ago, closing in 10 days, jury in 15."""
    now = timezone.now()
    return services.create_edition(
        organiser,
        2028,
        mini_referential,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=10),
        jury_on=timezone.localdate(now + timedelta(days=15)),
    )
