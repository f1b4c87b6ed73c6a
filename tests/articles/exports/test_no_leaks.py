"""One sweep over every export: drafts, scheduled and withdrawn articles never appear."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft": {"status": Article.Status.DRAFT},
    "scheduled": {"published_at": timezone.now() + timedelta(hours=6)},
    "withdrawn": {"status": Article.Status.WITHDRAWN},
}


@pytest.mark.parametrize("state", HIDDEN, ids=list(HIDDEN))
def test_unpublished_article_appears_in_no_export(client, state):
    source = SourceFactory(slug="porte-parole")
    visible = ArticleFactory(headline="Visible par tous", tags=["Commun"])
    QuoteFactory(article=visible, source=source)
    options = {"published_at": timezone.now() + timedelta(hours=6)} if state == "scheduled" else HIDDEN[state]
    hidden = ArticleFactory(headline="Zzsecret embargo", slug="zzsecret", tags=["Commun"], **options)
    QuoteFactory(article=hidden, source=source)

    urls = [
        reverse("articles:ninjs_list"),
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        reverse("articles:tag_feed_rss", args=["commun"]),
        reverse("articles:tag_feed_atom", args=["commun"]),
        reverse("articles:source_feed_rss", args=["porte-parole"]),
        reverse("articles:source_feed_atom", args=["porte-parole"]),
        # The articles' page of the sitemap index (the index and the tag page name no article).
        reverse("articles:sitemap_section", args=["articles"]),
        reverse("articles:news_sitemap"),
        visible.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Visible par tous" in response.text or "visible-par-tous" in response.text, url
        assert "Zzsecret" not in response.text and "zzsecret" not in response.text, url
    assert client.get(reverse("articles:ninjs", args=[hidden.pk, hidden.slug])).status_code == 404
