"""The admin page "Importer des dépêches": a bad and a good file in one upload."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from tests.articles.ingest.items import newsml, ninjs

pytestmark = pytest.mark.django_db
URL = reverse("admin:articles_article_ingest")


def upload(client, *files, **extra):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(URL, {"files": uploads, **extra}, follow=True)


def test_change_list_links_to_the_upload_page(editor_client):
    response = editor_client.get(reverse("admin:articles_article_changelist"))

    assert f'href="{URL}"' in response.text
    assert "Importer des dépêches" in response.text


def test_upload_page_shows_the_form(editor_client):
    response = editor_client.get(URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert 'type="file" name="files" multiple' in response.text
    assert "Publier les nouvelles dépêches" in response.text


def test_bad_and_good_file_the_good_one_is_imported_and_the_bad_one_named(editor_client, editor):
    response = upload(editor_client, ("casse.xml", b"<newsItem><oops></newsItem>"), ("bon.xml", newsml()))

    assert response.redirect_chain[-1][0] == URL
    messages = [str(message) for message in response.context["messages"]]
    assert any(m.startswith("casse.xml : échec — XML invalide") for m in messages), messages
    assert "Import terminé : 1 créée, 0 mises à jour, 0 inchangées, 0 ignorées, 1 en échec." in messages
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert LogEntry.objects.get().user == editor  # the history names who uploaded


def test_editor_may_publish_on_upload(editor_client):
    upload(editor_client, ("bon.json", ninjs()), publish="on")

    assert Article.objects.published().count() == 1


def test_reporter_uploads_drafts_only_even_when_asking_to_publish(reporter_client):
    response = upload(reporter_client, ("bon.json", ninjs()), publish="on")

    assert response.status_code == 200
    assert "Publier les nouvelles dépêches" not in reporter_client.get(URL).text
    assert Article.objects.get().status == Article.Status.DRAFT


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.post(URL, {"files": [SimpleUploadedFile("a.json", ninjs())]})

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Article.objects.exists()


def test_empty_upload_shows_a_form_error(editor_client):
    response = editor_client.post(URL, {})

    assert response.status_code == 200
    assert "errorlist" in response.text


def test_a_batch_of_many_bad_items_lists_fifty_and_counts_the_rest(editor_client):
    batch = b"[" + b",".join([b'{"headlines": []}'] * 60) + b"]"
    response = upload(editor_client, ("lot.json", batch))

    messages = [str(message) for message in response.context["messages"]]
    assert messages[0] == "lot.json [1] : échec — identifiant manquant (« uri »)"
    assert "… et 10 autres dépêches ignorées ou en échec." in messages
    assert len(messages) == 52
