"""Reader links are built from the app's root, reversed once: they must be exactly what reverse() gives."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix
from taggit.models import Tag

from articles.models import Article, Source, Story
from articles.templatetags.links import tag_url

SLUGS = ["soldats-turcs-tues", "défense-antiaérienne", "a b", "50%", "l'otan", "x~y:z@w", "?q=1#top"]


@pytest.fixture(params=["/", "/info/"])
def script_prefix(request):
    """The site served at the root, then under a sub-path (SCRIPT_NAME), as behind some proxies."""
    set_script_prefix(request.param)
    yield request.param
    clear_script_prefix()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_reader_link_is_the_one_reverse_gives(script_prefix, slug):
    article = Article(pk=12, slug=slug)
    assert article.get_absolute_url() == reverse("articles:detail", kwargs={"pk": 12, "slug": slug})
    assert Source(slug=slug).get_absolute_url() == reverse("articles:source", kwargs={"slug": slug})
    assert Story(slug=slug).get_absolute_url() == reverse("articles:story", kwargs={"slug": slug})
    assert tag_url(Tag(slug=slug)) == reverse("articles:tag", args=[slug])
    assert article.get_absolute_url().startswith(script_prefix)


def test_an_article_link_leads_to_its_page(client, db):
    from tests.factories import ArticleFactory

    article = ArticleFactory(headline="Au moins 29 soldats turcs tués", tags=["Syrie"])
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    tag_page = client.get(tag_url(Tag.objects.get(name="Syrie")))
    assert tag_page.status_code == 200 and "Au moins 29 soldats turcs tués" in tag_page.text
