"""A fixed-window request counter per client address, kept in the Django cache (the database
cache by default, shared by every worker, as the login limits are).

`TNL_API_RATE_LIMIT` requests per `TNL_API_RATE_WINDOW` seconds; the client is the address the
login limits use (X-Forwarded-For believed only from TNL_TRUSTED_PROXIES)."""

import math
import time

from django.conf import settings
from django.core.cache import cache

from tnl.accounts.adapters import client_ip


class RateLimited(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def check(request, now=None):
    """Count this request; raise RateLimited(seconds until the window ends) past the limit."""
    limit = settings.TNL_API_RATE_LIMIT
    window = settings.TNL_API_RATE_WINDOW
    if not limit:
        return
    now = time.time() if now is None else now
    start = int(now // window) * window
    key = f"tnl-api-rate:{client_ip(request) or 'unknown'}:{start}"
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
    if count > limit:
        raise RateLimited(max(1, math.ceil(start + window - now)))
