"""Wire pictures: a story's photo attached, the others filed in the library, each picture stored once,
read only where it may be read, and never the cause of a story's failure."""

import io
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as Pillow

from articles.ingest import pictures
from articles.ingest.importer import IngestOptions
from articles.ingest.watch import DropFolder
from articles.models import Article
from images.models import Image
from images.renditions import digest_of
from tests.articles.ingest.items import ALT, CAPTION, CREDIT, PHOTO, import_through_admin, ninjs, wire_jpeg, wire_png
from tests.support import run_queued_tasks

pytestmark = pytest.mark.django_db
NAR = "http://iptc.org/std/nar/2006-10-01/"
STORY = "urn:newsml:afp.com:20261204:TX-PAR-IDL01"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """No picture host listed (the root conftest puts renditions and originals in the test's folder)."""
    settings.NEWSDESK_WIRE_PICTURE_HOSTS = []
    return tmp_path


@pytest.fixture
def drop(tmp_path):
    folder = tmp_path / "depot"
    folder.mkdir()
    return folder


def photo_association(href="idleb-0412.jpg", *, uri=PHOTO, alt=True, **fields):
    """Return a ninjs 3 picture association as AFP sends it with the story."""
    descriptions = [{"role": "caption", "value": CAPTION}]
    if alt:
        descriptions.append({"role": "alternativeText", "value": ALT})
    association = {
        "name": "photo",
        "uri": uri,
        "type": "picture",
        "copyrightHolder": CREDIT,
        "descriptions": descriptions,
        "renditions": [
            {"name": "thumbnail", "href": "vignette.jpg", "contentType": "image/jpeg", "width": 320, "height": 213},
            {"name": "original", "href": href, "contentType": "image/jpeg", "width": 1600, "height": 1067},
        ],
    }
    association.update(fields)
    return association


def story(uri=STORY, *associations, version="1", **fields):
    headlines = [{"role": "main", "value": "Syrie : des secouristes fouillent les décombres à Idleb"}]
    return ninjs(uri, version=version, headlines=headlines, associations=list(associations) or None, **fields)


def metadata_of(storage_name):
    """Return the EXIF a rendition file carries (empty when stripped)."""
    with default_storage.open(storage_name) as file:
        return dict(Pillow.open(file).getexif())


# A story and its photo, in every format


def test_a_story_delivered_with_its_photo_in_the_drop_folder_shows_it_with_the_agencys_words(ingest, drop):
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())

    report = ingest(("idleb.json", story(STORY, photo_association()), drop))

    assert [(result.outcome, result.notes) for result in report.results] == [("created", [])]
    article = Article.objects.get()
    image = article.image
    assert (image.caption, image.alt_text, image.credit, image.wire_id) == (CAPTION, ALT, CREDIT, PHOTO)
    assert (image.width, image.height) == (1600, 1067)
    assert image.digest == digest_of(wire_jpeg())
    # Readers get copies without the camera's serial number or the photographer's position, made by the worker.
    assert image.renditions == []
    run_queued_tasks()
    image.refresh_from_db()
    assert image.renditions and all(metadata_of(item["name"]) == {} for item in image.renditions)
    assert report.summary() == (
        "1 créée, 0 mises à jour, 0 inchangées, 0 ignorées, 0 en échec ; 1 photo ajoutée à la photothèque."
    )
    history = LogEntry.objects.get(object_id=str(article.pk)).change_message
    assert "avec la photo « Des secouristes fouillent" in history


def test_a_caption_is_never_taken_for_the_alt_text(ingest, drop):
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())

    ingest(("idleb.json", story(STORY, photo_association(alt=False)), drop))

    image = Article.objects.get().image
    assert (image.caption, image.alt_text) == (CAPTION, "")


