"""The attribution gate: no published toll without its source, and a headline that agrees with the toll."""

import pytest
from django.utils import timezone

from articles.models import Article, CasualtyFigure
from tests.articles.test_admin import ADD_URL, article_form, with_quote_and_toll
from tests.factories import ArticleFactory, CasualtyFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db


def published_with_toll(source, **overrides):
    data = with_quote_and_toll(article_form(status="published", **overrides), source)
    return data


def test_publishing_refuses_a_toll_without_source_with_a_french_error_on_the_field(editor_client):
    data = published_with_toll(SourceFactory())
    data["casualty_figures-0-source"] = ""
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    toll_form = response.context["inline_admin_formsets"][1].formset.forms[0]
    assert "Un bilan publié doit citer sa source" in toll_form.errors["source"][0]
    assert not Article.objects.exists() and not CasualtyFigure.objects.exists()


def test_a_draft_may_keep_an_unsourced_toll_while_it_is_written(editor_client):
    data = with_quote_and_toll(article_form(), SourceFactory())
    data["casualty_figures-0-source"] = ""
    assert editor_client.post(ADD_URL, data).status_code == 302
    assert CasualtyFigure.objects.get().source is None


def test_publishing_refuses_a_quote_without_source(editor_client):
    data = published_with_toll(SourceFactory())
    data["quotes-0-source"] = ""
    response = editor_client.post(ADD_URL, data)
    quote_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert "Une citation doit être attribuée à une source" in quote_form.errors["source"][0]
    assert not Article.objects.exists()


def test_publish_action_refuses_an_article_whose_toll_has_no_source(editor_client):
    figure = CasualtyFigureFactory(article=ArticleFactory(status="draft", published_at=None), source=None)
    response = editor_client.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [figure.article_id]}, follow=True
    )
    assert "ne cite pas de source" in response.content.decode()
    assert Article.objects.get().status == Article.Status.DRAFT


def test_a_headline_number_that_differs_from_the_toll_is_refused_until_the_editor_writes_a_note(editor_client):
    source = SourceFactory()
    data = published_with_toll(source, headline="Séisme : 30 morts dans l'est du pays")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le titre annonce 30" in page and "au moins 12 personnes tuées" in page
    assert not Article.objects.exists()

    data["toll_note"] = "Le titre reprend le bilan de la préfecture, plus récent."
    assert editor_client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert article.is_published()


def test_a_headline_that_agrees_with_the_current_toll_passes(editor_client):
    data = published_with_toll(SourceFactory(), headline="Séisme : au moins 12 morts dans l'est du pays")
    assert editor_client.post(ADD_URL, data).status_code == 302


def test_the_headline_is_compared_with_the_new_toll_not_the_one_it_revises(editor_client):
    source = SourceFactory()
    first = CasualtyFigureFactory(count=22, source=source, article=ArticleFactory(headline="Attaque : 22 soldats tués"))
    article = first.article
    article.refresh_from_db()
    now = timezone.localtime()
    data = article_form(
        headline="Attaque : 29 soldats tués",
        slug=article.slug,
        status="published",
        published_at_0=timezone.localtime(article.published_at).strftime("%d/%m/%Y"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        loaded_version=str(article.version),
    )
    common = {
        "outcome": "killed",
        "qualifier": "at_least",
        "victims": "soldats turcs",
        "victim_category": "military",
        "source": str(source.pk),
        "reported_at_0": now.strftime("%d/%m/%Y"),
        "reported_at_1": now.strftime("%H:%M:%S"),
    }
    data.update({"casualty_figures-TOTAL_FORMS": "2", "casualty_figures-INITIAL_FORMS": "1"})
    data.update({f"casualty_figures-0-{k}": v for k, v in {**common, "id": str(first.pk), "count": "22"}.items()})
    data.update(
        {f"casualty_figures-1-{k}": v for k, v in {**common, "count": "29", "supersedes": str(first.pk)}.items()}
    )
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert [figure.count for figure in Article.objects.get(pk=article.pk).current_tolls()] == [29]
