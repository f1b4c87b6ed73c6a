"""A reader goes from the latest news to an article, then to a tag page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_opens_an_article_from_the_latest_news_then_its_tag(page, demo_desk):
    article = demo_desk.get(slug="idleb-washington-offensive")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("À la une")
    # Every published item is on the front: a card, or a link folded under its story's newest dispatch.
    for item in demo_desk.published():
        link = page.get_by_role("link", name=item.headline, exact=True, include_hidden=True)
        expect(link.first).to_be_attached()
    # The newest item comes first and carries the URGENT mark.
    expect(page.get_by_role("article").first).to_contain_text("URGENT")

    page.get_by_role("link", name=article.headline).click()
    expect(page).to_have_url(re.compile(rf"/article/{article.pk}/idleb-washington-offensive/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
    toll = page.get_by_role("region", name="Bilan")
    expect(toll).to_contain_text("33 soldats turcs tués, selon les autorités turques")
    # The history is folded under the current toll: the reader unfolds it.
    expect(toll.get_by_role("list", name="Évolution du bilan")).to_be_hidden()
    toll.get_by_text("Évolution du bilan", exact=True).click()
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
        # One card per story: its newest dispatch tagged so, the earlier ones folded under it.
        [other.headline for other in demo_desk.published().tagged("otan").story_heads().newest_first()]
    )


def test_a_dispatch_that_is_not_out_yet_is_nowhere_on_the_site(page, demo_desk):
    scheduled = demo_desk.get(slug="chomage-troisieme-trimestre")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("À la une")
    expect(page.get_by_text(scheduled.headline)).to_have_count(0)
    response = page.goto(scheduled.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")


def demo_story(desk):
    """Put the demo's revised toll into a story with a later dispatch: a newer toll, and another source's; return it."""
    from articles.models import CasualtyFigure, Source, Story
    from tests.factories import ArticleFactory, CasualtyFigureFactory

    story = Story.objects.create(title="Offensive turque à Idleb")
    first = desk.get(slug="idleb-washington-offensive")
    first.story = story
    first.save()
    current = first.current_tolls()[0]
    later = ArticleFactory(headline="Idleb : nouveau bilan des pertes turques", story=story)
    CasualtyFigureFactory(article=later, count=36, victims="soldats turcs", supersedes=current, source=current.source)
    observers = Source.objects.create(name="l'OSDH", kind=Source.Kind.ORGANISATION, slug="osdh-demo")
    CasualtyFigureFactory(
        article=later, count=41, qualifier=CasualtyFigure.Qualifier.EXACT, victims="soldats turcs", source=observers
    )
    return story


def test_a_reader_follows_an_article_to_its_story_and_reads_the_tolls_source_by_source(page, demo_desk):
    story = demo_story(demo_desk)
    first = demo_desk.get(slug="idleb-washington-offensive")
    page.goto(first.get_absolute_url())
    toll = page.get_by_role("region", name="Bilan")
    expect(toll).to_contain_text("Remplacé par un bilan plus récent : au moins 36 soldats turcs tués")

    page.get_by_role("link", name=story.title).click()
    expect(page).to_have_url(re.compile(r"/dossier/offensive-turque-a-idleb/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier : {story.title}")
    tolls = page.get_by_role("region", name="Bilans")
    # Two sources at once: each count on its own line, never added up (36 + 41).
    expect(tolls.locator(".toll-sources li")).to_have_text(
        [
            re.compile("Au moins 36 soldats turcs tués, selon les autorités turques"),
            re.compile("41 soldats turcs tués, selon l'OSDH"),
        ]
    )
    expect(tolls).not_to_contain_text("77")
    expect(tolls.get_by_role("img")).to_have_accessible_name(re.compile("selon l'OSDH : 41"))
    timeline = tolls.get_by_role("list", name="Chronologie du bilan").get_by_role("listitem")
    expect(timeline.first).to_contain_text("9 soldats turcs tués")
    expect(timeline.first).to_contain_text("remplacé par un bilan plus récent")
    expect(timeline.last).to_contain_text("Idleb : nouveau bilan des pertes turques")
