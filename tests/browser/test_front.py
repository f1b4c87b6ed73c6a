"""The front and a section page in Chromium, on a desktop and on a 390 px phone."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.demo_content import FRONT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def fits_the_screen(page):
    scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    return scroll_width <= inner_width


def test_a_reader_reads_the_front_then_a_section_and_the_dossiers(page, demo_desk):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("À la une")
    leads = page.get_by_role("region", name="À la une").get_by_role("article").get_by_role("heading")
    expect(leads).to_have_text([re.compile(re.escape(demo_desk.get(slug=key).headline) + "$") for key in FRONT])
    latest = page.get_by_role("region", name="Dernières Infos")
    # A header per day, the newest first; each card its time alone.
    newest = demo_desk.published().exclude(slug__in=FRONT).moved_first().first()
    days_ago = (timezone.localdate() - timezone.localdate(newest.activity)).days
    expect(latest.get_by_role("heading", level=3).first).to_have_text({0: "Aujourd'hui", 1: "Hier"}[days_ago])
    expect(latest.locator("time.clock").first).to_have_text(re.compile(r"^\d\d:\d\d$"))
    for key in FRONT:
        expect(latest.get_by_text(demo_desk.get(slug=key).headline)).to_have_count(0)

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Monde").click()
    expect(page).to_have_url(re.compile(r"/rubrique/monde/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Monde")
    monde = demo_desk.published().filter(section__slug="monde")
    expect(page.get_by_role("article")).to_have_count(monde.count())
    expect(page.get_by_role("article").get_by_role("heading")).not_to_contain_text(["Athlétisme"])

    page.goto("/")
    page.get_by_role("link", name="Tous les dossiers").click()
    expect(page).to_have_url(re.compile(r"/dossiers/$"))
    story = page.get_by_role("article").filter(has_text="Syrie : les combats dans la province d'Idleb")
    expect(story).to_contain_text("Dernière dépêche")
    expect(story).to_contain_text("33 soldats turcs tués, selon les autorités turques")


def test_on_a_phone_the_front_and_a_section_fit_and_lead_with_their_news(open_page, demo_desk):
    page = open_page()
    page.set_viewport_size(PHONE)
    for url, first in (("/", demo_desk.get(slug=FRONT[0]).headline), ("/rubrique/economie/", None)):
        page.goto(url)
        assert fits_the_screen(page), url
        headline = page.get_by_role("article").first.get_by_role("heading")
        expect(headline).to_be_in_viewport()
        if first:
            expect(headline).to_contain_text(first)


def test_on_a_phone_the_toll_box_leaves_room_for_the_story(open_page, demo_desk):
    page = open_page()
    page.set_viewport_size(PHONE)
    page.goto(demo_desk.get(slug="idleb-washington-offensive").get_absolute_url())
    box = page.get_by_role("region", name="Bilan").bounding_box()
    assert box["height"] < PHONE["height"] / 3, box
    expect(page.locator(".body p").first).to_be_in_viewport()
    page.get_by_role("region", name="Bilan").get_by_text("Évolution du bilan", exact=True).click()
    expect(page.get_by_role("list", name="Évolution du bilan")).to_be_visible()
    assert fits_the_screen(page)