def test_ninjs_2_lowercase_associations_with_several_pictures_give_the_first_and_file_the_rest(ingest, drop):
    (drop / "une.jpg").write_bytes(wire_jpeg(1))
    (drop / "graphique.png").write_bytes(wire_png())
    item = {
        "uri": STORY,
        "type": "text",
        "version": "1",
        "headlines": [{"role": "main", "value": "Syrie : la défense civile dépassée à Idleb"}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Les secours manquent de tout.</p>"}],
        "associations": [
            {
                "name": "main",
                "uri": "urn:photo:une",
                "type": "picture",
                "copyrightholder": "AFP",
                "descriptions": [{"role": "drol:caption", "value": "Un secouriste à Idleb."}],
                "renditions": [{"name": "original", "href": "une.jpg", "contenttype": "image/jpeg"}],
            },
            {
                "name": "graphique",
                "uri": "urn:photo:carte",
                "type": "picture",
                "descriptions": [{"role": "caption", "value": "La région d'Idleb."}],
                "renditions": [{"name": "original", "href": "graphique.png", "contenttype": "image/png"}],
            },
        ],
    }

    report = ingest(("ninjs2.json", json.dumps(item).encode(), drop))

    assert report.pictures_added == 2
    article = Article.objects.get()
    assert (article.image.wire_id, article.image.credit) == ("urn:photo:une", "AFP")
    second = Image.objects.get(wire_id="urn:photo:carte")
    assert second.caption == "La région d'Idleb." and not second.articles.exists()
    # Both stay linked to their story, for the desk to choose another.
    assert [image.wire_id for image in article.wire_images.order_by("pk")] == ["urn:photo:une", "urn:photo:carte"]


def test_ninjs_1_associations_by_name_with_mimetype_renditions(ingest, drop):
    (drop / "photo.jpg").write_bytes(wire_jpeg(2))
    item = {
        "uri": STORY,
        "type": "text",
        "headline": "Syrie : nuit de frappes sur Idleb",
        "body_text": "Les frappes ont repris dans la nuit.",
        "associations": {
            "featureimage": {
                "uri": PHOTO,
                "type": "picture",
                "byline": "Omar Haj Kadour",
                "description_text": CAPTION,
                "renditions": {"baseImage": {"href": "photo.jpg", "mimetype": "image/jpeg", "width": 1600}},
            }
        },
    }

    ingest(("ninjs1.json", json.dumps(item).encode(), drop))

    image = Article.objects.get().image
    assert (image.wire_id, image.caption, image.credit, image.alt_text) == (PHOTO, CAPTION, "Omar Haj Kadour", "")


def newsml_message(*, picture_href="PH-IDL-0412.jpg"):
    """A NewsML-G2 message: the story first, its picture after it, and the package that ties the two."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="{NAR}">
  <header><sent>2026-12-04T10:05:00Z</sent></header>
  <itemSet>
    <newsItem guid="{STORY}" version="1" standard="NewsML-G2" standardversion="2.33" xml:lang="fr">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AFP"/>
        <versionCreated>2026-12-04T10:01:00Z</versionCreated></itemMeta>
      <contentMeta><headline>Syrie : des secouristes fouillent les décombres à Idleb</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml">
        <html xmlns="http://www.w3.org/1999/xhtml"><body><p>Les secours cherchent des survivants.</p></body></html>
      </inlineXML></contentSet>
    </newsItem>
    <newsItem guid="{PHOTO}" version="1" standard="NewsML-G2" standardversion="2.33">
      <itemMeta><itemClass qcode="ninat:picture"/><provider qcode="nprov:AFP"/>
        <versionCreated>2026-12-04T10:00:00Z</versionCreated></itemMeta>
      <rightsInfo><copyrightHolder><name>AFP</name></copyrightHolder></rightsInfo>
      <contentMeta>
        <creditline>{CREDIT}</creditline>
        <description role="drol:caption">{CAPTION}</description>
      </contentMeta>
      <contentSet>
        <remoteContent rendition="rnd:thumbnail" href="vignette.jpg" contenttype="image/jpeg" width="320"/>
        <remoteContent rendition="rnd:highRes" href="{picture_href}" contenttype="image/jpeg" width="1600"
          height="1067"/>
      </contentSet>
    </newsItem>
    <packageItem guid="urn:newsml:afp.com:20261204:paquet-idleb" version="1" standard="NewsML-G2"
        standardversion="2.33">
      <itemMeta><itemClass qcode="ninat:composite"/><versionCreated>2026-12-04T10:02:00Z</versionCreated></itemMeta>
      <groupSet root="G1"><group id="G1" role="group:main">
        <itemRef residref="{STORY}"/><itemRef residref="{PHOTO}"/></group></groupSet>
    </packageItem>
  </itemSet>
</newsMessage>
""".encode()


def test_a_newsml_g2_message_files_its_picture_and_gives_it_to_the_story_of_its_package(ingest, drop):
    (drop / "PH-IDL-0412.jpg").write_bytes(wire_jpeg(3))

    report = ingest(("message.xml", newsml_message(), drop))

    assert [(result.outcome, result.reason) for result in report.results] == [
        ("created", ""),
        ("created", "photo ajoutée à la photothèque"),
        ("skipped", "paquet de contenus : pas un article, non importé"),
    ]
    article = Article.objects.get()
    assert (article.image.wire_id, article.image.caption, article.image.credit) == (PHOTO, CAPTION, CREDIT)
    assert Image.objects.count() == 1
    assert report.pictures_added == 1


def afp_newsml1(*, href="IDL-0412-hd.jpg"):
    """An AFP NewsML 1.2 dispatch: the story and, beside it, a Photo component with its caption and files."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<NewsML Version="1.2">
  <NewsItem>
    <Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20261204</DateId>
      <NewsItemId>TX-PAR-IDL01</NewsItemId><RevisionId>1</RevisionId></NewsIdentifier></Identification>
    <NewsManagement><NewsItemType FormalName="News"/><Status FormalName="Usable"/></NewsManagement>
    <NewsComponent>
      <NewsComponent Duid="photo-1">
        <Role FormalName="Photo"/>
        <NewsLines><HeadLine>Syrie-conflit</HeadLine><CreditLine>{CREDIT}</CreditLine></NewsLines>
        <NewsComponent><Role FormalName="Caption"/>
          <ContentItem><MediaType FormalName="Text"/><DataContent><p>{CAPTION}</p></DataContent></ContentItem>
        </NewsComponent>
        <NewsComponent><Role FormalName="Thumbnail"/>
          <ContentItem Href="IDL-0412-vignette.jpg"><MediaType FormalName="Photo"/>
            <Characteristics><Property FormalName="Width" Value="320"/><Property FormalName="Height" Value="213"/>
            </Characteristics></ContentItem>
        </NewsComponent>
        <NewsComponent><Role FormalName="HighDef"/>
          <ContentItem Href="{href}"><MediaType FormalName="Photo"/><MimeType FormalName="image/jpeg"/>
            <Characteristics><Property FormalName="Width" Value="1600"/><Property FormalName="Height" Value="1067"/>
            </Characteristics></ContentItem>
        </NewsComponent>
      </NewsComponent>
      <NewsComponent>
        <Role FormalName="Main"/>
        <NewsLines><HeadLine>Syrie : des secouristes fouillent les décombres à Idleb</HeadLine></NewsLines>
        <DescriptiveMetadata><Language FormalName="fr"/></DescriptiveMetadata>
        <ContentItem><MediaType FormalName="Text"/><DataContent><p>Les secours cherchent des survivants.</p>
        </DataContent></ContentItem>
      </NewsComponent>
    </NewsComponent>
  </NewsItem>
</NewsML>
""".encode()


def test_an_afp_newsml_1_photo_component_is_the_storys_photo_and_its_caption_not_the_story(ingest, drop):
    (drop / "IDL-0412-hd.jpg").write_bytes(wire_jpeg(4))
    (drop / "IDL-0412-vignette.jpg").write_bytes(wire_jpeg(5, size=(320, 213)))

    report = ingest(("afp.xml", afp_newsml1(), drop))

    assert [result.outcome for result in report.results] == ["created"]
    article = Article.objects.get()
    assert article.body == "<p>Les secours cherchent des survivants.</p>"
    # The high-definition file, not the thumbnail.
    assert (article.image.width, article.image.caption, article.image.credit) == (1600, CAPTION, CREDIT)
    assert article.image.wire_id == "urn:newsml:afp.com:20261204:TX-PAR-IDL01#photo-1"


# A picture on its own


def photo_item(href="idleb-0412.jpg", *, uri=PHOTO, version="1"):
    item = {
        "uri": uri,
        "type": "picture",
        "version": version,
        "headlines": [{"role": "main", "value": "Syrie-conflit-secours"}],
        "descriptions": [{"role": "caption", "value": CAPTION}],
        "copyrightHolder": CREDIT,
        "renditions": [{"name": "original", "href": href, "contentType": "image/jpeg"}],
    }
    return json.dumps(item).encode()


def test_a_picture_item_goes_to_the_library_and_to_the_story_that_was_waiting_for_it(ingest, drop):
    # The story announces its photo; the photo itself comes a minute later.
    first = ingest(("idleb.json", story(STORY, photo_association(renditions=[]))))
    article = Article.objects.get()
    assert (article.image, article.wire_image_ref) == (None, PHOTO)
    assert first.results[0].notes == ["photo annoncée, pas encore arrivée : elle sera jointe à l'article à son arrivée"]
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())

    report = ingest(("photo.json", photo_item(), drop))

    (result,) = report.results
    assert (result.outcome, result.reason, result.article_id) == ("created", "photo ajoutée à la photothèque", None)
    assert result.notes == ["jointe à l'article « Syrie : des secouristes fouillent les décombres à Idleb »"]
    article.refresh_from_db()
    assert (article.image.wire_id, article.image.caption, article.wire_image_ref) == (PHOTO, CAPTION, "")
    assert LogEntry.objects.filter(object_id=str(article.pk), change_message__startswith="Photo du fil jointe").exists()


