"""/healthz as the container's health check and an operator see it."""

import pytest
from django.test import Client

from tests.support import unreachable_redis_caches

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_cache_answer():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_naming_the_cache_when_redis_is_unreachable(settings):
    settings.CACHES = unreachable_redis_caches()
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["cache"].startswith("error")
