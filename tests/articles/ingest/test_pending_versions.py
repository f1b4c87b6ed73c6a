"""Newer agency versions: an omitted field is kept, and the desk's edits wait for an editor's decision."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, PendingAgencyVersion
from tests.articles.ingest.items import import_through_admin, ninjs
from tests.articles.test_admin import article_form

pytestmark = pytest.mark.django_db
URI = "urn:newsdesk:pending:1"
BODY_V1 = "<p>Premier paragraphe.</p><p>Second.</p>"
BODY_V2 = "<p>Premier paragraphe.</p><p>Bilan revu à la hausse : 31 morts.</p>"


def version(number, **fields):
    fields.setdefault("bodies", [{"role": "main", "contentType": "text/html", "value": BODY_V1}])
    return (f"v{number}.json", ninjs(URI, version=str(number), **fields))


def edit_in_admin(client, article, **changes):
    """Save the article through the admin change form, as a person of the desk does."""
    fields = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "byline": article.byline,
        "dateline": article.dateline,
        "agency": article.agency,
        "language": article.language,
        "tags": "",
        "urgency": str(article.urgency or ""),
        "loaded_version": str(article.version),
    }
    data = article_form(**{**fields, **changes})
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return Article.objects.get(pk=article.pk)


def pending_page(client, article):
    return reverse("admin:articles_article_agency_version", args=[article.pk])


@pytest.fixture
def edited(ingest, editor_client):
    """An agency story the desk retitled, then version 2 of it with a new body."""
    ingest(version(1, by="Ayse Kaya", descriptions=[{"role": "summary", "value": "Le chapô de l'agence."}]))
    article = Article.objects.get(wire_id=URI)
    article = edit_in_admin(editor_client, article, headline="Frappe meurtrière dans le nord de la Syrie")
    report = ingest(version(2, bodies=[{"role": "main", "contentType": "text/html", "value": BODY_V2}]))
    assert [result.outcome for result in report.results] == ["pending"]
    return Article.objects.get(pk=article.pk)


def test_a_newer_version_never_erases_a_field_it_omits(ingest):
    ingest(version(1, by="Ayse Kaya", located="Ankara", descriptions=[{"role": "summary", "value": "Le chapô."}]))
    report = ingest(version(2, bodies=[{"role": "main", "contentType": "text/html", "value": BODY_V2}]))

    assert [result.outcome for result in report.results] == ["updated"]
    article = Article.objects.get(wire_id=URI)
    assert (article.body, article.wire_version) == (BODY_V2, 2)
    assert (article.byline, article.dateline, article.standfirst) == ("Ayse Kaya", "Ankara", "Le chapô.")


def test_a_version_after_the_desk_edited_the_story_changes_nothing_and_waits(edited, ingest):
    assert edited.headline == "Frappe meurtrière dans le nord de la Syrie"
    assert edited.body == BODY_V1
    assert edited.wire_version == 1
    pending = PendingAgencyVersion.objects.get(article=edited)
    assert pending.wire_version == 2
    assert pending.values["body"] == BODY_V2
    history = LogEntry.objects.filter(object_id=str(edited.pk)).latest("pk").change_message
    assert history.startswith("Nouvelle version du fil en attente (version 2, fichier v2.json)")
    # The same file again adds nothing.
    assert ingest(version(2)).results[0].outcome == "unchanged"
    assert PendingAgencyVersion.objects.count() == 1


def test_the_summary_counts_pending_versions_only_when_there_are(edited, ingest):
    report = ingest(version(3, bodies=[{"role": "main", "contentType": "text/html", "value": "<p>Troisième.</p>"}]))
    assert report.summary() == (
        "0 créées, 0 mises à jour, 1 en attente d'un éditeur, 0 inchangées, 0 ignorées, 0 en échec."
    )
    assert PendingAgencyVersion.objects.get(article=edited).wire_version == 3
    assert "en attente" not in ingest(version(3)).summary()


def test_the_article_form_points_to_the_pending_version_and_shows_agency_times(edited, editor_client):
    page = editor_client.get(reverse("admin:articles_article_change", args=[edited.pk])).text
    assert "Une nouvelle version de l'agence attend" in page
    assert f'href="{pending_page(editor_client, edited)}"' in page
    assert "Dépêche créée le" in page or "dépêche créée le" in page.lower()
    assert "Version de la dépêche du" in page or "version de la dépêche du" in page.lower()


def test_the_editor_sees_the_diff_field_by_field(edited, editor_client):
    response = editor_client.get(pending_page(editor_client, edited))
    assert response.status_code == 200
    page = response.text
    assert "Version 2 reçue le" in page
    assert 'id="champ-headline"' in page
    assert "<del>Frappe meurtrière dans le nord de la Syrie</del>" in page
    assert "<ins>Frappe aérienne dans le nord de la Syrie</ins>" in page
    assert "<ins>&lt;p&gt;Bilan revu à la hausse : 31 morts.&lt;/p&gt;</ins>" in page
    assert "<del>&lt;p&gt;Second.&lt;/p&gt;</del>" in page
    # What both say is no row: the byline the version omits is no change either.
    assert 'id="champ-byline"' not in page
    assert 'value="take"' in page and 'value="leave"' in page


def test_taking_the_version_applies_it(edited, editor_client, editor):
    pending = PendingAgencyVersion.objects.get(article=edited)
    response = editor_client.post(pending_page(editor_client, edited), {"pending": pending.pk, "decision": "take"})

    assert response.status_code == 302
    article = Article.objects.get(pk=edited.pk)
    assert (article.headline, article.body) == ("Frappe aérienne dans le nord de la Syrie", BODY_V2)
    assert article.wire_version == 2
    assert article.byline == "Ayse Kaya"
    assert not PendingAgencyVersion.objects.exists()
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("pk")
    assert entry.user == editor
    assert entry.change_message.startswith("Version d'agence reprise (version 2, fichier v2.json) : titre, texte")


def test_a_version_taken_then_a_newer_one_applies_directly(edited, editor_client, ingest):
    pending = PendingAgencyVersion.objects.get(article=edited)
    editor_client.post(pending_page(editor_client, edited), {"pending": pending.pk, "decision": "take"})

    report = ingest(version(3, bodies=[{"role": "main", "contentType": "text/html", "value": "<p>Troisième.</p>"}]))
    assert report.results[0].outcome == "updated"
    assert Article.objects.get(pk=edited.pk).body == "<p>Troisième.</p>"


def test_leaving_the_version_keeps_the_desk_text(edited, editor_client, ingest):
    pending = PendingAgencyVersion.objects.get(article=edited)
    response = editor_client.post(
        pending_page(editor_client, edited), {"pending": pending.pk, "decision": "leave"}, follow=True
    )

    messages = [str(message) for message in response.context["messages"]]
    assert "Version d'agence écartée : l'article reste tel que la rédaction l'a modifié." in messages
    article = Article.objects.get(pk=edited.pk)
    assert (article.headline, article.body) == ("Frappe meurtrière dans le nord de la Syrie", BODY_V1)
    assert not PendingAgencyVersion.objects.exists()
    # Left, the version is read: the same file again changes nothing and asks nothing.
    assert ingest(version(2)).results[0].outcome == "unchanged"
    assert not PendingAgencyVersion.objects.exists()


def test_a_reporter_may_leave_but_not_take(edited, reporter_client):
    pending = PendingAgencyVersion.objects.get(article=edited)
    page = reporter_client.get(pending_page(reporter_client, edited)).text
    assert 'value="take"' not in page
    assert "Seul un éditeur peut reprendre une version d'agence." in page

    response = reporter_client.post(pending_page(reporter_client, edited), {"pending": pending.pk, "decision": "take"})
    assert response.status_code == 403
    assert Article.objects.get(pk=edited.pk).body == BODY_V1
    assert PendingAgencyVersion.objects.filter(pk=pending.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pending": "0", "decision": "take"}, "Cette version d'agence n'est plus en attente"),
        ({"pending": "x", "decision": "take"}, "Décision illisible : rien n'a été changé."),
        ({"decision": "publier"}, "Décision illisible : rien n'a été changé."),
    ],
)
def test_a_stale_or_unreadable_decision_changes_nothing(edited, editor_client, data, message):
    response = editor_client.post(pending_page(editor_client, edited), data, follow=True)

    assert response.status_code == 200
    assert any(str(shown).startswith(message) for shown in response.context["messages"])
    assert Article.objects.get(pk=edited.pk).body == BODY_V1
    assert PendingAgencyVersion.objects.count() == 1


def test_no_pending_version_sends_back_to_the_article(ingest, editor_client):
    ingest(version(1))
    article = Article.objects.get(wire_id=URI)
    response = editor_client.get(pending_page(editor_client, article), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:articles_article_change", args=[article.pk])
    assert "Aucune version d'agence en attente pour cet article." in [str(m) for m in response.context["messages"]]
    assert editor_client.get(reverse("admin:articles_article_agency_version", args=["999999"])).status_code == 404


def test_the_import_page_gives_its_default_language_to_items_without_one(editor_client):
    url = reverse("admin:articles_article_ingest")
    item = ninjs("urn:newsdesk:sv:1", language=None, headlines=[{"role": "main", "value": "Försvaret 2023"}])
    assert "Langue par défaut" in editor_client.get(url).text

    refused = editor_client.post(url, {"files": [SimpleUploadedFile("tt.json", item)], "language": "suédois !"})
    assert refused.status_code == 200
    assert "Code de langue invalide : fr, en, sv ou en-GB, par exemple." in refused.text
    assert not Article.objects.exists()

    import_through_admin(editor_client, [SimpleUploadedFile("tt.json", item)], language="sv")
    assert Article.objects.get(wire_id="urn:newsdesk:sv:1").language == "sv"


@pytest.mark.parametrize("object_id", ["abc", "99999999999999999999999", "-1"])
def test_an_unreadable_article_id_is_a_404_not_an_error(editor_client, object_id):
    response = editor_client.get(f"/admin/articles/article/{object_id}/version-agence/")
    assert response.status_code == 404