def test_the_same_picture_twice_is_one_image_by_wire_id_or_by_its_bytes(ingest, drop):
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())
    (drop / "copie.jpg").write_bytes(wire_jpeg())
    ingest(("photo.json", photo_item(), drop))

    again = ingest(("photo.json", photo_item(), drop)).results[0]
    same_bytes = ingest(("autre.json", photo_item("copie.jpg", uri="urn:autre-agence:photo:9"), drop)).results[0]
    with_story = ingest(("idleb.json", story(STORY, photo_association()), drop)).results[0]

    assert (again.outcome, again.reason) == ("unchanged", "photo déjà dans la photothèque")
    assert (same_bytes.outcome, same_bytes.pictures_added) == ("unchanged", 0)
    assert (with_story.outcome, with_story.pictures_added) == ("created", 0)
    assert Image.objects.count() == 1
    assert Article.objects.get().image == Image.objects.get()


# Bad pictures never sink the story nor the batch


def bomb():
    """A PNG that claims 20,000 × 20,000 pixels: a few kilobytes on disk, 1.6 Go once opened."""
    out = io.BytesIO()
    Pillow.new("1", (20_000, 20_000)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (wire_jpeg()[:600], "Ce fichier n'est pas une image lisible"),
        (b"%PDF-1.7 pas une photo", "Ce fichier n'est pas une image lisible"),
        (bomb(), "L'image est trop grande (plus de 120 millions de pixels)."),
    ],
    ids=["tronquee", "pdf", "bombe"],
)
def test_a_bad_picture_file_is_a_note_on_the_story_and_a_failure_of_a_picture_item(ingest, drop, data, reason):
    (drop / "idleb-0412.jpg").write_bytes(data)

    report = ingest(
        ("idleb.json", story(STORY, photo_association()), drop),
        ("photo.json", photo_item(uri="urn:photo:seule"), drop),
        ("autre.json", ninjs("urn:autre"), drop),
    )

    text, picture, other = report.results
    assert text.outcome == "created" and other.outcome == "created"
    assert text.notes[0].startswith("photo illisible (idleb-0412.jpg) : ") and reason in text.notes[0]
    assert picture.outcome == "failed" and reason in picture.reason
    assert not Image.objects.exists()
    assert Article.objects.get(wire_id=STORY).image is None


