import pytest
from django.core.cache import cache

from .fake_oidc import FakeProvider

BACKEND = "tnl.accounts.oidc.OIDCBackend"


@pytest.fixture
def provider():
    fake = FakeProvider().start()
    yield fake
    fake.stop()


@pytest.fixture
def oidc_enabled(settings, provider):
    """OIDC turned on against the fake provider, as the settings would with TNL_OIDC_ENABLED."""
    settings.TNL_OIDC_ENABLED = True
    settings.TNL_OIDC_PROVIDER_NAME = "ProConnect"
    settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    return provider


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read pages and e-mails in English, the source language: the French wording
    is the catalogue's business (tests/test_translations.py checks it is complete)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """allauth counts attempts in the cache (e.g. 3 login codes a minute per address), a database
    table: start clean."""
    cache.clear()
