"""The page cache on the site's own reader pages (articles/views.py and the exports)."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from articles import publishing
from articles.models import Article
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    """An old story with a tag and a quote, and six newer items."""
    old = ArticleFactory(
        headline="Inondations dans le Gard",
        standfirst="Les pluies ont cessé.",
        published_at=timezone.now() - timedelta(days=30),
        tags=["Gard"],
    )
    QuoteFactory(article=old, text="Nous restons mobilisés")
    newer = [ArticleFactory(published_at=timezone.now() - timedelta(minutes=30 - n)) for n in range(6)]
    return old, newer


def outcomes(client, urls):
    return [client.get(url)["X-Page-Cache"] for url in urls]


def test_every_reader_page_is_served_from_the_cache_to_a_reader_with_a_junk_session(desk):
    old, newer = desk
    urls = [
        "/",
        old.get_absolute_url(),
        "/tag/gard/",
        old.quotes.first().source.get_absolute_url(),
        "/flux/rss/",
        "/sitemap.xml",
        "/robots.txt",
    ]
    assert outcomes(Client(), urls) == ["miss"] * len(urls)
    reader = Client()
    reader.cookies["sessionid"] = "0" * 32
    assert outcomes(reader, urls) == ["hit"] * len(urls)
    assert outcomes(reader, ["/?utm_source=lettre", "/tag/gard/?fbclid=x"]) == ["hit", "hit"]


def test_an_edit_to_an_old_article_renders_only_its_page_again(client, desk):
    old, newer = desk
    urls = ["/", "/tag/gard/", newer[0].get_absolute_url(), old.get_absolute_url()]
    outcomes(client, urls)
    old = Article.objects.get(pk=old.pk)  # as the admin loads it
    old.body = "<p>Le bilan est revu.</p>"
    old.save()
    assert outcomes(client, urls) == ["hit", "hit", "hit", "miss"]
    assert "Le bilan est revu." in client.get(old.get_absolute_url()).content.decode()


def test_a_new_headline_on_the_lead_story_shows_on_other_article_pages_and_the_lists(client, desk):
    old, newer = desk
    urls = ["/", old.get_absolute_url()]
    outcomes(client, urls)
    lead = newer[-1]
    lead.headline = "Crue : le Gardon déborde à Alès"
    lead.save()
    for url in urls:
        assert "le Gardon déborde à Alès" in client.get(url).content.decode(), url


def test_a_withdrawn_article_is_never_served_again_even_with_the_database_down(client, desk):
    old, newer = desk
    url = old.get_absolute_url()
    client.get(url)
    publishing.withdraw(Article.objects.filter(pk=old.pk))

    def database_down(execute, sql, params, many, context):
        raise OperationalError("the database is down")

    with connection.execute_wrapper(database_down):
        response = client.get(url)
    assert response.status_code == 503
    assert "Inondations dans le Gard" not in response.content.decode()
    assert client.get(url).status_code == 404