def test_picture_metadata_no_database_can_store_leaves_the_picture_out_not_the_story(ingest, drop):
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())
    hostile = photo_association(descriptions=[{"role": "caption", "value": "Idleb\u0000"}])
    long_credit = photo_association(uri="urn:photo:2", copyrightHolder="AFP " * 60)

    report = ingest(
        ("idleb.json", story(STORY, hostile, long_credit), drop),
        ("photo.json", photo_item().replace(b"Des secouristes", b"Des secouristes\\u0000"), drop),
    )

    text, picture = report.results
    assert text.outcome == "created"
    assert text.notes == [
        "photo écartée : caractère nul interdit dans « légende »",
        "photo écartée : « crédit » trop long : 239 caractères (maximum 200)",
    ]
    assert (picture.outcome, picture.reason) == ("failed", "caractère nul interdit dans « légende »")
    assert not Image.objects.exists()


def test_a_picture_over_40_mo_is_refused_and_the_next_rendition_is_taken(ingest, drop, monkeypatch):
    monkeypatch.setattr(pictures, "MAX_BYTES", 50_000)
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg() + b"\0" * 60_000)
    (drop / "vignette.jpg").write_bytes(wire_jpeg(6, size=(320, 213)))

    report = ingest(("idleb.json", story(STORY, photo_association()), drop))

    assert report.results[0].notes == []
    assert Article.objects.get().image.width == 320


