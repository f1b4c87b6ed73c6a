"""The desk's live pages through the admin: who opens coverages, who posts where, history and restore rights."""

import pytest
from django.urls import reverse
from reversion.models import Version

from live.models import LiveCoverage, LiveEntry
from live.posting import post_entry
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def post_url(coverage):
    return reverse("admin:live_livecoverage_post", args=[coverage.pk])


def test_an_editor_opens_a_coverage_and_a_reporter_cannot(editor_client, client, reporter, story):
    data = {"title": "Séisme en Crète", "slug": "seisme-crete", "story": story.pk, "status": "live", "summary": ""}
    response = editor_client.post(reverse("admin:live_livecoverage_add"), data)
    assert response.status_code == 302
    assert LiveCoverage.objects.get(slug="seisme-crete").started_at is not None

    client.force_login(reporter)
    refused = client.post(reverse("admin:live_livecoverage_add"), {**data, "slug": "autre"})
    assert refused.status_code == 403
    assert not LiveCoverage.objects.filter(slug="autre").exists()


def test_an_editor_posts_an_entry_with_a_toll_and_a_key_event_in_one_submit(editor_client, editor, coverage, toll):
    page = editor_client.get(post_url(coverage))
    assert page.status_code == 200 and toll.sentence() in page.content.decode()
    response = editor_client.post(
        post_url(coverage), {"text": "Ankara annonce une riposte", "is_key_event": "on", "toll": toll.pk}
    )
    assert response.status_code == 302
    entry = coverage.entries.get()
    assert (entry.author, entry.toll, entry.is_key_event) == (editor, toll, True)
    assert Version.objects.get_for_object(entry).count() == 1


def test_a_bad_posting_form_says_why_in_french_and_posts_nothing(editor_client, coverage):
    response = editor_client.post(post_url(coverage), {"text": "", "quote_text": "Nous riposterons"})
    assert response.status_code == 200
    assert "Une citation a une source." in response.content.decode()
    assert not coverage.entries.exists()


def test_an_editor_posts_a_flash_in_one_click(editor_client, coverage):
    flash = ArticleFactory(headline="URGENT - Idleb : Ankara frappe des positions syriennes", urgency=1)
    page = editor_client.get(post_url(coverage)).content.decode()
    assert flash.headline in page
    editor_client.post(post_url(coverage), {"article": flash.pk})
    entry = coverage.entries.get()
    assert entry.article == flash and entry.is_key_event
    assert flash.headline in editor_client.get(coverage.get_absolute_url()).content.decode()


def test_a_draft_dispatch_cannot_be_posted(editor_client, coverage):
    draft = ArticleFactory(status="draft")
    editor_client.post(post_url(coverage), {"article": draft.pk})
    assert not coverage.entries.exists()


def test_a_reporter_posts_only_where_an_editor_opened_the_coverage(reporter_client, coverage):
    assert reporter_client.get(post_url(coverage)).status_code == 403
    assert reporter_client.post(post_url(coverage), {"text": "Tirs"}).status_code == 403
    coverage.opened_to_reporters = True
    coverage.save()
    assert reporter_client.post(post_url(coverage), {"text": "Tirs"}).status_code == 302
    assert coverage.entries.get().text == "<p>Tirs</p>"


def test_a_reporter_edits_entries_only_of_a_coverage_opened_to_them(reporter_client, coverage, entry):
    change = reverse("admin:live_liveentry_change", args=[entry.pk])
    assert reporter_client.post(change, {"text": "Changé"}).status_code == 403
    coverage.opened_to_reporters = True
    coverage.save()
    response = reporter_client.post(change, {"text": "Frappes à Saraqeb", "correction": "Lieu précisé."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "<p>Frappes à Saraqeb</p>" and entry.corrected_at is not None


def test_a_deleted_entry_keeps_its_history_and_an_editor_recovers_it(editor_client, editor, coverage):
    entry = post_entry(coverage=coverage, author=editor, text="Entrée publiée par erreur")
    delete = reverse("admin:live_liveentry_delete", args=[entry.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not LiveEntry.objects.exists()
    version = Version.objects.get_deleted(LiveEntry).get()
    recover = reverse("admin:live_liveentry_recover", args=[version.pk])
    form = {"coverage": coverage.pk, "text": version.field_dict["text"], "correction": ""}
    assert editor_client.post(recover, form).status_code == 302
    assert LiveEntry.objects.get().text == "<p>Entrée publiée par erreur</p>"


def test_a_reporter_cannot_restore_an_entry_of_a_coverage_closed_to_them(reporter_client, editor, coverage):
    entry = post_entry(coverage=coverage, author=editor, text="Première version")
    version = Version.objects.get_for_object(entry).get()
    revision = reverse("admin:live_liveentry_revision", args=[entry.pk, version.pk])
    assert reporter_client.get(revision).status_code == 403
    coverage.opened_to_reporters = True
    coverage.save()
    assert reporter_client.get(revision).status_code == 200


@pytest.mark.parametrize("odd", ["abc", "-1", str(2**70), ""])
def test_an_odd_dispatch_id_posts_nothing_and_says_so(editor_client, coverage, odd):
    response = editor_client.post(post_url(coverage), {"article": odd}, follow=True)
    assert response.status_code == 200 and "pas publiée" in response.content.decode()
    assert not coverage.entries.exists()


def test_an_entry_page_offers_only_the_tolls_of_its_story(editor_client, entry, toll):
    from tests.factories import CasualtyFigureFactory

    elsewhere = CasualtyFigureFactory(article=ArticleFactory(), victims="marins grecs")
    html = editor_client.get(reverse("admin:live_liveentry_change", args=[entry.pk])).content.decode()
    assert "soldats turcs" in html and "marins grecs" not in html
    assert elsewhere.pk
