"""The fixed cast of the permission tables: visitor, outsider, organiser, admin (and, per app,
member, juror...). One test per (page or action, role)."""

from pathlib import Path

import pytest

from tests.factories import UserFactory

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _french_by_default(settings):
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Tests create many people; PBKDF2 would spend most of the suite's time hashing passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser(db):
    return UserFactory(email="organiser@example.org", full_name="Olga Organisatrice", is_organiser=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", full_name="Ada Admin", is_superuser=True, is_staff=True)


@pytest.fixture
def outsider(db):
    """Logged in, but holds no role that matters here."""
    return UserFactory(email="outsider@example.org", full_name="Oscar Outsider")


@pytest.fixture
def mini_referential(db):
    from tnl.core.services import SYSTEM
    from tnl.referentials.services import import_referential

    return import_referential(SYSTEM, (DATA / "mini-referential.yaml").read_bytes(), "mini-referential.yaml")


@pytest.fixture
def login(client):
    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login