@pytest.mark.parametrize(
    "href", ["../secret.jpg", "photos/../../secret.jpg", "/tmp/secret.jpg", "file:///tmp/secret.jpg", "lien.jpg"]
)
def test_a_picture_path_never_leads_out_of_the_items_folder(ingest, drop, href):
    secret = drop.parent / "secret.jpg"
    secret.write_bytes(wire_jpeg(7))
    (drop / "lien.jpg").symlink_to(secret)
    item = story(STORY, photo_association(href).copy() | {"renditions": [{"name": "original", "href": href}]})

    report = ingest(("idleb.json", item, drop))

    (result,) = report.results
    assert result.outcome == "created"
    assert result.notes[0].startswith(("photo refusée", "photo non récupérée : adresse")), result.notes
    assert not Image.objects.exists()


def test_an_uploaded_file_has_its_pictures_looked_up_never_read_from_the_server(editor_client, drop):
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())
    upload = SimpleUploadedFile("idleb.json", story(STORY, photo_association()))

    response = import_through_admin(editor_client, [upload])

    messages = [str(message) for message in response.context["messages"]]
    assert (
        "idleb.json : photo non récupérée : le fichier « idleb-0412.jpg » n'est lu que dans un dossier de dépôt"
        in messages
    )
    assert Article.objects.get().wire_image_ref == PHOTO
    assert not Image.objects.exists()


# Desk rules


def test_a_newer_version_fills_an_empty_photo_but_never_replaces_the_desks(ingest, drop):
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())
    (drop / "autre.jpg").write_bytes(wire_jpeg(8))
    ingest(("v1.json", story(STORY), drop))
    assert Article.objects.get().image is None

    ingest(("v2.json", story(STORY, photo_association(), version="2"), drop))
    article = Article.objects.get()
    assert article.image.wire_id == PHOTO
    # The desk picks another photo; the agency's version 3 sends yet another.
    chosen = Image(caption="Choix de la rédaction", alt_text="Une rue d'Idleb")
    chosen.set_original(wire_jpeg(9), "choix.jpg")
    chosen.save()
    article.image = chosen
    article.save()
    report = ingest(("v3.json", story(STORY, photo_association("autre.jpg", uri="urn:photo:v3"), version="3"), drop))

    assert report.results[0].outcome == "updated"
    assert Article.objects.get().image == chosen
    # The agency's new picture is in the library all the same.
    assert Image.objects.filter(wire_id="urn:photo:v3").exists()


def test_a_reporter_cannot_put_a_photo_on_a_published_article(ingest, drop, reporter):
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())
    ingest(("v1.json", story(STORY), drop))
    Article.objects.update(status=Article.Status.PUBLISHED, published_at=timezone.now())

    report = ingest(("v2.json", story(STORY, photo_association(), version="2"), drop), user=reporter)

    (result,) = report.results
    assert result.outcome == "skipped" and result.reason.startswith("refusée : seul un éditeur peut importer")
    assert Article.objects.get().image is None and not Image.objects.exists()


