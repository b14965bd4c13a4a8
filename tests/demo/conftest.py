"""The demo loaded once per test module: `load_demo` takes about 30 s, so a module whose tests only
read the demo shares one load (each test runs in a savepoint of it, rolled back at the module's end).
A test of a fresh load (tests/demo/test_demo.py) calls `load_demo` itself, in a module without it."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def published_root(tmp_path_factory):
    """The module's folder of published files (never var/)."""
    return tmp_path_factory.mktemp("published")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, published_root):
    with (
        # The suite's fast hasher (tests/conftest.py), so that the demo's passwords can be checked.
        override_settings(
            TNL_PUBLISHED_ROOT=published_root,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo, db, settings, published_root):
    """The module's demo, with its published files where the site reads them."""
    settings.TNL_PUBLISHED_ROOT = published_root
