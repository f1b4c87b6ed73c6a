"""Suggestions from an article's copy, reviewed in the admin, and made on ingest."""

import pytest
from django.urls import reverse

from articles.models import Article, CasualtyFigure, Quote
from extraction.models import Suggestion
from extraction.suggest import suggest_for_article
from tests.articles.admin_forms import add_article
from tests.articles.ingest.items import ingest, ninjs, wire_account  # noqa: F401
from tests.factories import ArticleFactory, SourceFactory
from tests.support import queued_tasks, run_queued_tasks

BODY = (
    "<p>Au moins 17 soldats turcs ont été tués dimanche, selon le ministère turc de la Défense.</p>"
    "<p>« Nos héros ne seront pas oubliés », a déclaré le président Recep Tayyip Erdogan à Ankara.</p>"
)


@pytest.fixture
def erdogan(db):
    return SourceFactory(name="Recep Tayyip Erdogan", role="président de la Turquie")


@pytest.fixture
def draft(db):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, body=BODY)


def test_suggestions_are_found_and_matched_to_sources_but_nothing_is_created(draft, erdogan):
    assert suggest_for_article(draft) == 2
    quote = draft.suggestions.get(kind=Suggestion.Kind.QUOTE)
    toll = draft.suggestions.get(kind=Suggestion.Kind.TOLL)
    assert (quote.text, quote.source) == ("Nos héros ne seront pas oubliés", erdogan)
    assert (toll.count, toll.qualifier, toll.victims) == (17, "at_least", "soldats turcs")
    assert str(toll) == "au moins 17 soldats turcs tués"
    assert not Quote.objects.exists() and not CasualtyFigure.objects.exists()


def test_a_dismissed_suggestion_stays_dismissed_when_the_copy_is_saved_again(draft, erdogan, editor):
    suggest_for_article(draft)
    draft.suggestions.filter(kind=Suggestion.Kind.QUOTE).update(status=Suggestion.Status.DISMISSED)
    assert suggest_for_article(draft) == 0
    assert draft.suggestions.get(kind=Suggestion.Kind.QUOTE).status == Suggestion.Status.DISMISSED


def test_editor_accepts_a_quote_and_the_article_gets_it(editor_client, draft, erdogan):
    suggest_for_article(draft)
    suggestion = draft.suggestions.get(kind=Suggestion.Kind.QUOTE)
    url = reverse("admin:extraction_suggestion_review", args=[suggestion.pk])
    page = editor_client.get(url)
    assert page.status_code == 200 and "Nos héros ne seront pas oubliés" in page.text
    data = {"article": draft.pk, "source": erdogan.pk, "text": suggestion.text, "context": "", "position": 0}
    response = editor_client.post(url, data)
    assert response.status_code == 302
    quote = draft.quotes.get()
    assert (quote.text, quote.source) == ("Nos héros ne seront pas oubliés", erdogan)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.quote) == (Suggestion.Status.ACCEPTED, quote)


def test_a_toll_cannot_be_accepted_on_a_published_article_without_its_source(editor_client, erdogan):
    article = ArticleFactory(body=BODY)
    suggest_for_article(article)
    suggestion = article.suggestions.get(kind=Suggestion.Kind.TOLL)
    url = reverse("admin:extraction_suggestion_review", args=[suggestion.pk])
    data = {"article": article.pk, "outcome": "killed", "count": 17, "qualifier": "at_least",
            "victims": "soldats turcs", "victim_category": "military", "reported_at_0": "2026-12-01",
            "reported_at_1": "10:00"}  # fmt: skip
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Un bilan publié doit citer sa source" in response.text
    assert not article.casualty_figures.exists()
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.PENDING


def test_a_reporter_cannot_accept_a_suggestion_on_a_published_article(reporter_client, erdogan):
    article = ArticleFactory(body=BODY)
    suggest_for_article(article)
    suggestion = article.suggestions.get(kind=Suggestion.Kind.QUOTE)
    url = reverse("admin:extraction_suggestion_review", args=[suggestion.pk])
    data = {"article": article.pk, "source": erdogan.pk, "text": suggestion.text, "context": "", "position": 0}
    response = reporter_client.post(url, data)
    assert response.status_code == 200
    assert "Seul un éditeur peut modifier un article publié ou retiré." in response.text
    assert not article.quotes.exists()


@pytest.mark.parametrize("status", ["published", "withdrawn"])
def test_a_reporter_cannot_dismiss_a_suggestion_on_an_article_out_of_draft(reporter_client, erdogan, status):
    article = ArticleFactory(body=BODY, status=status)
    suggest_for_article(article)
    toll = article.suggestions.get(kind=Suggestion.Kind.TOLL)
    url = reverse("admin:extraction_suggestion_review", args=[toll.pk])
    page = reporter_client.get(url)
    assert page.status_code == 200 and 'name="_dismiss"' not in page.text
    assert reporter_client.post(url, {"_dismiss": "1"}).status_code == 403
    # The new toll stays in the editors' queue.
    assert Suggestion.objects.get(pk=toll.pk).status == Suggestion.Status.PENDING


