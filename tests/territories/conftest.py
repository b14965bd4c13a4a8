import pytest

from tnl.accounts.models import User
from tnl.territories.enums import Kind
from tnl.territories.importer import EXTRACT_DIR
from tnl.territories.models import Territory
from tnl.territories.services import import_registry

PASSWORD = "correct horse battery staple"


@pytest.fixture
def registry(db):
    """The shipped extract: 5 régions, 8 départements, 4 EPCI, 85 communes."""
    return import_registry(EXTRACT_DIR)


@pytest.fixture
def nancy(registry):
    return Territory.objects.get(kind=Kind.COMMUNE, code="54395")


@pytest.fixture
def grand_nancy(registry):
    return Territory.objects.get(kind=Kind.EPCI, code="245400676")


@pytest.fixture
def organiser(db):
    return User.objects.create_user(email="organiser@example.org", password=PASSWORD, is_organiser=True)


@pytest.fixture
def outsider(db):
    return User.objects.create_user(email="outsider@example.org", password=PASSWORD)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client
