"""The fragments cache (newsdesk/cache.py): an empty cache, never an error, while Redis is down."""

import logging

import pytest
from django.core.cache import caches
from django.template import engines

from tests.support import REDIS_URL_FOR_TESTS, unreachable_redis_caches

FRAGMENT = engines["django"].from_string(
    '{% load cache %}{% cache 60 story key using="fragments" %}{{ text }}{% endcache %}'
)


@pytest.mark.skipif(not REDIS_URL_FOR_TESTS, reason="REDIS_URL_FOR_TESTS names no Redis: the fragments cache is memory")
def test_a_fragment_is_kept_in_redis_and_shared():
    assert FRAGMENT.render({"key": 1, "text": "premier rendu"}) == "premier rendu"
    assert FRAGMENT.render({"key": 1, "text": "second rendu"}) == "premier rendu"
    assert FRAGMENT.render({"key": 2, "text": "autre clé"}) == "autre clé"


def test_with_redis_down_fragments_are_rendered_and_one_line_is_logged(settings, caplog):
    settings.CACHES = unreachable_redis_caches()
    fragments = caches["fragments"]
    with caplog.at_level(logging.WARNING, logger="newsdesk.cache"):
        assert FRAGMENT.render({"key": 1, "text": "rendu sans cache"}) == "rendu sans cache"
        assert FRAGMENT.render({"key": 1, "text": "rendu encore"}) == "rendu encore"
        assert fragments.get("absent", "défaut") == "défaut"
        assert fragments.get_many(["a", "b"]) == {}
        fragments.set("clé", "valeur")
        assert fragments.add("clé", "valeur") is False
        assert fragments.get_or_set("clé", "calculée") == "calculée"
        fragments.delete("clé")
    assert len([r for r in caplog.records if r.name == "newsdesk.cache"]) == 1
