"""Reader pages: no axe-core violation, and nothing wider than a phone screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_reader import demo_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}

# The front (lead stories, then the latest by day); the article with the revised toll, its chart and a pull
# quote; the one with a correction; one with a photo; a section page; a tag page; the page of a source that
# reported the tolls; a story page with its chart; the dossier index; search with results and without.
READER_PAGES = {
    "front": lambda desk: "/",
    "section": lambda desk: "/rubrique/monde/",
    "stories": lambda desk: "/dossiers/",
    "search": lambda desk: "/recherche/?q=soldats",
    "search-none": lambda desk: "/recherche/?q=zzzyxwv",
    "toll-article": lambda desk: desk.get(slug="idleb-washington-offensive").get_absolute_url(),
    "corrected-article": lambda desk: desk.get(slug="lormieres-municipale-partielle").get_absolute_url(),
    # An article with its photo, caption and credit.
    "photo-article": lambda desk: desk.get(slug="aude-crues-saint-aurele").get_absolute_url(),
    "tag": lambda desk: "/tag/otan/",
    "source": lambda desk: "/source/autorites-turques/",
    # A story: the demo's toll and a later dispatch's, two sources side by side.
    "story": lambda desk: demo_story(desk).get_absolute_url(),
}


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_page_has_no_accessibility_violation_and_fits_a_phone_screen(page, demo_desk, axe, name, tmp_path):
    response = page.goto(READER_PAGES[name](demo_desk))
    assert response.status == 200
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Kept as the test's artefact: what a reader's phone shows.
    page.screenshot(path=tmp_path / f"{name}-phone.png", full_page=True)
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth)
            .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : ""))"""
    )
    scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{scroll_width}px of page on a {inner_width}px screen; too wide: {too_wide}"
    # Axe again at phone size: reflowed layouts have their own contrast and overlap problems.
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
