"""Bench settings with no page cache and no fragment cache: every page rendered by templates and the ORM."""

from bench.settings import *  # noqa: F403

NEWSDESK_PAGE_CACHE_ENABLED = False
CACHES = {
    **CACHES,  # noqa: F405
    "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
