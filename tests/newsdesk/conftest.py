"""The page cache's tests: real Redis when REDIS_URL_FOR_TESTS names one, a fake clock, small views of their own.

REDIS_URL_FOR_TESTS names a Redis database that holds nothing else (the suite
clears it before every test); without it both caches are this process's memory.
"""

import time

import pytest

from tests.support import REDIS_URL_FOR_TESTS, redis_caches  # noqa: F401  (redis_caches: used by the tests)


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
