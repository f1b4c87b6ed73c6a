"""Bench settings with no fragment cache: every page rendered whole by templates and the ORM."""

from bench.settings import *  # noqa: F403

CACHES = {
    **CACHES,  # noqa: F405
    "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
