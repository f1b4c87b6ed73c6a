"""Every admin path that changes published content asks for the editor's permission."""

import pytest
from django.utils import timezone

from articles.models import Article, CasualtyFigure, Quote, Source
from tests.articles.admin_forms import _form_errors
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_reporter_cannot_withdraw_or_unpublish_a_published_article_through_its_form(reporter_client):
    article = ArticleFactory(headline="Publié")
    for status in ("withdrawn", "draft"):
        data = article_form(headline="Publié", slug=article.slug, status=status, withdrawal_reason="parce que")
        response = reporter_client.post(f"/admin/articles/article/{article.pk}/change/", data)
        assert response.status_code == 403
    article.refresh_from_db()
    assert article.is_published()


def test_reporter_cannot_run_withdraw_even_by_posting_the_confirmation(reporter_client):
    article = ArticleFactory()
    reporter_client.post(
        "/admin/articles/article/",
        {"action": "withdraw", "_selected_action": [article.pk], "confirm": "yes", "reason": "Je retire"},
    )
    article.refresh_from_db()
    assert article.is_published()


def test_reporter_cannot_move_a_quote_off_a_published_article(reporter_client):
    quote = QuoteFactory()
    draft = ArticleFactory(status="draft", published_at=None)
    response = reporter_client.post(
        f"/admin/articles/quote/{quote.pk}/change/",
        {"article": draft.pk, "source": quote.source_id, "text": quote.text, "context": "", "position": "0"},
    )
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.article.status == Article.Status.PUBLISHED


def test_reporter_cannot_move_a_draft_quote_onto_a_published_article(reporter_client):
    quote = QuoteFactory(article=ArticleFactory(status="draft", published_at=None))
    published = ArticleFactory()
    response = reporter_client.post(
        f"/admin/articles/quote/{quote.pk}/change/",
        {"article": published.pk, "source": quote.source_id, "text": quote.text, "context": "", "position": "0"},
    )
    assert response.status_code == 200
    assert "Seul un éditeur" in response.content.decode()
    quote.refresh_from_db()
    assert quote.article.status == Article.Status.DRAFT


def test_reporter_cannot_move_or_delete_a_toll_of_a_published_article(reporter_client):
    figure = CasualtyFigureFactory(count=22)
    draft = ArticleFactory(status="draft", published_at=None)
    now = timezone.localtime()
    post = {
        "article": draft.pk,
        "outcome": "killed",
        "count": "22",
        "qualifier": "at_least",
        "victim_category": "military",
        "reported_at_0": now.strftime("%d/%m/%Y"),
        "reported_at_1": now.strftime("%H:%M:%S"),
    }
    assert reporter_client.post(f"/admin/articles/casualtyfigure/{figure.pk}/change/", post).status_code == 403
    assert (
        reporter_client.post(f"/admin/articles/casualtyfigure/{figure.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    figure.refresh_from_db()
    assert figure.article.status == Article.Status.PUBLISHED


def test_reporter_cannot_rename_a_source_quoted_in_a_published_article(reporter_client):
    source = SourceFactory(name="Kay Bailey Hutchison", role="ambassadrice")
    QuoteFactory(source=source)
    data = {
        "name": "Quelqu'un d'autre",
        "role": "x",
        "organisation": "",
        "kind": "person",
        "gender": "m",
        "country": "",
        "slug": source.slug,
    }
    response = reporter_client.post(f"/admin/articles/source/{source.pk}/change/", data)
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.name == "Kay Bailey Hutchison"


def test_reporter_may_rename_a_source_quoted_only_in_drafts_and_editor_any(reporter_client, editor):
    source = SourceFactory(name="Nom provisoire", role="porte-parole")
    QuoteFactory(source=source, article=ArticleFactory(status="draft", published_at=None))
    data = {
        "name": "Nom exact",
        "role": "porte-parole",
        "organisation": "",
        "kind": "person",
        "gender": "m",
        "country": "",
        "slug": source.slug,
    }
    assert reporter_client.post(f"/admin/articles/source/{source.pk}/change/", data).status_code == 302
    assert Source.objects.get(pk=source.pk).name == "Nom exact"


def test_reporter_still_edits_a_draft_with_its_quotes_and_tolls(reporter_client):
    draft = ArticleFactory(status="draft", published_at=None, headline="Brouillon")
    quote = QuoteFactory(article=draft)
    draft.refresh_from_db()  # the quote moved its version on
    data = article_form(headline="Brouillon corrigé", slug=draft.slug, loaded_version=str(draft.version))
    data.update(
        {
            "quotes-TOTAL_FORMS": "1",
            "quotes-INITIAL_FORMS": "1",
            "quotes-0-id": str(quote.pk),
            "quotes-0-article": str(draft.pk),
            "quotes-0-source": str(quote.source_id),
            "quotes-0-text": "Nouveaux mots",
            "quotes-0-position": "0",
        }
    )
    response = reporter_client.post(f"/admin/articles/article/{draft.pk}/change/", data)
    assert response.status_code == 302, _form_errors(response)
    assert Article.objects.get(pk=draft.pk).headline == "Brouillon corrigé"
    assert Quote.objects.get(pk=quote.pk).text == "Nouveaux mots"
    assert CasualtyFigure.objects.count() == 0


def test_reporter_cannot_restore_a_revision_even_of_a_draft(reporter_client, editor_client_for_draft):
    article, version = editor_client_for_draft
    response = reporter_client.get(f"/admin/articles/article/{article.pk}/history/{version.pk}/")
    assert response.status_code == 403


@pytest.fixture
def editor_client_for_draft(editor):
    """A draft saved once through a revision, and that revision."""
    import reversion
    from reversion.models import Version

    with reversion.create_revision():
        article = ArticleFactory(status="draft", published_at=None)
        reversion.set_user(editor)
    return article, Version.objects.get_for_object(article).get()
