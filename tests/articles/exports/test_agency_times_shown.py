"""The agency's times on the article page ("Dépêche AFP du …") and in the ninjs export."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.exports.test_ninjs_export import assert_valid, ninjs_validator  # noqa: F401
from tests.articles.ingest.items import ninjs

pytestmark = pytest.mark.django_db
URI = "urn:newsml:afp.com:20261204:times"


def dispatch(ingest, **times):
    item = ninjs(URI, version="3", infoSources=[{"name": "AFP", "role": "originator"}], **times)
    report = ingest(("afp.json", item), publish=True)
    assert report.counts["created"] == 1, report.results
    return Article.objects.get(wire_id=URI)


def meta_line(client, article, **headers):
    page = client.get(article.get_absolute_url(), **headers).text
    return page.split('<p class="meta">', 1)[1].split("</p>", 1)[0]


def test_the_page_says_when_the_agency_sent_the_dispatch_and_updated_it(client, ingest):
    article = dispatch(ingest, firstCreated="2026-12-04T08:05:00Z", versionCreated="2026-12-04T10:30:00Z")

    meta = meta_line(client, article)
    assert 'Dépêche AFP du <time datetime="2026-12-04T09:05:00+01:00">4 décembre 2026 à 09:05</time>' in meta
    assert ', mise à jour le <time datetime="2026-12-04T11:30:00+01:00">4 décembre 2026 à 11:30</time>' in meta


def test_a_first_version_shows_no_update_and_a_story_of_ours_no_dispatch_line(client, ingest):
    article = dispatch(ingest, firstCreated="2026-12-04T08:05:00Z", versionCreated="2026-12-04T08:05:00Z")
    meta = meta_line(client, article)
    assert "Dépêche AFP du" in meta and "mise à jour le" not in meta

    article.wire_first_created = article.wire_version_created = None
    article.save()
    assert "Dépêche" not in meta_line(client, article)


def test_an_english_reader_reads_the_dispatch_line_in_english(client, ingest):
    article = dispatch(ingest, firstCreated="2026-12-04T08:05:00Z", versionCreated="2026-12-04T10:30:00Z")

    meta = meta_line(client, article, HTTP_ACCEPT_LANGUAGE="en")
    assert 'AFP dispatch of <time datetime="2026-12-04T09:05:00+01:00">' in meta
    assert ', updated on <time datetime="2026-12-04T11:30:00+01:00">' in meta
    assert "Dépêche" not in meta


def test_the_ninjs_export_keeps_the_agency_times_and_version(client, ingest, ninjs_validator):  # noqa: F811
    article = dispatch(ingest, firstCreated="2026-12-04T08:05:00Z", versionCreated="2026-12-04T10:30:00Z")

    document = client.get(reverse("articles:ninjs", args=[article.pk, article.slug])).json()

    assert_valid(ninjs_validator, document)
    assert document["contentCreated"] == "2026-12-04T08:05:00Z"
    assert document["altIds"] == [
        {"role": "newsdesk:wire-id", "value": URI},
        {"role": "newsdesk:wire-version", "value": "3"},
        {"role": "newsdesk:wire-version-created", "value": "2026-12-04T10:30:00Z"},
    ]
    # firstCreated stays the publication here, as the feeds and the sitemap say.
    published = datetime.fromisoformat(document["firstCreated"].replace("Z", "+00:00"))
    assert published == article.published_at.astimezone(UTC).replace(microsecond=0)
