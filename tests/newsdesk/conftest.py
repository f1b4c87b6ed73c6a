"""The page cache's tests: real Redis when REDIS_URL_FOR_TESTS names one, a fake clock, small views of their own.

REDIS_URL_FOR_TESTS names a Redis database that holds nothing else (the suite
clears it before every test); without it both caches are this process's memory.
"""

import os
import time

import pytest

REDIS_URL_FOR_TESTS = os.environ.get("REDIS_URL_FOR_TESTS", "").strip()


def redis_caches(url):
    """Return a CACHES setting with both aliases on the Redis at ``url``, as production has them."""
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "newsdesk-tests",
            "OPTIONS": options,
        },
        "fragments": {
            "BACKEND": "newsdesk.cache.FragmentCache",
            "LOCATION": url,
            "KEY_PREFIX": "newsdesk-tests-fragments",
            "OPTIONS": options,
        },
    }


@pytest.fixture(autouse=True)
def shared_cache(settings):
    """Point both caches at the tests' Redis when there is one; return its URL or ''."""
    from django.core.cache import caches

    from newsdesk import pagecache

    if REDIS_URL_FOR_TESTS:
        settings.CACHES = redis_caches(REDIS_URL_FOR_TESTS)
    for alias in settings.CACHES:
        caches[alias].clear()
    pagecache.reset_process_state()
    yield REDIS_URL_FOR_TESTS
    pagecache.reset_process_state()


class FakeClock:
    """Wall time that moves only when a test says so."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """Install a fake clock in the page cache, starting at the real time."""
    from newsdesk import pagecache

    fake = FakeClock(time.time())
    monkeypatch.setattr(pagecache, "clock", fake)
    return fake


@pytest.fixture
def renders():
    """Return the count of renders per path of the test views (tests/newsdesk/urls.py), emptied."""
    from . import urls

    urls.renders.clear()
    return urls.renders
