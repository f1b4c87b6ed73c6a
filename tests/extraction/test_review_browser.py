"""The review page in Chromium under the enforced CSP: the source is searched and picked, the quote accepted."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from extraction.models import Suggestion
from extraction.suggest import suggest_for_article
from tests.factories import ArticleFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_editor_picks_the_source_with_the_autocomplete_and_accepts(browser, live_server, editor):
    SourceFactory(name="Michel Barnier", role="Premier ministre")
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        body="<p>« Nous ne négocierons pas sous la menace », a martelé le chef du gouvernement.</p>",
    )
    suggest_for_article(article)
    suggestion = article.suggestions.get()
    assert suggestion.source is None  # "le chef du gouvernement" names no known source
    desk = Client()
    desk.force_login(editor)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    refusals = []
    page.on("console", lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(reverse("admin:extraction_suggestion_review", args=[suggestion.pk]))
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("Barnier")
    page.locator(".select2-results__option", has_text="Michel Barnier").click()
    page.get_by_role("button", name="Accepter").click()
    page.wait_for_url(f"**{reverse('admin:articles_article_change', args=[article.pk])}")
    assert article.quotes.get().source.name == "Michel Barnier"
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.ACCEPTED
    assert refusals == []
    context.close()
