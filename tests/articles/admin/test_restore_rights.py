"""Restoring a revision: a reporter never writes back anything that would change copy out of draft.

A revision holds every object saved with it. A quote or toll a reporter saved
while its article was a draft holds that article as a draft: restoring it from
the quote's or toll's own history page would unpublish the article.
"""

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, CasualtyFigure, Quote
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


def quote_form(article, source, text):
    return {"article": str(article.pk), "source": str(source.pk), "text": text, "context": "", "position": "0"}


def toll_form(article, source):
    now = timezone.localtime()
    return {
        "article": str(article.pk),
        "outcome": "killed",
        "count": "29",
        "qualifier": "at_least",
        "victims": "soldats turcs",
        "victim_category": "military",
        "source": str(source.pk),
        "reported_at_0": now.strftime("%d/%m/%Y"),
        "reported_at_1": now.strftime("%H:%M:%S"),
    }


def publish(editor_client, article):
    response = editor_client.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk]}
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).is_published()


@pytest.fixture
def draft():
    return ArticleFactory(status="draft", published_at=None, headline="Au moins 29 soldats turcs tués à Idleb")


@pytest.fixture
def source():
    return SourceFactory(name="", role="ministère turc de la Défense", kind="government")


@pytest.fixture
def quote_saved_on_the_draft(reporter_client, draft, source):
    """A quote the reporter added through its admin page while the article was a draft, and its revision."""
    response = reporter_client.post(
        "/admin/articles/quote/add/", quote_form(draft, source, "Nos soldats ont été visés par l'artillerie")
    )
    assert response.status_code == 302
    quote = Quote.objects.get()
    return quote, Version.objects.get_for_object(quote).get()


@pytest.fixture
def toll_saved_on_the_draft(reporter_client, draft, source):
    """A toll the reporter added through its admin page while the article was a draft, and its revision."""
    response = reporter_client.post("/admin/articles/casualtyfigure/add/", toll_form(draft, source))
    assert response.status_code == 302
    figure = CasualtyFigure.objects.get()
    return figure, Version.objects.get_for_object(figure).get()


def test_the_quote_revision_holds_the_article_as_a_draft(quote_saved_on_the_draft, draft):
    _quote, version = quote_saved_on_the_draft
    held = {v.content_type.model_class() for v in version.revision.version_set.all()}
    assert Article in held


def test_reporter_cannot_unpublish_an_article_by_restoring_its_quote(
    reporter_client, editor_client_2, quote_saved_on_the_draft, draft, source
):
    quote, version = quote_saved_on_the_draft
    publish(editor_client_2, draft)
    url = f"/admin/articles/quote/{quote.pk}/history/{version.pk}/"

    assert reporter_client.get(url).status_code == 403
    response = reporter_client.post(url, quote_form(draft, source, quote.text))
    assert response.status_code == 403
    article = Article.objects.get(pk=draft.pk)
    assert article.is_published()
    assert reporter_client.get(article.get_absolute_url()).status_code == 200


def test_reporter_cannot_unpublish_an_article_by_restoring_its_toll(
    reporter_client, editor_client_2, toll_saved_on_the_draft, draft, source
):
    figure, version = toll_saved_on_the_draft
    publish(editor_client_2, draft)
    url = f"/admin/articles/casualtyfigure/{figure.pk}/history/{version.pk}/"

    assert reporter_client.get(url).status_code == 403
    assert reporter_client.post(url, toll_form(draft, source)).status_code == 403
    assert Article.objects.get(pk=draft.pk).is_published()


def test_reporter_cannot_restore_a_quote_since_moved_to_a_published_article(
    reporter_client, editor_client_2, quote_saved_on_the_draft, source
):
    quote, version = quote_saved_on_the_draft
    published = ArticleFactory(headline="Nouveau bilan à Idleb")
    moved = quote_form(published, source, quote.text)
    assert editor_client_2.post(f"/admin/articles/quote/{quote.pk}/change/", moved).status_code == 302

    url = f"/admin/articles/quote/{quote.pk}/history/{version.pk}/"
    assert reporter_client.post(url, quote_form(quote.article, source, quote.text)).status_code == 403
    assert Quote.objects.get(pk=quote.pk).article_id == published.pk


def test_reporter_still_restores_a_quote_of_a_draft(reporter_client, quote_saved_on_the_draft, draft, source):
    quote, version = quote_saved_on_the_draft
    changed = quote_form(draft, source, "Des mots changés depuis")
    assert reporter_client.post(f"/admin/articles/quote/{quote.pk}/change/", changed).status_code == 302

    url = f"/admin/articles/quote/{quote.pk}/history/{version.pk}/"
    assert reporter_client.get(url).status_code == 200
    assert reporter_client.post(url, quote_form(draft, source, quote.text)).status_code == 302
    assert Quote.objects.get(pk=quote.pk).text == quote.text


def test_an_editor_restores_a_published_article_s_quote_revision(
    editor_client_2, quote_saved_on_the_draft, draft, source
):
    quote, version = quote_saved_on_the_draft
    publish(editor_client_2, draft)
    url = f"/admin/articles/quote/{quote.pk}/history/{version.pk}/"
    assert editor_client_2.post(url, quote_form(draft, source, quote.text)).status_code == 302
    # The editor's decision: the revision held the article as a draft, and it is one again.
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


@pytest.fixture
def editor_client_2(db):
    """An editor in a client of their own, beside the reporter's."""
    from django.test import Client

    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="editrice", group="Éditeurs"))
    return client


def test_reporter_cannot_recover_a_deleted_quote_into_a_published_article(
    reporter_client, editor_client_2, quote_saved_on_the_draft, draft, source
):
    quote, version = quote_saved_on_the_draft
    publish(editor_client_2, draft)
    assert editor_client_2.post(f"/admin/articles/quote/{quote.pk}/delete/", {"post": "yes"}).status_code == 302
    deleted = Version.objects.get_deleted(Quote).get()

    url = f"/admin/articles/quote/recover/{deleted.pk}/"
    assert reporter_client.get(url).status_code == 403
    assert reporter_client.post(url, quote_form(draft, source, quote.text)).status_code == 403
    assert not Quote.objects.exists()
    assert Article.objects.get(pk=draft.pk).is_published()
