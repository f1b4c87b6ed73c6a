"""Photos in the admin: upload, describe, choose for an article, and the alt-text gate before publishing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from images.models import Image
from tests.articles.admin_forms import _form_errors, run_action
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, ImageFactory
from tests.images.pictures import camera_jpeg
from tests.support import run_queued_tasks

pytestmark = pytest.mark.django_db


def image_form(**overrides):
    return {"alt_text": "", "caption": "", "credit": "", **overrides}


def upload(client, data, **fields):
    return client.post(
        "/admin/images/image/add/",
        image_form(original=SimpleUploadedFile("IMG_0412.JPG", data, content_type="image/jpeg"), **fields),
    )


def test_a_reporter_uploads_a_photo_with_its_caption_and_credit(reporter_client, reporter):
    response = upload(
        reporter_client,
        camera_jpeg(),
        alt_text="Des secouristes portent un blessé sur une civière",
        caption="Des secouristes évacuent un blessé, jeudi à Idleb.",
        credit="AFP / Omar Haj Kadour",
    )

    assert response.status_code == 302, _form_errors(response)
    image = Image.objects.get()
    assert (image.credit, image.created_by) == ("AFP / Omar Haj Kadour", reporter)
    # The upload returned before the renditions: the form shows no broken picture meanwhile.
    assert image.renditions == []
    waiting = reporter_client.get(f"/admin/images/image/{image.pk}/change/").content.decode()
    assert "<img" not in waiting.split('id="content-main"')[1]
    run_queued_tasks()
    image.refresh_from_db()
    assert len(image.renditions) == 5
    page = reporter_client.get(f"/admin/images/image/{image.pk}/change/").content.decode()
    assert image.rendition_list()[2].url in page, "the form shows the photo"


def test_a_file_that_is_no_photo_is_refused_in_french_on_its_field(editor_client):
    response = upload(editor_client, b"%PDF-1.7 communique de presse", alt_text="Un document")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["original"]
    assert any("image" in error for error in errors), errors
    assert not Image.objects.exists()


def test_the_same_photo_uploaded_twice_points_to_the_first(editor_client):
    first = ImageFactory(data=camera_jpeg(seed=3))

    response = upload(editor_client, camera_jpeg(seed=3), alt_text="Encore elle")

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["original"]
    assert f"déjà dans la photothèque (n° {first.pk}" in error
    assert Image.objects.count() == 1


def test_an_editor_cannot_erase_the_alt_text_of_a_photo_readers_see(editor_client):
    image = ImageFactory()
    ArticleFactory(image=image)

    response = editor_client.post(f"/admin/images/image/{image.pk}/change/", image_form(caption=image.caption))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["alt_text"] == [
        "Cette photo illustre un article publié : son texte alternatif est obligatoire."
    ]
    image.refresh_from_db()
    assert image.alt_text


def test_a_reporter_cannot_change_a_photo_shown_on_a_published_article(reporter_client):
    image = ImageFactory()
    ArticleFactory(image=image)

    response = reporter_client.post(
        f"/admin/images/image/{image.pk}/change/", image_form(alt_text="Autre chose", caption="Légende changée")
    )

    assert response.status_code == 403
    image.refresh_from_db()
    assert image.caption != "Légende changée"


def test_a_reporter_still_describes_a_photo_of_a_draft(reporter_client):
    image = ImageFactory(alt_text="")
    ArticleFactory(image=image, status=Article.Status.DRAFT, published_at=None)

    response = reporter_client.post(
        f"/admin/images/image/{image.pk}/change/", image_form(alt_text="Un enfant devant une tente", credit="AFP")
    )

    assert response.status_code == 302, _form_errors(response)
    image.refresh_from_db()
    assert image.alt_text == "Un enfant devant une tente"


def test_a_photo_on_an_article_cannot_be_deleted(editor_client, admin_client):
    image = ImageFactory()
    ArticleFactory(image=image, status=Article.Status.DRAFT, published_at=None)

    assert editor_client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_publishing_an_article_whose_photo_has_no_alt_text_is_refused_on_the_photo_field(editor_client):
    image = ImageFactory(alt_text="")

    response = editor_client.post(
        "/admin/articles/article/add/",
        article_form(status="published", image=str(image.pk), published_at_0="", published_at_1=""),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [
        "La photo n'a pas de texte alternatif : décrivez-la (lien « modifier » à côté du champ) avant de publier."
    ]
    assert not Article.objects.exists()


def test_a_draft_may_carry_a_photo_still_to_describe(reporter_client):
    image = ImageFactory(alt_text="")

    response = reporter_client.post("/admin/articles/article/add/", article_form(image=str(image.pk)))

    assert response.status_code == 302, _form_errors(response)
    assert Article.objects.get().image == image


def test_the_publish_action_skips_an_article_whose_photo_has_no_alt_text_and_says_why(editor_client):
    blocked = ArticleFactory(
        headline="Frappes sur Idleb", image=ImageFactory(alt_text=""), status=Article.Status.DRAFT, published_at=None
    )
    ready = ArticleFactory(headline="Séisme en Anatolie", status=Article.Status.DRAFT, published_at=None)

    response = run_action(editor_client, "article", "publish_now", blocked, ready)

    messages = [str(m) for m in response.wsgi_request._messages]
    assert "« Frappes sur Idleb » n'est pas publié : sa photo n'a pas de texte alternatif." in messages
    blocked.refresh_from_db()
    ready.refresh_from_db()
    assert (blocked.status, ready.status) == ("draft", "published")


def test_the_article_form_offers_the_library_and_previews_the_chosen_photo(editor_client):
    image = ImageFactory()
    article = ArticleFactory(image=image)

    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    assert 'name="image"' in page and "admin-autocomplete" in page
    assert image.rendition_list()[2].url in page
    assert "Texte alternatif : " + image.alt_text.replace("'", "&#x27;") in page


def test_the_library_lists_the_photos_still_to_describe(editor_client):
    ImageFactory(caption="Une rue inondée à Saint-Aurèle", alt_text="")
    ImageFactory(caption="Le port de Calais au petit matin")

    page = editor_client.get("/admin/images/image/", {"texte_alternatif": "manquant"}).content.decode()

    assert "Une rue inondée à Saint-Aurèle" in page
    assert "Le port de Calais au petit matin" not in page


def test_a_photo_says_which_articles_it_illustrates(editor_client):
    image = ImageFactory()
    published = ArticleFactory(headline="Séisme en Anatolie", image=image)
    ArticleFactory(headline="Brouillon sur le séisme", image=image, status=Article.Status.DRAFT, published_at=None)

    page = editor_client.get(f"/admin/images/image/{image.pk}/change/").content.decode()

    assert f'href="/admin/articles/article/{published.pk}/change/">Séisme en Anatolie</a> (publié)' in page
    assert "Brouillon sur le séisme</a> (brouillon)" in page
