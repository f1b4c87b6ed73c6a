"""A Redis cache for page fragments that never fails a page: with Redis down, it is an empty cache.

``{% cache … using="fragments" %}`` reads and writes through it. When Redis
does not answer, a read returns the default (the fragment is rendered), a
write does nothing, one line is logged, and Redis is left alone for a few
seconds so that each fragment does not wait on a dead socket again.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

BACKOFF_SECONDS = 2


class FragmentCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis is unavailable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._backoff_until = 0.0

    def _call(self, method, fallback, *args, **kwargs):
        if time.monotonic() < self._backoff_until:
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except Exception as exc:  # redis-py's errors, and the OS's for a refused socket
            with self._lock:
                if time.monotonic() >= self._backoff_until:
                    log.warning("fragment cache unavailable, rendering fragments for %ss: %r", BACKOFF_SECONDS, exc)
                self._backoff_until = time.monotonic() + BACKOFF_SECONDS
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Like Django's, the keys that could not be stored: all of them.
        return self._call("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def clear(self):
        return self._call("clear", None)
