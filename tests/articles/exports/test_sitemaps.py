"""sitemap.xml, the Google News sitemap and robots.txt."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.exports.sitemaps import ArticleSitemap
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


@pytest.fixture
def articles():
    now = timezone.now()
    fresh = ArticleFactory(
        headline="Frappe <aérienne> & riposte", tags=["Syrie"], published_at=now - timedelta(hours=3), language="fr"
    )
    old = ArticleFactory(headline="Archive de la semaine", tags=["Otan"], published_at=now - timedelta(days=3))
    corrected = ArticleFactory(
        headline="Bilan corrigé",
        published_at=now - timedelta(hours=5),
        correction="Le bilan était faux.",
        language="en-GB",
    )
    ArticleFactory(headline="Brouillon secret", status=Article.Status.DRAFT, tags=["Secret"])
    ArticleFactory(headline="Sous embargo", published_at=now + timedelta(hours=1), tags=["Embargo"])
    ArticleFactory(headline="Dépêche retirée", status=Article.Status.WITHDRAWN, published_at=now - timedelta(hours=1))
    return fresh, old, corrected


def urls_of_the_index(client):
    """Return {loc: lastmod} of every URL of every page the sitemap index lists."""
    index = xml(client, reverse("articles:sitemap"))
    assert index.tag == f"{SITEMAP}sitemapindex"
    entries = {}
    for page in index:
        root = xml(client, page.findtext(f"{SITEMAP}loc").removeprefix("http://testserver"))
        assert root.tag == f"{SITEMAP}urlset"
        entries.update({url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root})
    return entries


def test_sitemap_index_lists_article_and_tag_pages_with_their_latest_change(client, articles):
    fresh, _old, corrected = articles
    index = xml(client, reverse("articles:sitemap"))

    pages = {page.findtext(f"{SITEMAP}loc"): page.findtext(f"{SITEMAP}lastmod") for page in index}
    corrected.refresh_from_db()
    latest = max(fresh.published_at, corrected.modified)
    assert pages == {
        "http://testserver/sitemap-articles.xml": f"{latest:%Y-%m-%dT%H:%M:%SZ}",
        "http://testserver/sitemap-tags.xml": f"{fresh.published_at:%Y-%m-%dT%H:%M:%SZ}",
        # No article is in a section yet.
        "http://testserver/sitemap-sections.xml": None,
    }


def test_a_large_archive_is_split_into_pages_each_listed_by_the_index(client, articles, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)

    index = xml(client, reverse("articles:sitemap"))

    locs = [page.findtext(f"{SITEMAP}loc") for page in index]
    assert locs[:2] == ["http://testserver/sitemap-articles.xml", "http://testserver/sitemap-articles.xml?p=2"]
    assert len(xml(client, "/sitemap-articles.xml?p=2")) == 1  # three articles, two a page
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404


def test_sitemap_lists_published_articles_with_lastmod_and_tag_pages(client, articles):
    fresh, old, corrected = articles
    entries = urls_of_the_index(client)
    base = "http://testserver"
    assert set(entries) == {
        base + fresh.get_absolute_url(),
        base + old.get_absolute_url(),
        base + corrected.get_absolute_url(),
        base + reverse("articles:tag", args=["syrie"]),
        base + reverse("articles:tag", args=["otan"]),
    }
    assert entries[base + old.get_absolute_url()] == f"{old.published_at:%Y-%m-%dT%H:%M:%SZ}"
    # A correction is a change: lastmod follows the last save, not the publication.
    corrected.refresh_from_db()
    assert entries[base + corrected.get_absolute_url()] == f"{corrected.modified:%Y-%m-%dT%H:%M:%SZ}"


def test_news_sitemap_has_the_last_48_hours_with_publication_language_date_and_title(client, articles):
    fresh, _, corrected = articles
    root = xml(client, reverse("articles:news_sitemap"))

    assert root.tag == f"{SITEMAP}urlset"
    urls = root.findall(f"{SITEMAP}url")
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [
        f"http://testserver{fresh.get_absolute_url()}",
        f"http://testserver{corrected.get_absolute_url()}",
    ]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsdesk"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "fr"
    assert news.findtext(f"{NEWS}title") == "Frappe <aérienne> & riposte"
    assert news.findtext(f"{NEWS}publication_date") == f"{fresh.published_at:%Y-%m-%dT%H:%M:%SZ}"
    assert urls[1].findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") == "en"


@pytest.mark.parametrize("url", ["/sitemap-articles.xml", "/sitemap-tags.xml", "/sitemap-news.xml"])
def test_no_unpublished_article_or_draft_tag_in_the_sitemaps(client, articles, url):
    text = client.get(url).text

    for hidden in ("brouillon-secret", "sous-embargo", "depeche-retiree", "/tag/secret/", "/tag/embargo/"):
        assert hidden not in text


def test_robots_txt_points_at_both_sitemaps_and_keeps_crawlers_out_of_the_desk(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /apercu/" in lines


def test_news_sitemap_gives_each_described_photo_at_its_largest(client):
    from tests.factories import ImageFactory

    pictured = ArticleFactory(headline="Avec photo", image=ImageFactory())
    ArticleFactory(headline="Photo à décrire", image=ImageFactory(alt_text=""), published_at=timezone.now())
    ArticleFactory(headline="Sans photo")

    root = xml(client, reverse("articles:news_sitemap"))

    photos = {
        url.findtext(f"{NEWS}news/{NEWS}title"): url.findtext(f"{IMAGE}image/{IMAGE}loc")
        for url in root.findall(f"{SITEMAP}url")
    }
    assert photos == {
        "Avec photo": "http://testserver" + pictured.image.rendition_list()[-1].url,
        "Photo à décrire": None,
        "Sans photo": None,
    }
