"""A control character pasted into a headline, a tag or a source: every feed and sitemap stays XML."""

from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def pasted():
    """A published article whose headline, tag and source came through a word processor."""
    article = ArticleFactory(
        headline="Séisme\x0bau Japon\x1b : bilan\x08",
        standfirst="Un séisme\x0c de magnitude 7.",
        tags=["Asie\x01"],
        published_at=timezone.now() - timedelta(hours=1),
        agency="",
        byline="",
    )
    source = SourceFactory(name="Agence\x0b météo", slug="agence-meteo")
    QuoteFactory(article=article, source=source)
    return article


@pytest.mark.parametrize(
    "url",
    [
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        reverse("articles:tag_feed_rss", args=["asie"]),
        reverse("articles:tag_feed_atom", args=["asie"]),
        reverse("articles:source_feed_rss", args=["agence-meteo"]),
        reverse("articles:source_feed_atom", args=["agence-meteo"]),
    ],
)
def test_every_feed_stays_readable_with_the_headline_cleaned(client, pasted, url):
    response = client.get(url)

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    assert entry.title == "Séisme au Japon : bilan"
    assert entry.summary == "Un séisme de magnitude 7."
    assert entry.author == "Newsdesk"  # Atom: every entry has an author (RFC 4287)
    assert "\x0b" not in feed.feed.title and "\x01" not in feed.feed.title


def test_news_sitemap_stays_xml_with_the_headline_cleaned(client, pasted):
    response = client.get(reverse("articles:news_sitemap"))

    root = ElementTree.fromstring(response.content)  # raises on a control character
    assert [title.text for title in root.iter(f"{NEWS}title")] == ["Séisme au Japon : bilan"]


@pytest.mark.parametrize("section", ["articles", "tags"])
def test_sitemap_pages_stay_xml(client, pasted, section):
    response = client.get(reverse("articles:sitemap_section", args=[section]))

    root = ElementTree.fromstring(response.content)
    assert len(list(root)) == 1