def test_a_reporters_picture_item_is_filed_but_not_put_on_a_published_article(ingest, drop, reporter):
    ingest(("idleb.json", story(STORY, photo_association(renditions=[]))))
    Article.objects.update(status=Article.Status.PUBLISHED, published_at=timezone.now())
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())

    (result,) = ingest(("photo.json", photo_item(), drop), user=reporter).results

    assert result.outcome == "created"
    assert result.notes[0].startswith("photo non jointe à l'article « Syrie : des secouristes")
    assert Article.objects.get().image is None


def test_a_photo_without_alt_text_never_goes_onto_a_published_article(ingest, drop):
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())

    report = ingest(("idleb.json", story(STORY, photo_association(alt=False)), drop), publish=True)

    article = Article.objects.get()
    assert article.is_published() and article.image is None
    assert report.results[0].notes == [
        f"photo « {CAPTION[:79]}… » non jointe : sans texte alternatif, elle ne peut illustrer un article publié "
        "(elle est dans la photothèque)"
    ]
    assert Image.objects.get().wire_id == PHOTO


# Pictures fetched from an agency's host


class Agency(BaseHTTPRequestHandler):
    """A photo server: ``routes`` maps a path to (status, headers, body); a body of None never comes."""

    routes = {}

    def do_GET(self):
        status, headers, body = self.routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        if body is None:
            time.sleep(2)
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def agency(settings):
    """Return the base address of a real HTTP server in a thread, whose host is listed."""
    Agency.routes = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Agency)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NEWSDESK_WIRE_PICTURE_HOSTS = ["127.0.0.1"]
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_picture_on_a_listed_host_is_downloaded(ingest, agency):
    Agency.routes["/photos/0412.jpg"] = (200, {"Content-Type": "image/jpeg"}, wire_jpeg())

    report = ingest(("idleb.json", story(STORY, photo_association(f"{agency}/photos/0412.jpg"))))

    assert report.results[0].notes == [] and report.pictures_added == 1
    assert Article.objects.get().image.digest == digest_of(wire_jpeg())


def test_a_host_that_is_not_listed_is_never_asked(ingest, agency, settings):
    settings.NEWSDESK_WIRE_PICTURE_HOSTS = ["photos.afp.com"]
    Agency.routes["/photos/0412.jpg"] = (200, {}, wire_jpeg())

    report = ingest(("idleb.json", story(STORY, photo_association(f"{agency}/photos/0412.jpg"))))

    assert report.results[0].notes == [
        f"photo non récupérée : l'hôte de « {agency}/photos/0412.jpg » n'est pas dans NEWSDESK_WIRE_PICTURE_HOSTS"
    ]
    assert Article.objects.get().wire_image_ref == PHOTO


@pytest.mark.parametrize(
    ("route", "note"),
    [
        ((302, {"Location": "http://localhost/photos/0412.jpg"}, b""), "redirection vers un autre hôte"),
        ((200, {"Content-Length": str(41 * 1024 * 1024)}, b""), "dépasse 40 Mo"),
        ((404, {}, b""), "répond 404"),
        ((200, {"Content-Length": "5000"}, None), "injoignable ou trop lent"),
    ],
    ids=["redirection", "trop-gros", "absente", "trop-lent"],
)
def test_a_download_that_goes_wrong_is_a_note_and_the_story_is_in(ingest, agency, monkeypatch, route, note):
    monkeypatch.setattr(pictures, "FETCH_TIMEOUT", 0.5)
    Agency.routes["/photos/0412.jpg"] = route

    report = ingest(("idleb.json", story(STORY, photo_association(f"{agency}/photos/0412.jpg"))))

    (result,) = report.results
    assert result.outcome == "created"
    assert note in result.notes[0], result.notes
    assert not Image.objects.exists()


def test_a_redirect_on_the_same_host_is_followed(ingest, agency):
    Agency.routes["/old.jpg"] = (301, {"Location": f"{agency}/photos/0412.jpg"}, b"")
    Agency.routes["/photos/0412.jpg"] = (200, {}, wire_jpeg())

    ingest(("idleb.json", story(STORY, photo_association(f"{agency}/old.jpg"))))

    assert Article.objects.get().image is not None