def test_a_reporter_dismisses_a_suggestion_on_a_draft_and_an_editor_on_a_published_article(
    reporter_client, editor, erdogan, draft
):
    suggest_for_article(draft)
    quote = draft.suggestions.get(kind=Suggestion.Kind.QUOTE)
    response = reporter_client.post(reverse("admin:extraction_suggestion_review", args=[quote.pk]), {"_dismiss": "1"})
    assert response.status_code == 302
    assert Suggestion.objects.get(pk=quote.pk).status == Suggestion.Status.DISMISSED

    published = ArticleFactory(body=BODY)
    suggest_for_article(published)
    toll = published.suggestions.get(kind=Suggestion.Kind.TOLL)
    reporter_client.force_login(editor)
    url = reverse("admin:extraction_suggestion_review", args=[toll.pk])
    assert 'name="_dismiss"' in reporter_client.get(url).text
    assert reporter_client.post(url, {"_dismiss": "1"}).status_code == 302
    assert Suggestion.objects.get(pk=toll.pk).status == Suggestion.Status.DISMISSED


def test_dismissing_creates_nothing(editor_client, draft, erdogan):
    suggest_for_article(draft)
    suggestion = draft.suggestions.get(kind=Suggestion.Kind.QUOTE)
    url = reverse("admin:extraction_suggestion_review", args=[suggestion.pk])
    assert editor_client.post(url, {"_dismiss": "1"}).status_code == 302
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.DISMISSED
    assert not draft.quotes.exists()


def test_saving_in_the_admin_queues_suggestions_that_the_worker_makes_and_the_form_links_to_them(
    editor_client, erdogan
):
    article = add_article(editor_client, headline="Attaque contre un poste frontalier", slug="poste", body=BODY)
    # The save only queued the work: the form says suggestions are coming.
    assert not article.suggestions.exists()
    assert len(queued_tasks("extraction.tasks.suggest")) == 1
    waiting = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Suggestions en préparation" in waiting.text
    assert run_queued_tasks() == 1
    assert article.suggestions.pending().count() == 2
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "2 suggestions à examiner" in change.text
    assert "Suggestions en préparation" not in change.text
    listing = editor_client.get(
        reverse("admin:extraction_suggestion_changelist"),
        {"article__id__exact": article.pk, "status__exact": "pending"},
    )
    assert listing.status_code == 200
    assert "au moins 17 soldats turcs tués" in listing.text
    for suggestion in article.suggestions.all():
        assert reverse("admin:extraction_suggestion_review", args=[suggestion.pk]) in listing.text


def test_a_suggestion_decided_already_is_not_decided_twice(editor_client, draft, erdogan):
    suggest_for_article(draft)
    suggestion = draft.suggestions.get(kind=Suggestion.Kind.QUOTE)
    url = reverse("admin:extraction_suggestion_review", args=[suggestion.pk])
    editor_client.post(url, {"_dismiss": "1"})
    data = {"article": draft.pk, "source": erdogan.pk, "text": suggestion.text, "context": "", "position": 0}
    response = editor_client.post(url, data, follow=True)
    assert "Cette suggestion a déjà été traitée." in response.text
    assert not draft.quotes.exists()


def test_a_user_who_may_not_add_quotes_gets_a_403(client, draft, erdogan):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="stagiaire"))
    suggest_for_article(draft)
    suggestion = draft.suggestions.get(kind=Suggestion.Kind.QUOTE)
    response = client.post(reverse("admin:extraction_suggestion_review", args=[suggestion.pk]), {"_dismiss": "1"})
    assert response.status_code == 403
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.PENDING


def test_ingest_queues_the_items_suggestions_for_the_worker(ingest):  # noqa: F811
    body = "<p>Plus de 1 200 personnes ont été déplacées, a annoncé la préfecture jeudi.</p>"
    report = ingest(("item.json", ninjs(bodies=[{"role": "main", "contentType": "text/html", "value": body}])))
    (result,) = report.results
    assert not Suggestion.objects.exists()  # the import only queued them
    run_queued_tasks()
    (suggestion,) = Suggestion.objects.filter(article_id=result.article_id)
    assert (suggestion.outcome, suggestion.count, suggestion.qualifier) == ("displaced", 1200, "more_than")
    assert suggestion.speaker == "la préfecture"


def test_a_new_count_prefills_the_revision_of_the_current_toll(editor_client, erdogan):
    from tests.factories import CasualtyFigureFactory

    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, body=BODY)
    first = CasualtyFigureFactory(article=article, count=12, victims="soldats turcs")
    suggest_for_article(article)
    suggestion = article.suggestions.get(kind=Suggestion.Kind.TOLL)
    page = editor_client.get(reverse("admin:extraction_suggestion_review", args=[suggestion.pk]))
    assert page.context["form"].initial["supersedes"] == first.pk
    assert "admin/js/autocomplete.js" in page.text  # sources are searched, not listed


def test_the_accepted_row_goes_to_the_suggestions_article_whatever_was_posted(editor_client, draft, erdogan):
    other = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    suggest_for_article(draft)
    suggestion = draft.suggestions.get(kind=Suggestion.Kind.QUOTE)
    data = {"article": other.pk, "source": erdogan.pk, "text": suggestion.text, "context": "", "position": 0}
    editor_client.post(reverse("admin:extraction_suggestion_review", args=[suggestion.pk]), data)
    assert draft.quotes.count() == 1 and not other.quotes.exists()
