"""JSON-LD NewsArticle, OpenGraph and Twitter cards on the article page."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory

pytestmark = pytest.mark.django_db

JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
META_RE = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


def jsonld(page):
    (block,) = JSONLD_RE.findall(page)
    return json.loads(block)


def metas(page):
    found = {}
    for key, value in META_RE.findall(page):
        found.setdefault(key, []).append(unescape(value))
    return found


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Au moins 29 soldats turcs tués",
        standfirst="Frappe aérienne attribuée au régime syrien.",
        agency="AFP",
        dateline="Ankara",
        tags=["Turquie", "Syrie"],
        published_at=timezone.now() - timedelta(hours=2),
    )


def test_jsonld_news_article_has_the_required_properties(client, story):
    data = jsonld(client.get(story.get_absolute_url()).text)

    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Au moins 29 soldats turcs tués"
    assert data["description"] == "Frappe aérienne attribuée au régime syrien."
    assert data["datePublished"] == story.published_at.isoformat()
    assert data["dateModified"] == story.published_at.isoformat()
    assert data["author"] == {"@type": "Organization", "name": "AFP"}
    assert data["publisher"]["name"] == "Newsdesk"
    assert data["articleSection"] == "Syrie" and data["keywords"] == ["Syrie", "Turquie"]
    assert data["url"] == f"http://testserver{story.get_absolute_url()}"
    assert data["dateline"] == "Ankara" and data["inLanguage"] == "fr"


def test_update_and_correction_move_date_modified(client, story):
    story.updated_at = timezone.now() - timedelta(hours=1)
    story.save()
    assert jsonld(client.get(story.get_absolute_url()).text)["dateModified"] == story.updated_at.isoformat()

    story.correction = "Le bilan initial était de 22 morts."
    story.save()
    story.refresh_from_db()
    data = jsonld(client.get(story.get_absolute_url()).text)

    assert data["dateModified"] == story.modified.isoformat()
    assert data["correction"]["text"] == "Le bilan initial était de 22 morts."


def test_headline_cannot_close_the_jsonld_script(client):
    article = ArticleFactory(headline='Piège </script><script>alert("x")</script> & co')
    page = client.get(article.get_absolute_url()).text

    assert page.count("</script>") == 1
    assert jsonld(page)["headline"] == 'Piège </script><script>alert("x")</script> & co'


def test_opengraph_and_twitter_cards_use_the_teaser(client, story):
    found = metas(client.get(story.get_absolute_url()).text)

    assert found["og:type"] == ["article"]
    assert found["og:title"] == ["Au moins 29 soldats turcs tués"]
    assert found["og:description"] == ["Frappe aérienne attribuée au régime syrien."]
    assert found["og:url"] == [f"http://testserver{story.get_absolute_url()}"]
    assert found["og:locale"] == ["fr_FR"]
    assert found["article:tag"] == ["Syrie", "Turquie"]
    assert found["twitter:card"] == ["summary"]
    assert found["twitter:title"] == ["Au moins 29 soldats turcs tués"]
    assert found["twitter:description"] == found["og:description"]


def test_staff_preview_of_a_draft_carries_no_cards(client, admin_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Brouillon")
    page = admin_client.get(f"/apercu/article/{draft.pk}/").text

    assert "application/ld+json" not in page and "og:title" not in page and ".json" not in page


def test_article_page_stays_within_seven_queries(client, story, django_assert_max_num_queries):
    QuoteFactory(article=story, featured=True)
    first = CasualtyFigureFactory(article=story)
    CasualtyFigureFactory(article=story, count=33, supersedes=first)
    for _ in range(3):
        ArticleFactory(tags=["Otan"])

    # Six for the article and its parts, one for the sections' menu.
    with django_assert_max_num_queries(7):
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert "NewsArticle" in response.text
