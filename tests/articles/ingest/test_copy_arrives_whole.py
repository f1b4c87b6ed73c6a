"""Real agency copy arrives whole: composites with their pictures, ninjs 1.x keys, text descriptions, flashes,
languages, vignettes and captions kept out of the text, the agency's time, and our teaser never a standfirst."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.ingest.importer import IngestOptions, wire_user
from articles.ingest.watch import DropFolder
from articles.models import Article
from tests.articles.ingest.items import import_through_admin, newsml, ninjs

pytestmark = pytest.mark.django_db

BODY = (
    "<p>Les secours ont dégagé jeudi une dizaine de survivants des décombres d'un immeuble effondré à Idleb, "
    "dans le nord-ouest de la Syrie, a indiqué la Défense civile.</p>"
    "<p>Les recherches se poursuivaient dans la nuit sous une pluie battante.</p>"
)
PICTURE = {
    "name": "mainpic",
    "type": "picture",
    "uri": "urn:ap:photo:IDL-0412",
    "descriptions": [{"role": "caption", "value": "Des secouristes à Idleb, jeudi."}],
}


def item(uri, **fields):
    return json.dumps({"uri": uri, **fields}, ensure_ascii=False).encode()


def test_a_composite_text_item_is_imported_with_its_picture(ingest):
    data = item(
        "urn:ap:composite:1",
        type="composite",
        language="fr",
        headlines=[{"role": "main", "value": "Syrie : des survivants dégagés des décombres à Idleb"}],
        bodies=[{"role": "main", "contentType": "text/html", "value": BODY}],
        associations=[PICTURE],
    )

    report = ingest(("ap.json", data), publish=True)

    assert report.counts["created"] == 1, report.results
    article = Article.objects.get()
    assert "dizaine de survivants" in article.body
    # The picture it announced is awaited, to be its photo when it comes.
    assert article.wire_image_ref == "urn:ap:photo:IDL-0412"
    assert any("photo annoncée" in note for note in report.results[0].notes)


def test_a_composite_whose_text_is_an_association_is_read_from_it(ingest):
    text = {
        "type": "text",
        "headlines": [{"role": "main", "value": "Kenya : les pluies font déborder la rivière Tana"}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": "Des milliers de familles ont fui."}],
    }
    data = item("urn:bw:composite:2", type="composite", language="fr", associations=[text, PICTURE])

    report = ingest(("bw.json", data))

    assert report.counts["created"] == 1, report.results
    article = Article.objects.get()
    assert article.headline == "Kenya : les pluies font déborder la rivière Tana"
    assert "Des milliers de familles ont fui." in article.body
    assert article.wire_image_ref == "urn:ap:photo:IDL-0412"


def test_a_composite_without_text_is_still_skipped_as_a_package(ingest):
    report = ingest(("pictures.json", item("urn:pkg:3", type="composite", associations=[PICTURE])))

    assert report.counts["skipped"] == 1
    assert "paquet" in report.results[0].reason
    assert not Article.objects.exists()


def test_ninjs_1_x_headline_and_body_keys_by_role_are_read(ingest):
    data = item(
        "urn:ninjs16:1",
        type="text",
        language="fr",
        headline_main="Grèce : un incendie menace les faubourgs d'Athènes",
        body_main="<p>Les pompiers luttaient vendredi contre un incendie aux portes d'Athènes.</p>",
    )

    report = ingest(("n16.json", data))

    assert report.counts["created"] == 1, report.results
    article = Article.objects.get()
    assert article.headline == "Grèce : un incendie menace les faubourgs d'Athènes"
    assert article.body == "<p>Les pompiers luttaient vendredi contre un incendie aux portes d'Athènes.</p>"


def test_a_text_sent_as_a_description_of_role_text_is_the_body(ingest):
    data = item(
        "urn:ntb:1",
        type="text",
        language="nb-NO",
        headlines=[{"role": "main", "value": "Regjeringen legger fram statsbudsjettet"}],
        descriptions=[
            {"role": "summary", "value": "Budsjettet legges fram torsdag."},
            {"role": "text", "contentType": "text/html", "value": "<p>Finansministeren presenterer budsjettet.</p>"},
        ],
    )

    ingest(("ntb.json", data), publish=True)

    article = Article.objects.get()
    assert article.body == "<p>Finansministeren presenterer budsjettet.</p>"
    assert article.standfirst == "Budsjettet legges fram torsdag."
    assert article.language == "nb-NO"
    assert article.status == Article.Status.PUBLISHED


def flash(uri="urn:afp:flash:1", **fields):
    return item(
        uri,
        type="text",
        language="fr",
        urgency=1,
        slugline="Syrie-Turquie-conflit",
        versionCreated="2026-12-03T19:01:00Z",
        headlines=[{"role": "main", "value": "URGENT Syrie : des soldats turcs tués dans une frappe à Idleb"}],
        **fields,
    )


def test_an_urgent_headline_without_text_is_published_as_a_flash_never_an_empty_page(ingest, client):
    ingest(("flash.json", flash()), publish=True)

    article = Article.objects.get()
    assert article.is_published() and article.is_flash()
    front = client.get("/").content.decode()
    assert "URGENT" in front and "des soldats turcs tués" in front
    assert article.get_absolute_url() not in front  # no link to a page with nothing on it
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_flash_points_to_its_story_once_the_text_arrives(ingest, client):
    ingest(("flash.json", flash()), publish=True)
    text = item(
        "urn:afp:text:1",
        type="text",
        language="fr",
        urgency=2,
        slugline="Syrie-Turquie-conflit",
        versionCreated="2026-12-03T19:05:00Z",
        headlines=[{"role": "main", "value": "Syrie : au moins neuf soldats turcs tués dans une frappe à Idleb"}],
        bodies=[{"role": "main", "contentType": "text/html", "value": BODY}],
    )
    ingest(("text.json", text), publish=True)

    flash_article = Article.objects.get(wire_id="urn:afp:flash:1")
    assert flash_article.story is not None
    story_url = flash_article.story.get_absolute_url()
    response = client.get(flash_article.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == story_url
    front = client.get("/").content.decode()
    assert front.count('<article class="teaser') == 1  # the text's card, the flash folded under it
    assert f'<a href="{story_url}">URGENT Syrie' in front


def test_a_headline_without_text_and_without_urgency_stays_a_draft(ingest):
    data = item("urn:afp:bare:1", type="text", language="fr", urgency=5, headlines=[{"value": "Agenda du jour"}])

    report = ingest(("bare.json", data), publish=True)

    assert Article.objects.get().status == Article.Status.DRAFT
    assert any("brouillon" in note for note in report.results[0].notes)


def test_nitf_baselang_names_the_language(ingest):
    data = (
        '<nitf baselang="nb-NO"><head><docdata><doc-id id-string="ntb-1"/></docdata></head>'
        "<body><body.head><hedline><hl1>Kraftig uvær i Nord-Norge</hl1></hedline></body.head>"
        "<body.content><p>Flere veier er stengt etter snøskred.</p></body.content></body></nitf>"
    ).encode()

    ingest(("ntb.xml", data))

    assert Article.objects.get().language == "nb-NO"


def test_a_language_is_recognised_in_the_text_when_the_item_names_none(ingest):
    body = "<p>Försvarsmakten meddelar att den stora övningen i norra Sverige fortsätter hela veckan.</p>"
    ingest(("tt.json", ninjs("urn:tt:1", language=None, bodies=[{"role": "main", "value": body}])))

    assert Article.objects.get().language == "sv"


def test_an_unknown_language_is_said_never_silently_french(ingest):
    data = ninjs(
        "urn:short:1",
        language=None,
        headlines=[{"role": "main", "value": "Kaboul"}],
        bodies=[{"role": "main", "value": "Kaboul."}],
    )

    report = ingest(("short.json", data))

    assert Article.objects.get().language == ""
    assert any("langue inconnue" in note for note in report.results[0].notes)


def test_the_feed_default_comes_after_the_detector(ingest):
    data = ninjs(
        "urn:short:2",
        language=None,
        headlines=[{"role": "main", "value": "Kaboul"}],
        bodies=[{"role": "main", "value": "Kaboul."}],
    )

    ingest(("short.json", data), language="en")

    assert Article.objects.get().language == "en"


TT_BODY = (
    '<html><body><p><span class="vignette">Försvar</span><span class="byline">TT</span></p>'
    "<p>Försvarsmakten meddelar att övningen i norra Sverige fortsätter hela veckan.</p>"
    '<figure><img src="ovning.jpg" alt=""/><figcaption>Soldater under övningen. '
    '<span class="credit">Foto: Anna Berg/TT</span></figcaption></figure>'
    "<p>Omkring 4 000 soldater deltar.</p></body></html>"
)


def test_a_vignette_a_credit_and_a_photo_caption_never_enter_the_text(ingest):
    ingest(
        (
            "tt.json",
            ninjs("urn:tt:2", language="sv", bodies=[{"role": "main", "contentType": "text/html", "value": TT_BODY}]),
        )
    )

    body = Article.objects.get().body
    assert body == (
        "<p>Försvarsmakten meddelar att övningen i norra Sverige fortsätter hela veckan.</p>"
        "<p>Omkring 4 000 soldater deltar.</p>"
    )


def test_a_nitf_media_caption_never_enters_the_text(ingest):
    media = (
        "<p>Les secours ont dégagé dix survivants.</p>"
        '<media media-type="image"><media-reference source="photo.jpg"/>'
        "<media-caption>Des secouristes à Idleb. AFP / Omar Haj Kadour</media-caption></media>"
        "<p>Les recherches continuent.</p>"
    )
    ingest(("afp.xml", newsml(body=media)))

    body = Article.objects.get().body
    assert "Haj Kadour" not in body and "Des secouristes" not in body
    assert body == "<p>Les secours ont dégagé dix survivants.</p><p>Les recherches continuent.</p>"


def test_the_agency_time_shows_when_only_version_created_is_sent(ingest, client):
    ingest(("dpa.json", ninjs("urn:dpa:1", versionCreated="2026-12-04T08:15:00Z")), publish=True)

    page = client.get(Article.objects.get().get_absolute_url()).content.decode()

    # 08:15 UTC, shown at Paris time.
    assert 'Dépêche du <time datetime="2026-12-04T09:15:00+01:00">4 décembre 2026 à 09:15</time>' in page


def test_the_agency_time_of_a_real_sample_shows(shared_dir, ingest, client):
    path = shared_dir / "wire" / "ninjs" / "example-3.0-simple-text.json"
    ingest((path.name, path.read_bytes()), publish=True)

    page = client.get(Article.objects.get().get_absolute_url()).content.decode()

    assert 'Dépêche du <time datetime="2013-07-09T12:37:00+02:00">' in page


def test_our_own_teaser_never_comes_back_as_a_standfirst(ingest, client):
    ingest(
        ("afp.json", ninjs("urn:afp:teaser:1", bodies=[{"role": "main", "contentType": "text/html", "value": BODY}])),
        publish=True,
    )
    article = Article.objects.get()
    exported = client.get(reverse("articles:ninjs", args=[article.pk, article.slug])).content
    assert b'"summary"' in exported  # the export does carry the teaser as its description
    article.delete()  # another desk, or a restore: the export is all there is

    ingest(("export.json", exported), publish=True)

    again = Article.objects.get()
    assert again.standfirst == ""
    assert again.body == article.body


def test_an_agency_summary_that_is_not_the_opening_stays_the_standfirst(ingest):
    summary = [{"role": "summary", "value": "Au moins dix survivants ont été retrouvés."}]
    ingest(
        (
            "afp.json",
            ninjs(
                "urn:afp:sum:1",
                descriptions=summary,
                bodies=[{"role": "main", "contentType": "text/html", "value": BODY}],
            ),
        )
    )

    assert Article.objects.get().standfirst == "Au moins dix survivants ont été retrouvés."


def test_the_real_samples_published_give_no_empty_page_a_language_each_and_no_story_across_a_month(
    shared_dir, ingest, client
):
    folder = shared_dir / "wire"
    paths = [
        folder / "newsml-g2" / "LISTING_1_A_NewsML-G2_News_Item.xml",  # a headline, no text, not urgent
        folder / "newsml-g2" / "LISTING_2_NewsML-G2_Text_Document.xml",
        *sorted((folder / "ninjs").glob("example-*.json")),
    ]

    report = ingest(*[(path.name, path.read_bytes()) for path in paths], publish=True)

    assert not report.failed, report.results
    for article in Article.objects.all():
        assert article.language and article.language != "fr", article.headline
        assert article.agency_written_at is not None, article.headline
        if article.is_published():
            assert not article.is_flash() or article.is_urgent
            page = client.get(article.get_absolute_url())
            assert page.status_code == 200 and "wire-times" in page.content.decode()
    empty = Article.objects.get(wire_id="urn:newsml:acmenews.com:20161018:US-FINANCE-FED")
    assert empty.status == Article.Status.DRAFT
    # Both NewsML-G2 samples carry the slugline US-Finance-Fed, a month apart: two events.
    assert not Article.objects.exclude(story=None).exists()


def whole_copy_files():
    """A flash, a composite with its picture, an NTB text in a description, and a bare non-urgent headline."""
    composite = item(
        "urn:ap:composite:9",
        type="composite",
        headlines=[{"role": "main", "value": "Syrie : des survivants dégagés des décombres à Idleb"}],
        bodies=[{"role": "main", "contentType": "text/html", "value": BODY}],
        associations=[PICTURE],
    )
    ntb = item(
        "urn:ntb:9",
        type="text",
        headlines=[{"role": "main", "value": "Regjeringen legger fram statsbudsjettet"}],
        descriptions=[{"role": "text", "value": "Finansministeren presenterer budsjettet for neste år i Stortinget."}],
    )
    bare = item("urn:afp:bare:9", type="text", language="fr", urgency=5, headlines=[{"value": "Agenda du jour"}])
    return [("flash.json", flash()), ("ap.json", composite), ("ntb.json", ntb), ("bare.json", bare)]


def assert_whole_copy_stored():
    articles = {article.wire_id: article for article in Article.objects.all()}
    assert articles["urn:afp:flash:1"].is_published() and articles["urn:afp:flash:1"].is_flash()
    assert articles["urn:ap:composite:9"].language == "fr"  # recognised: the item names none
    assert articles["urn:ap:composite:9"].wire_image_ref == "urn:ap:photo:IDL-0412"
    assert articles["urn:ntb:9"].body.startswith("<p>Finansministeren") and articles["urn:ntb:9"].language == "no"
    assert articles["urn:afp:bare:9"].status == Article.Status.DRAFT


def test_whole_copy_through_the_command(tmp_path):
    for name, data in whole_copy_files():
        (tmp_path / name).write_bytes(data)

    call_command("ingest", "--publish", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())

    assert_whole_copy_stored()


def test_whole_copy_through_the_drop_folder(tmp_path):
    drop = DropFolder(tmp_path, IngestOptions(user=wire_user(), publish=True))
    for name, data in whole_copy_files():
        (tmp_path / name).write_bytes(data)
    drop.scan()
    drop.scan()

    assert_whole_copy_stored()
    assert sorted(path.name for path in (tmp_path / "done").iterdir()) == sorted(name for name, _ in whole_copy_files())


def test_whole_copy_through_the_upload_page(admin_client):
    uploads = []
    for name, data in whole_copy_files():
        upload = io.BytesIO(data)
        upload.name = name
        uploads.append(upload)

    response = import_through_admin(admin_client, uploads, publish="on")

    assert "4 créées" in response.content.decode()
    assert_whole_copy_stored()
