"""RSS 2.0 and Atom: latest, per tag, per source; discoverable from every page."""

from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def newsroom():
    """Two published stories, and one of each kind readers must not see."""
    now = timezone.now()
    older = ArticleFactory(
        headline="Frappe aérienne à Idleb",
        standfirst="Au moins 29 soldats turcs ont été tués.",
        tags=["Syrie", "Turquie"],
        published_at=now - timedelta(hours=2),
        updated_at=now - timedelta(minutes=30),
    )
    newer = ArticleFactory(headline="Réunion de l'Otan", tags=["Otan"], published_at=now - timedelta(hours=1))
    ArticleFactory(headline="Brouillon secret", status=Article.Status.DRAFT, tags=["Syrie"])
    ArticleFactory(headline="Dépêche retirée", status=Article.Status.WITHDRAWN, tags=["Syrie"])
    ArticleFactory(headline="Sous embargo", published_at=now + timedelta(hours=1), tags=["Syrie"])
    return older, newer


@pytest.mark.parametrize("kind", FORMATS)
def test_latest_feed_lists_published_articles_newest_first_with_teaser_time_and_categories(client, newsroom, kind):
    older, newer = newsroom
    response, feed = parse(client, reverse(f"articles:feed_{kind}"))

    assert [entry.title for entry in feed.entries] == ["Réunion de l'Otan", "Frappe aérienne à Idleb"]
    entry = feed.entries[1]
    assert entry.link == f"http://testserver{older.get_absolute_url()}"
    assert entry.summary == "Au moins 29 soldats turcs ont été tués."
    assert sorted(tag.term for tag in entry.tags) == ["Syrie", "Turquie"]
    assert entry.updated_parsed[:5] == older.updated_at.utctimetuple()[:5]
    assert feed.feed.title == "Dernières Infos — Newsdesk"
    assert feed.feed.language == "fr" if kind == "rss" else True
    expected = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected)


@pytest.mark.parametrize("kind", FORMATS)
def test_tag_feed_carries_only_that_tags_published_articles(client, newsroom, kind):
    _, feed = parse(client, reverse(f"articles:tag_feed_{kind}", args=["syrie"]))

    assert [entry.title for entry in feed.entries] == ["Frappe aérienne à Idleb"]
    assert "Syrie" in feed.feed.title


@pytest.mark.parametrize("kind", FORMATS)
def test_source_feed_carries_the_articles_quoting_that_source(client, newsroom, kind):
    older, _ = newsroom
    source = SourceFactory(name="Hulusi Akar", role="ministre turc de la Défense", slug="hulusi-akar")
    QuoteFactory(article=older, source=source)
    QuoteFactory(article=older, source=source, text="Encore")  # two quotes, one entry
    QuoteFactory(article=Article.objects.get(headline="Brouillon secret"), source=source)

    _, feed = parse(client, reverse(f"articles:source_feed_{kind}", args=["hulusi-akar"]))

    assert [entry.title for entry in feed.entries] == ["Frappe aérienne à Idleb"]
    assert feed.feed.title.startswith("Hulusi Akar, ministre turc de la Défense")


def test_tag_or_source_known_only_from_drafts_has_no_feed(client, newsroom):
    ArticleFactory(status=Article.Status.DRAFT, tags=["Mort du président"])
    source = SourceFactory(slug="source-secrete")
    QuoteFactory(article=Article.objects.get(headline="Brouillon secret"), source=source)

    assert client.get(reverse("articles:tag_feed_rss", args=["mort-du-president"])).status_code == 404
    assert client.get(reverse("articles:source_feed_atom", args=["source-secrete"])).status_code == 404
    assert client.get(reverse("articles:tag_feed_rss", args=["inconnu"])).status_code == 404


@pytest.mark.parametrize("kind", FORMATS)
def test_no_unpublished_article_in_any_feed(client, newsroom, kind):
    for url in (reverse(f"articles:feed_{kind}"), reverse(f"articles:tag_feed_{kind}", args=["syrie"])):
        text = client.get(url).text
        for hidden in ("Brouillon secret", "Dépêche retirée", "Sous embargo"):
            assert hidden not in text


def test_every_page_announces_the_feeds_and_a_tag_page_its_own(client, newsroom):
    home = client.get(reverse("articles:latest")).text
    tag_page = client.get(reverse("articles:tag", args=["syrie"])).text

    for page in (home, tag_page):
        assert f'type="application/rss+xml" title="Dernières Infos (RSS)" href="{reverse("articles:feed_rss")}"' in page
        assert (
            f'type="application/atom+xml" title="Dernières Infos (Atom)" href="{reverse("articles:feed_atom")}"' in page
        )
    assert f'href="{reverse("articles:tag_feed_rss", args=["syrie"])}"' in tag_page
    assert "tag_feed" not in home and "/flux/tag/" not in home


def test_source_page_announces_its_own_feeds(client, newsroom):
    older, _ = newsroom
    QuoteFactory(article=older, source=SourceFactory(name="Hulusi Akar", slug="hulusi-akar"))

    page = client.get(reverse("articles:source", args=["hulusi-akar"])).text

    assert f'href="{reverse("articles:source_feed_rss", args=["hulusi-akar"])}"' in page
    assert f'href="{reverse("articles:source_feed_atom", args=["hulusi-akar"])}"' in page


def test_cached_feed_shows_a_newly_published_article_at_once(client, newsroom):
    url = reverse("articles:feed_rss")
    assert client.get(url)["xkey"] == "lists"  # purged with every list when an article is published

    ArticleFactory(headline="Dernière minute")
    _, feed = parse(client, url)

    assert feed.entries[0].title == "Dernière minute"


@pytest.mark.parametrize(
    "path",
    ["/flux/tag/%00/rss/", "/flux/source/a%00b/atom/", "/flux/tag/inconnu/atom/", "/flux/tag/" + "x" * 3000 + "/rss/"],
)
def test_absurd_feed_urls_are_404_not_500(client, path):
    assert client.get(path).status_code == 404
