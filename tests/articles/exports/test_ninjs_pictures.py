"""An article's photo in its ninjs 3.1 document: a picture association that validates and comes back as itself."""

import json

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from articles.models import Article
from images.models import Image
from tests.articles.ingest.items import ALT, CAPTION, CREDIT, PHOTO, ninjs, wire_jpeg
from tests.factories import ArticleFactory
from tests.support import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """No picture host listed, so nothing is downloaded (the root conftest puts the files in the test's folder)."""
    settings.NEWSDESK_WIRE_PICTURE_HOSTS = []


@pytest.fixture
def validator(shared_dir):
    schema = json.loads((shared_dir / "wire" / "ninjs" / "ninjs-schema_3.1.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def photo(*, wire_id=PHOTO, alt_text=ALT, seed=0):
    image = Image(caption=CAPTION, credit=CREDIT, alt_text=alt_text, wire_id=wire_id)
    image.set_original(wire_jpeg(seed), "idleb.jpg")
    image.save()
    run_queued_tasks()  # the worker makes its renditions
    image.refresh_from_db()
    return image


def document(client, article):
    response = client.get(reverse("articles:ninjs", args=[article.pk, article.slug]))
    assert response.status_code == 200
    return response.json()


def test_the_photo_is_a_picture_association_with_its_renditions_caption_alt_text_and_credit(client, validator):
    image = photo()
    article = ArticleFactory(headline="Syrie : des secouristes à Idleb", image=image)

    data = document(client, article)

    assert list(validator.iter_errors(data)) == []
    (picture,) = data["associations"]
    assert (picture["type"], picture["uri"], picture["copyrightHolder"]) == ("picture", PHOTO, CREDIT)
    assert picture["descriptions"] == [
        {"role": "caption", "contentType": "text/plain", "value": CAPTION},
        {"role": "alternativeText", "contentType": "text/plain", "value": ALT},
    ]
    renditions = picture["renditions"]
    # Largest first, each an address a partner can fetch, a JPEG of the size the library made.
    assert [r["width"] for r in renditions] == [1600, 1280, 960, 640, 320]
    largest = image.largest
    assert renditions[0] == {
        "name": "w1600",
        "href": f"http://testserver{largest.url}",
        "contentType": "image/jpeg",
        "width": 1600,
        "height": largest.height,
        "sizeInBytes": largest.size,
    }
    assert all(r["href"].startswith("http://testserver/") for r in renditions)


def test_a_photo_of_our_own_has_a_uri_made_from_its_bytes_and_no_empty_alt_text(client, validator):
    image = photo(wire_id="", alt_text="")
    article = ArticleFactory(image=image)

    (picture,) = document(client, article)["associations"]

    assert picture["uri"] == f"urn:newsdesk:image:sha256:{image.digest}"
    assert [d["role"] for d in picture["descriptions"]] == ["caption"]
    assert list(validator.iter_errors(document(client, article))) == []


def test_an_article_without_a_photo_has_no_picture_association(client):
    article = ArticleFactory()

    assert "associations" not in document(client, article)


@pytest.mark.parametrize("wire_id", [PHOTO, ""], ids=["photo-du-fil", "photo-maison"])
def test_the_export_ingested_in_a_desk_that_lacks_the_article_gets_the_same_photo_without_download(
    client, ingest, wire_id
):
    image = photo(wire_id=wire_id)
    article = ArticleFactory(image=image, wire_id="urn:newsml:afp.com:20261204:TX-PAR-IDL01", wire_version=2)
    data = client.get(reverse("articles:ninjs", args=[article.pk, article.slug])).content
    article.delete()

    report = ingest(("export.json", data))

    (result,) = report.results
    assert (result.outcome, result.notes, result.pictures_added) == ("created", [], 0)
    assert Article.objects.get().image == image
    assert Image.objects.count() == 1


def test_the_export_ingested_again_in_the_same_desk_changes_nothing(client, ingest):
    image = photo()
    article = ArticleFactory(image=image, wire_id="urn:newsml:afp.com:20261204:TX-PAR-IDL01", wire_version=2)

    report = ingest(("export.json", client.get(reverse("articles:ninjs", args=[article.pk, article.slug])).content))

    assert [(r.outcome, r.article_id) for r in report.results] == [("unchanged", article.pk)]
    assert Image.objects.count() == 1 and Article.objects.get().image == image


def test_a_story_of_ours_exported_and_ingested_keeps_its_photo(client, ingest):
    image = photo(wire_id="")
    ours = ArticleFactory(headline="Reportage de la rédaction", wire_id="", image=image)

    report = ingest(("export.json", client.get(reverse("articles:ninjs", args=[ours.pk, ours.slug])).content))

    assert [(r.outcome, r.article_id) for r in report.results] == [("unchanged", ours.pk)]
    assert Article.objects.get().image == image


def test_a_wire_story_whose_photo_came_through_the_library_exports_the_agencys_id(client, ingest):
    image = photo()
    association = {"name": "photo", "uri": PHOTO, "type": "picture"}
    ingest(("idleb.json", ninjs("urn:idleb", associations=[association])), publish=True)
    article = Article.objects.get()
    assert article.image == image  # known by its wire id: nothing to download

    (picture,) = document(client, article)["associations"]

    assert picture["uri"] == PHOTO and picture["renditions"][0]["width"] == 1600