# What the command, the admin page and the drop folder say


def test_the_command_counts_the_pictures_it_added(tmp_path, agency):
    Agency.routes["/photos/0412.jpg"] = (200, {}, wire_jpeg())
    (tmp_path / "idleb.json").write_bytes(story(STORY, photo_association(f"{agency}/photos/0412.jpg")))
    out = io.StringIO()

    call_command("ingest", str(tmp_path / "idleb.json"), verbosity=2, stdout=out, stderr=io.StringIO())

    assert out.getvalue().strip() == (
        "Dépêches : 1 créée, 0 mises à jour, 0 inchangées, 0 ignorées, 0 en échec ; 1 photo ajoutée à la photothèque."
    )


def test_the_admin_import_page_counts_the_pictures_and_names_those_left_out(editor_client, agency):
    Agency.routes["/photos/0412.jpg"] = (200, {}, wire_jpeg())
    good = story(STORY, photo_association(f"{agency}/photos/0412.jpg"))
    missing = story("urn:autre", photo_association(f"{agency}/absente.jpg", uri="urn:photo:absente"))
    files = [SimpleUploadedFile("idleb.json", good), SimpleUploadedFile("autre.json", missing)]

    response = import_through_admin(editor_client, files)

    messages = [str(message) for message in response.context["messages"]]
    assert f"autre.json : photo non récupérée : « {agency}/absente.jpg » répond 404" in messages
    assert messages[-1] == (
        "Import terminé : 2 créées, 0 mises à jour, 0 inchangées, 0 ignorées, 0 en échec ; "
        "1 photo ajoutée à la photothèque."
    )


def test_the_drop_folder_leaves_pictures_for_their_item_then_files_them_with_it(drop):
    from articles.ingest.importer import wire_user

    folder = DropFolder(drop, IngestOptions(user=wire_user()))
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())
    (drop / "idleb.json").write_bytes(story(STORY, photo_association()))
    old = time.time() - 60
    for path in drop.iterdir():
        os.utime(path, (old, old))

    folder.scan()
    reports = folder.scan()

    assert list(reports) == ["idleb.json"]  # the picture is no dispatch of its own
    assert sorted(path.name for path in (drop / "done").iterdir()) == ["idleb-0412.jpg", "idleb.json"]
    assert Article.objects.get().image.wire_id == PHOTO


def test_the_command_reads_a_photo_beside_its_file_and_says_what_it_left_out(drop):
    (drop / "idleb-0412.jpg").write_bytes(wire_jpeg())
    (drop / "idleb.json").write_bytes(story(STORY, photo_association("idleb-0412.jpg")))
    (drop / "autre.json").write_bytes(story("urn:autre", photo_association("absente.jpg", uri="urn:photo:absente")))
    err = io.StringIO()

    call_command("ingest", str(drop / "idleb.json"), str(drop / "autre.json"), stdout=io.StringIO(), stderr=err)

    assert Article.objects.get(wire_id=STORY).image.caption == CAPTION
    assert (
        "autre.json : photo non récupérée : fichier « absente.jpg » introuvable à côté de la dépêche" in err.getvalue()
    )


def test_the_article_form_shows_the_photos_the_agency_sent_with_the_story(ingest, drop, editor_client):
    (drop / "une.jpg").write_bytes(wire_jpeg(11))
    (drop / "deux.jpg").write_bytes(wire_jpeg(12))
    second = photo_association(
        "deux.jpg", uri="urn:photo:deux", descriptions=[{"role": "caption", "value": "Une grue dégage une dalle."}]
    )
    ingest(("idleb.json", story(STORY, photo_association("une.jpg"), second), drop))
    article = Article.objects.get()

    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    section = page[page.index("field-wire_photos") : page.index("field-loaded_version")]
    # The article's photo first, then the others.
    assert section.index(escape(str(article.image)) + "</a> — <strong>photo de l'article") < section.index(
        "Une grue dégage une dalle.</a> — sans texte alternatif"
    )
    assert "Une grue dégage une dalle." in section and "sans texte alternatif" in section
