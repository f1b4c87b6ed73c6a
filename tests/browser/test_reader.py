"""A reader goes from the latest news to an article, then to a tag page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_opens_an_article_from_the_latest_news_then_its_tag(page, demo_desk):
    article = demo_desk.get(slug="idleb-washington-offensive")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dernières Infos")
    expect(page.get_by_role("article")).to_have_count(demo_desk.published().count())
    # The newest item comes first and carries the URGENT mark.
    expect(page.get_by_role("article").first).to_contain_text("URGENT")

    page.get_by_role("link", name=article.headline).click()
    expect(page).to_have_url(re.compile(rf"/article/{article.pk}/idleb-washington-offensive/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
    toll = page.get_by_role("region", name="Bilan")
    expect(toll).to_contain_text("33 soldats turcs tués, selon les autorités turques")
    history = toll.get_by_role("list", name="Évolution du bilan").get_by_role("listitem")
    expect(history).to_have_count(4)
    expect(history.first).to_contain_text("Premier bilan")
    expect(history.first).to_contain_text("9 soldats turcs tués")
    pull_quote = page.get_by_role("figure").filter(has=page.get_by_role("blockquote"))
    expect(pull_quote).to_contain_text("« l'allié du passé et de l'avenir »")
    expect(pull_quote).to_contain_text("Kay Bailey Hutchison, ambassadrice des Etats-Unis auprès de l'Otan")
    tags = page.get_by_role("list", name="Mots-clés").get_by_role("link")
    expect(tags).to_contain_text(["conflit", "Etats-Unis", "Otan", "Syrie", "Turquie"])

    tags.filter(has_text="Otan").click()
    expect(page).to_have_url(re.compile(r"/tag/otan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thème : Otan")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        [other.headline for other in demo_desk.published().tagged("otan").newest_first()]
    )


def test_a_dispatch_that_is_not_out_yet_is_nowhere_on_the_site(page, demo_desk):
    scheduled = demo_desk.get(slug="chomage-troisieme-trimestre")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dernières Infos")
    expect(page.get_by_text(scheduled.headline)).to_have_count(0)
    response = page.goto(scheduled.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
