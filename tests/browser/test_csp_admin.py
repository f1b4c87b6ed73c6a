"""The enforced Content-Security-Policy in Chromium: reader pages and the admin work, nothing is refused."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory, QuoteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def csp_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.refusals = []
    page.on(
        "console",
        lambda message: page.refusals.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()


def test_reader_pages_load_their_styles_and_nothing_is_refused(csp_page):
    article = ArticleFactory(headline="Incendie à Marseille", tags=["Sécurité"])
    QuoteFactory(article=article, featured=True)
    for url in ("/", article.get_absolute_url(), "/recherche/?q=Marseille"):
        response = csp_page.goto(url)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        # The stylesheet applied: the header is laid out by site.css, not the browser's defaults.
        assert csp_page.evaluate("document.styleSheets.length") >= 1
        assert csp_page.evaluate("getComputedStyle(document.body).marginTop") == "0px", url
    assert csp_page.refusals == []


def test_the_admin_article_form_works_under_the_policy(csp_page, live_server, editor):
    desk = Client()
    desk.force_login(editor)
    csp_page.context.add_cookies(
        [{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}]
    )
    csp_page.goto("/admin/articles/article/add/")
    # The admin's own scripts run: the slug is filled from the headline as the editor types.
    csp_page.locator("#id_headline").fill("Grève des contrôleurs aériens")
    csp_page.locator("#id_headline").blur()
    assert csp_page.locator("#id_slug").input_value() == "greve-des-controleurs-aeriens"
    # The quotes inline's "add another" button is added by JavaScript.
    csp_page.get_by_text("Ajouter un objet Citation supplémentaire").click()
    assert csp_page.locator("#quotes-0").count() == 1
    assert csp_page.refusals == []
