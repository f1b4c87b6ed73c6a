"""Sounds, videos, packages and agenda items are never published as empty articles; pictures go to the library."""

import json

import pytest

from articles.models import Article
from images.models import Image
from tests.articles.ingest.items import ninjs

pytestmark = pytest.mark.django_db
NAR = "http://iptc.org/std/nar/2006-10-01/"

PICTURE = {
    "uri": "urn:newsdesk:photo:20261127:0412",
    "type": "picture",
    "version": "1",
    "versionCreated": "2026-11-27T09:12:00Z",
    "headlines": [{"role": "main", "value": "Des secouristes dans les décombres à Idleb"}],
    "descriptions": [{"role": "caption", "value": "Des secouristes fouillent un immeuble effondré, jeudi."}],
    "renditions": [
        {"name": "original", "href": "https://photos.example.org/0412.jpg", "width": 4000, "height": 2667},
        {"name": "thumbnail", "href": "https://photos.example.org/0412-t.jpg", "width": 320, "height": 213},
    ],
    "by": "Omar Haj Kadour",
}


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("graphic", "infographie : pas un article, non importée"),
        ("audio", "son : pas un article, non importé"),
        ("video", "vidéo : pas un article, non importée"),
        ("composite", "paquet de contenus : pas un article, non importé"),
        ("event", "événement de l'agenda : pas un article, non importé"),
        ("hologramme", "contenu de type « hologramme » : pas un article, non importé"),
    ],
)
def test_a_ninjs_item_that_is_not_text_is_skipped_with_what_it_is(ingest, kind, reason):
    (result,) = ingest(("objet.json", json.dumps({**PICTURE, "type": kind}).encode())).results

    assert (result.outcome, result.reason) == ("skipped", reason)
    assert not Article.objects.exists()


NOT_FETCHED = (
    "photo non récupérée : l'hôte de « https://photos.example.org/0412.jpg » n'est pas dans NEWSDESK_WIRE_PICTURE_HOSTS"
)


def test_a_ninjs_picture_is_never_an_article_and_an_unlisted_host_is_not_fetched(ingest):
    (result,) = ingest(("photo.json", json.dumps(PICTURE).encode())).results

    # No host is listed by default: the picture is not downloaded, and the editor is told why.
    assert (result.outcome, result.reason) == ("skipped", NOT_FETCHED)
    assert not Article.objects.exists() and not Image.objects.exists()


def test_a_ninjs_3_package_gives_its_story_the_picture_beside_it_to_attach_when_it_comes(ingest):
    story = json.loads(ninjs("urn:newsdesk:texte:20261127:0413"))
    batch = json.dumps({"items": [PICTURE, story]}).encode()

    report = ingest(("lot.json", batch))

    assert [(r.name, r.outcome) for r in report.results] == [("lot.json [1]", "skipped"), ("lot.json [2]", "created")]
    article = Article.objects.get()
    assert article.wire_id == "urn:newsdesk:texte:20261127:0413"
    # The story is in, without its picture, which it waits for.
    assert (article.image, article.wire_image_ref) == (None, "urn:newsdesk:photo:20261127:0412")
    assert report.results[1].notes == [NOT_FETCHED]


def newsml_message():
    """A NewsML-G2 message as a photo desk sends it: a picture, a story, the package that ties them, a planning."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="{NAR}">
  <header><sent>2026-11-27T10:05:00Z</sent></header>
  <itemSet>
    <newsItem guid="urn:newsml:example.org:20261127:photo-77" version="1" standard="NewsML-G2" standardversion="2.33">
      <itemMeta><itemClass qcode="ninat:picture"/><provider qcode="nprov:EXAMPLE"/>
        <versionCreated>2026-11-27T10:00:00Z</versionCreated></itemMeta>
      <contentMeta><headline>Manifestation devant le Parlement</headline>
        <description role="drol:caption">Des manifestants devant le Parlement, jeudi soir.</description></contentMeta>
      <contentSet><remoteContent href="https://photos.example.org/77.jpg" contenttype="image/jpeg"
        width="3000" height="2000"/></contentSet>
    </newsItem>
    <newsItem guid="urn:newsml:example.org:20261127:texte-78" version="1" standard="NewsML-G2" standardversion="2.33">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:EXAMPLE"/>
        <versionCreated>2026-11-27T10:01:00Z</versionCreated></itemMeta>
      <contentMeta><headline>Des milliers de manifestants devant le Parlement</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml">
        <html xmlns="http://www.w3.org/1999/xhtml"><body><p>Ils étaient plusieurs milliers jeudi soir.</p></body></html>
      </inlineXML></contentSet>
    </newsItem>
    <packageItem guid="urn:newsml:example.org:20261127:paquet-79" version="1" standard="NewsML-G2"
        standardversion="2.33">
      <itemMeta><itemClass qcode="ninat:composite"/><versionCreated>2026-11-27T10:02:00Z</versionCreated></itemMeta>
      <groupSet root="G1"><group id="G1" role="group:main">
        <itemRef residref="urn:newsml:example.org:20261127:texte-78"/>
        <itemRef residref="urn:newsml:example.org:20261127:photo-77"/></group></groupSet>
    </packageItem>
    <planningItem guid="urn:newsml:example.org:20261128:agenda-3" version="1" standard="NewsML-G2"
        standardversion="2.33">
      <itemMeta><itemClass qcode="plinat:newscoverage"/><versionCreated>2026-11-27T10:03:00Z</versionCreated></itemMeta>
    </planningItem>
  </itemSet>
</newsMessage>
""".encode()


def test_a_newsml_message_imports_its_story_and_says_what_the_rest_is(ingest):
    report = ingest(("message.xml", newsml_message()))

    assert [(r.outcome, r.reason) for r in report.results] == [
        (
            "skipped",
            "photo non récupérée : l'hôte de « https://photos.example.org/77.jpg » n'est pas dans "
            "NEWSDESK_WIRE_PICTURE_HOSTS",
        ),
        ("created", ""),
        ("skipped", "paquet de contenus : pas un article, non importé"),
        ("skipped", "prévision de l'agenda : pas un article, non importée"),
    ]
    article = Article.objects.get()
    assert article.headline == "Des milliers de manifestants devant le Parlement"
    # The package ties the story to its picture: the story waits for it.
    assert article.wire_image_ref == "urn:newsml:example.org:20261127:photo-77"


def test_a_lone_newsml_package_item_is_skipped_not_failed(ingest):
    package = f'<packageItem xmlns="{NAR}" guid="urn:paquet" version="1"><itemMeta/></packageItem>'.encode()

    (result,) = ingest(("paquet.xml", package)).results

    assert (result.outcome, result.reason) == ("skipped", "paquet de contenus : pas un article, non importé")
