"""Readers see the photo: on the article page and its card, in social cards, JSON-LD and feeds."""

import json
import re
from html.parser import HTMLParser

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ArticleFactory, ImageFactory
from tests.images.pictures import GPS_IFD, opened

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the JSON-LD blocks."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.jsonld, self._in_jsonld = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_jsonld = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(json.loads(data))
            self._in_jsonld = False

    def all(self, tag, **attrs):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def meta(self, key):
        found = [a["content"] for t, a in self.tags if t == "meta" and key in (a.get("property"), a.get("name"))]
        return found[0] if found else None


@pytest.fixture
def article():
    image = ImageFactory(
        alt_text="Des secouristes fouillent les décombres d'un immeuble",
        caption="Des secouristes fouillent les décombres, jeudi à Idleb.",
        credit="AFP / Omar Haj Kadour",
    )
    return ArticleFactory(headline="Frappes meurtrières sur Idleb", image=image)


def test_the_article_page_shows_the_photo_at_the_size_the_screen_needs_with_caption_and_credit(client, article):
    page = client.get(article.get_absolute_url()).content.decode()

    (img,) = Tags(page).all("img")
    image = article.image
    assert img["alt"] == "Des secouristes fouillent les décombres d'un immeuble"
    assert img["src"] == image.rendition_list()[2].url and (img["width"], img["height"]) == ("960", "640")
    assert [part.split()[-1] for part in img["srcset"].split(", ")] == ["320w", "640w", "960w", "1280w", "1600w"]
    assert "sizes" in img
    # Browsers that read WebP take the lighter twin, at the same widths.
    (source,) = Tags(page).all("source", type="image/webp")
    assert source["srcset"] == image.srcset.replace(".jpg", ".webp") and source["sizes"] == img["sizes"]
    caption = re.search(r"<figcaption>(.*?)</figcaption>", page, re.S).group(1)
    assert "Des secouristes fouillent les décombres, jeudi à Idleb." in caption
    assert "Photo : AFP / Omar Haj Kadour" in caption


def test_what_readers_download_carries_no_gps_position(client, article):
    page = Tags(client.get(article.get_absolute_url()).content.decode())
    url = page.all("img")[0]["src"]

    response = client.get(url)

    assert response.status_code == 200
    picture = opened(b"".join(response.streaming_content))
    assert not picture.getexif().get_ifd(GPS_IFD)


def test_the_original_is_not_served(client, article):
    assert client.get("/media/" + article.image.original.name).status_code == 404


def test_the_card_on_the_latest_news_shows_a_lazy_thumbnail(client, article):
    ArticleFactory(headline="Sans photo")
    page = Tags(client.get("/").content.decode())

    (img,) = page.all("img")
    assert img["loading"] == "lazy" and img["alt"] == article.image.alt_text
    assert img["sizes"] == "8rem" and "320w" in img["srcset"]


def test_social_cards_and_json_ld_give_the_largest_rendition_with_its_size(client, article):
    page = Tags(client.get(article.get_absolute_url()).content.decode())
    largest = article.image.rendition_list()[-1]
    absolute = "http://testserver" + largest.url

    assert page.meta("og:image") == absolute
    assert (page.meta("og:image:width"), page.meta("og:image:height")) == ("1600", "1067")
    assert page.meta("og:image:alt") == article.image.alt_text
    assert page.meta("twitter:card") == "summary_large_image"
    (data,) = page.jsonld
    assert data["image"] == {
        "@type": "ImageObject",
        "url": absolute,
        "width": 1600,
        "height": 1067,
        "caption": "Des secouristes fouillent les décombres, jeudi à Idleb.",
        "creditText": "AFP / Omar Haj Kadour",
    }


def test_an_article_without_a_photo_announces_none(client):
    article = ArticleFactory()
    page = Tags(client.get(article.get_absolute_url()).content.decode())

    assert page.meta("og:image") is None and page.meta("twitter:card") == "summary"
    assert "image" not in page.jsonld[0] and not page.all("img") and not page.all("figure")


@pytest.mark.parametrize("feed_name", ["articles:feed_rss", "articles:feed_atom"])
def test_feeds_give_the_photo_as_an_enclosure_with_its_whole_address(client, article, feed_name):
    feed = feedparser.parse(client.get(reverse(feed_name)).content)

    (entry,) = feed.entries
    (enclosure,) = entry.enclosures
    rendition = article.image.rendition_list()[2]
    assert enclosure.href == "http://testserver" + rendition.url
    assert (enclosure.type, int(enclosure.length)) == ("image/jpeg", rendition.size)


def test_a_new_alt_text_reaches_the_cached_page_and_card_at_once(client, article):
    client.get(article.get_absolute_url())
    client.get("/")
    image = article.image

    image.alt_text = "Un secouriste tient un enfant blessé"
    image.save()

    assert Tags(client.get(article.get_absolute_url()).content.decode()).all("img")[0]["alt"] == image.alt_text
    assert Tags(client.get("/").content.decode()).all("img")[0]["alt"] == image.alt_text


def test_a_photo_costs_the_article_page_no_query(client, settings):
    plain = ArticleFactory(headline="Sans photo")
    pictured = ArticleFactory(headline="Avec photo", image=ImageFactory())

    # What a process reads once and keeps (content types, the alert banner's copy) is read before counting.
    client.get(ArticleFactory(headline="Avant").get_absolute_url())
    counts = {}
    for name, url in (("plain", plain.get_absolute_url()), ("pictured", pictured.get_absolute_url())):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)

    assert counts["pictured"] == counts["plain"]


def test_a_photo_whose_renditions_are_still_being_made_is_left_out_never_broken_then_shown(client):
    from images.models import Image
    from tests.images.pictures import camera_jpeg
    from tests.support import run_queued_tasks

    image = Image(alt_text="Un convoi humanitaire à l'entrée d'Alep", caption="Un convoi, mardi à Alep.")
    image.set_original(camera_jpeg(seed=7), "alep.jpg")
    image.save()
    article = ArticleFactory(headline="Un convoi humanitaire entre dans Alep", image=image)

    pending = Tags(client.get(article.get_absolute_url()).content.decode())
    assert pending.all("img") == [] and pending.all("figure") == []
    assert pending.meta("og:image") is None
    card = Tags(client.get(reverse("articles:latest")).content.decode())
    assert card.all("img") == []

    run_queued_tasks()  # the worker makes the renditions
    (img,) = Tags(client.get(article.get_absolute_url()).content.decode()).all("img")
    image.refresh_from_db()
    assert img["src"] == image.fallback.url and img["alt"] == "Un convoi humanitaire à l'entrée d'Alep"
