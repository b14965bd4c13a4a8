"""Several app servers share one cache: with Redis (`TNL_CACHE_BACKEND=...RedisCache`), the failed
logins and the API's rate limit are counted once for every process, as with the database cache.

Runs against the Redis server of the machine (127.0.0.1:6379, as in CI), under a key prefix of its
own that it deletes afterwards; skipped when no Redis answers there."""

import socket
import uuid

import pytest
import redis
from django.core.cache import caches

from tests.accounts.test_login_limits import TOO_MANY, attempt, errors
from tests.factories import PASSWORD, UserFactory

REDIS = "redis://127.0.0.1:6379/0"


def _redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_answers(), reason="no Redis server on 127.0.0.1:6379"),
]


@pytest.fixture
def redis_cache(settings):
    prefix = f"tnl-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": prefix}
    }
    yield prefix
    server = redis.Redis.from_url(REDIS)
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


def other_process_cache():
    """What another app server's cache object sees: a new connection to the same server."""
    return caches.create_connection("default")


def test_failed_logins_are_counted_once_for_every_process(client, redis_cache):
    user = UserFactory(email="camille.martin@mairie-exemple.fr")
    client.cookies["django_language"] = "en"
    for _ in range(5):
        attempt(client, user.email, "wrong-password")
    # allauth's two counters: per account (hashed) and address, and per address.
    keys = sorted(key.decode() for key in redis.Redis.from_url(REDIS).scan_iter(match=f"{redis_cache}:*login_failed*"))
    assert [key.split(":login_failed:")[1].split("/")[0] for key in keys] == ["10", "5"]
    assert [len(other_process_cache().get(key.split(":", 2)[2])) for key in keys] == [5, 5]
    assert errors(attempt(client, user.email, PASSWORD)) == [TOO_MANY]


def test_the_api_rate_limit_is_shared(client, redis_cache, settings):
    settings.TNL_API_RATE_LIMIT = 2
    settings.TNL_API_RATE_WINDOW = 3600  # one fixed window for the whole test
    assert client.get("/api/v1/editions").status_code == 200
    # A request answered by another app server counts in the same window.
    (key,) = [key.decode() for key in redis.Redis.from_url(REDIS).scan_iter(match=f"{redis_cache}:*")]
    assert other_process_cache().incr(key.split(":", 2)[2]) == 2
    response = client.get("/api/v1/editions")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many requests: try again in ")
