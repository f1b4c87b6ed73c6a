"""The admin page "Importer des dépêches": a bad and a good file in one upload."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, ImportFile, ImportRun
from tests.articles.ingest.items import import_through_admin, newsml, ninjs
from tests.support import run_queued_tasks

pytestmark = pytest.mark.django_db
URL = reverse("admin:articles_article_ingest")


def upload(client, *files, **extra):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    return import_through_admin(client, uploads, **extra)


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

    assert response.request["PATH_INFO"].startswith(URL)
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


def test_the_upload_returns_at_once_and_its_page_follows_the_import_until_it_is_done(editor_client, reporter):
    files = [SimpleUploadedFile(f"{n}.json", ninjs(f"urn:newsdesk:lot:{n}")) for n in range(3)]
    waiting = editor_client.post(URL, {"files": files}, follow=True)

    # Nothing imported yet: the files wait for the worker; the page reloads itself.
    assert not Article.objects.exists()
    assert '<meta http-equiv="refresh" content="2">' in waiting.text
    run_page = waiting.redirect_chain[-1][0]
    run = ImportRun.objects.get()
    assert run_page == run.get_absolute_url()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, processed=40)
    assert "Import en cours : 40 dépêches traitées." in editor_client.get(run_page).text
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED, processed=0)

    assert run_queued_tasks() == 2  # the import, then the suggestions it queued
    done = editor_client.get(run_page)
    assert Article.objects.count() == 3
    assert "refresh" not in done.text
    assert "Import terminé : 3 créées, 0 mises à jour, 0 inchangées, 0 ignorées, 0 en échec." in done.text
    # The files are not kept once imported; another desk member cannot read the run.
    assert not ImportFile.objects.exists()
    other = Client()
    other.force_login(reporter)
    assert other.get(run_page).status_code == 404


def test_a_file_too_big_is_named_in_the_report_and_the_others_are_imported(editor_client, settings, monkeypatch):
    from articles.ingest import tasks

    monkeypatch.setattr(tasks, "MAX_FILE_BYTES", 2_000)
    big = ninjs("urn:newsdesk:gros", bodies=[{"role": "main", "contentType": "text/plain", "value": "x" * 3_000}])
    response = upload(editor_client, ("gros.json", big), ("bon.json", ninjs()))

    messages = [str(message) for message in response.context["messages"]]
    assert "gros.json : échec — fichier trop volumineux" in messages
    assert Article.objects.get().wire_id == "urn:newsdesk:test:1"
