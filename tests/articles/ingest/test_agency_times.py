"""The agency's own times (first created, this version created) are stored, and never erased by a version
that omits them."""

from datetime import UTC, datetime

import pytest

from articles.models import Article
from tests.articles.ingest.items import newsml, ninjs

pytestmark = pytest.mark.django_db


def test_ninjs_agency_times_are_stored_in_utc(ingest):
    ingest(("a.json", ninjs(firstCreated="2026-11-27T08:30:00+01:00", versionCreated="2026-11-27T09:00:00Z")))

    article = Article.objects.get()
    assert article.wire_first_created == datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
    assert article.wire_version_created == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_newsml_version_created_is_stored(ingest):
    ingest(("a.xml", newsml()))

    assert Article.objects.get().wire_version_created == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_a_newer_version_updates_the_version_time_and_keeps_the_first_one_it_omits(ingest):
    ingest(("v1.json", ninjs(firstCreated="2026-11-27T08:30:00Z")))

    ingest(("v2.json", ninjs(version="2", versionCreated="2026-11-27T11:45:00Z")))

    article = Article.objects.get()
    assert article.wire_first_created == datetime(2026, 11, 27, 8, 30, tzinfo=UTC)
    assert article.wire_version_created == datetime(2026, 11, 27, 11, 45, tzinfo=UTC)
