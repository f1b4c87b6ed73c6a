"""A reader follows a story the wire threaded: one card for four dispatches, the earlier ones folded under it."""

import re

import pytest
from playwright.sync_api import expect

from articles.ingest.importer import IngestOptions, ingest_files, wire_user
from articles.models import Story
from tests.articles.ingest import story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_sees_one_card_for_a_developing_story_and_unfolds_its_earlier_dispatches(page):
    for name, data in story.leads():
        ingest_files([(name, data)], IngestOptions(user=wire_user(), publish=True, record_tolls=True))
    dossier = Story.objects.get()

    page.goto("/")

    cards = page.get_by_role("article")
    expect(cards).to_have_count(1)
    card = cards.first
    expect(card.get_by_role("heading", level=2)).to_have_text(f"URGENT {story.headline(33)}")
    earlier = card.get_by_role("group")
    expect(earlier).to_contain_text("3 dépêches précédentes sur ce sujet")
    expect(earlier.get_by_role("link", name=story.headline(9))).to_be_hidden()

    earlier.get_by_text("3 dépêches précédentes sur ce sujet").click()
    links = earlier.get_by_role("listitem").get_by_role("link")
    expect(links).to_have_text([story.headline(29), story.headline(22), story.headline(9)])

    links.last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(story.headline(9))
    # Its toll was revised by the later dispatches of the story, recorded from the agency's copy.
    expect(page.get_by_role("region", name="Bilan")).to_contain_text(
        "Remplacé par un bilan plus récent : au moins 22 soldats turcs tués"
    )

    page.get_by_role("link", name=dossier.title).click()
    expect(page).to_have_url(re.compile(rf"{dossier.get_absolute_url()}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier : {dossier.title}")
    expect(page.get_by_text("au moins 33 soldats turcs tués").first).to_be_visible()
