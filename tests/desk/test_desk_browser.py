"""The desk's pages in Chromium at a desk's 1280 px: actions in view, one-click accept, a source made in a pop-up."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import CasualtyFigure, Source
from extraction.models import Suggestion
from tests.desk.conftest import SECOND, THIRD, dispatch, figure, quote_suggestion, toll_suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LONG_HEADLINE = (
    "Syrie : au moins 29 soldats turcs tués dans une frappe aérienne attribuée aux forces gouvernementales "
    "près d'Idleb, selon un nouveau bilan"
)


def desk_page(browser, live_server, user, width=1280):
    """Return a page of Chromium signed in as ``user``, ``width`` px wide."""
    desk = Client()
    desk.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def right_edge(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"]


def test_the_suggestions_list_fits_1280_px_with_examiner_in_view(browser, live_server, editor, story, authorities):
    article = dispatch(story, LONG_HEADLINE, sent=THIRD)
    suggestion = toll_suggestion(article, 29, source=authorities)
    Suggestion.objects.filter(pk=suggestion.pk).update(
        sentence="Au moins 29 soldats turcs ont été tués jeudi soir dans une frappe aérienne attribuée aux forces "
        "du régime syrien dans la province d'Idleb, dans le nord-ouest de la Syrie, selon un nouveau bilan "
        "communiqué vendredi matin par les autorités turques à Ankara."
    )
    quote_suggestion(article, "Nous répondrons avec toute la fermeté nécessaire à cette attaque ignoble " * 3)
    page = desk_page(browser, live_server, editor)

    page.goto(reverse("admin:extraction_suggestion_changelist"))

    links = page.get_by_role("link", name="Examiner", exact=True)
    assert links.count() == 2
    shown = right_edge(page.locator("#changelist .results"))  # what the list's own scrolling shows
    for index in range(2):
        assert right_edge(links.nth(index)) <= min(shown, 1280)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.context.close()


def test_an_editor_accepts_a_toll_from_the_queue_in_one_click(browser, live_server, editor, story, authorities):
    article = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD)
    earlier = figure(
        dispatch(story, "Syrie : 22 soldats turcs tués", sent=SECOND), 22, source=authorities, reported_at=SECOND
    )
    toll_suggestion(article, 29, source=authorities)
    quote_suggestion(dispatch(story, LONG_HEADLINE, sent=THIRD), "Nous répondrons")
    page = desk_page(browser, live_server, editor)
    page.goto(reverse("admin:desk_queueentry_changelist"))
    accept = page.get_by_role("button", name="Accepter", exact=True)
    assert right_edge(accept) <= 1280

    accept.click()

    page.get_by_text("Accepté : au moins 29 soldats turcs tués").wait_for()
    new = CasualtyFigure.objects.get(count=29)
    assert (new.supersedes, new.reported_at, new.article) == (earlier, THIRD, article)
    assert page.locator(".desk-item").count() == 1  # the quote still waits
    page.context.close()


def test_the_review_page_looks_like_the_admin_prefills_from_the_dispatch_and_creates_its_source(
    browser, live_server, editor, story
):
    article = dispatch(story, "Syrie : Ankara promet une riposte", sent=THIRD, dateline="Ankara")
    suggestion = quote_suggestion(article, "Nous répondrons", speaker="le ministre turc de la Défense")
    page = desk_page(browser, live_server, editor)
    page.goto(reverse("admin:extraction_suggestion_review", args=[suggestion.pk]))
    assert page.locator("#id_context").input_value() == "a déclaré le ministre turc de la Défense"
    # The admin's form styles apply: labels beside their fields, as on every admin form.
    assert page.locator(".form-row label").first.evaluate("label => getComputedStyle(label).display") != "inline"

    with page.expect_popup() as opened:
        page.locator("#add_id_source").click()
    popup = opened.value
    popup.locator("#id_role").fill("ministre turc de la Défense")
    popup.locator("#id_name").fill("Yasar Güler")
    popup.locator("#id_slug").fill("yasar-guler")
    popup.get_by_role("button", name="Enregistrer", exact=True).click()
    popup.wait_for_event("close")
    page.get_by_role("button", name="Accepter", exact=True).click()
    page.wait_for_url(f"**{reverse('admin:articles_article_change', args=[article.pk])}")

    quote = article.quotes.get()
    assert quote.source == Source.objects.get(name="Yasar Güler")
    assert quote.context == "a déclaré le ministre turc de la Défense"
    page.context.close()
