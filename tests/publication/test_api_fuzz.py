"""Schemathesis reads the API's OpenAPI document and sends generated requests in process: no
server error, and every answer conforms to the document (status codes, bodies, headers).

The document is read once at collection (it needs no database); the requests run inside the
test, against the snapshot the fixture publishes, with the rate limit off."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tnl.wsgi import application

from .laureates_data import laureate, release

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_the_connection():
    """Requests go through the real WSGI handler, whose end closes a connection left in a
    transaction (the test's, on PostgreSQL); Django's test client disconnects the same hooks."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def published(db, settings, keep_the_connection):
    settings.TNL_API_RATE_LIMIT = 0  # the fuzzer sends many requests from one address
    live = release(2026)
    laureate(live, "Nancy", "54395", level=3, mentions=["mutualisation"])
    laureate(live, "Région Grand Est", "44", level=4, kind="region", departement=None, size_class="")
    laureate(release(2025), "Nancy", "54395", level=2)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_conforms_to_its_document(case, published):
    case.call_and_validate()
