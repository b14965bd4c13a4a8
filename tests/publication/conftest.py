from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.jury.conftest import other_submitted, submitted  # noqa: F401  (the dossiers the jury decides on)
from tests.publication.issued import published  # noqa: F401  (Nancy's result, published, files built)
from tnl.editions import services
from tnl.territories.enums import Kind, MembershipRole, MembershipStatus
from tnl.territories.models import Membership, Territory

ROLES = ["visitor", "outsider", "member", "organiser"]


@pytest.fixture
def open_edition(organiser, mini_referential):
    now = timezone.now()
    return services.create_edition(
        organiser,
        2027,
        mini_referential,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        ceremony_on=timezone.localdate(now + timedelta(days=60)),
    )


@pytest.fixture
def draft_edition(organiser, mini_referential):
    return services.create_edition(organiser, 2028, mini_referential)


@pytest.fixture
def body(db):
    return Territory.objects.create(kind=Kind.COMMUNE, code="54395", name="Nancy", population=104000)


@pytest.fixture
def member(body):
    user = UserFactory(email="member@example.org", full_name="Marie Membre")
    Membership.objects.create(
        user=user,
        territory=body,
        role=MembershipRole.ELECTED_REFERENT,
        status=MembershipStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    return user


@pytest.fixture
def user_for(request):
    def _user(role):
        return None if role == "visitor" else request.getfixturevalue(role)

    return _user
