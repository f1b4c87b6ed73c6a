"""A reader searches the desk from the "Rechercher" box, in Chromium."""

import re
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def test_a_reader_searches_without_accents_and_opens_the_article(page, demo_desk):
    article = demo_desk.get(slug="idleb-washington-offensive")
    page.goto("/")
    box = page.get_by_role("search").first
    box.get_by_label("Rechercher").fill("batteries antiaeriennes")
    box.get_by_label("Rechercher").press("Enter")

    expect(page).to_have_url(re.compile(r"/recherche/\?q=batteries\+antiaeriennes$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher")
    expect(page.get_by_role("status")).to_have_text("1 résultat pour « batteries antiaeriennes »")
    hit = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=article.headline))
    # The words are highlighted as the article spells them, accents and all.
    expect(hit.locator("mark")).to_have_text(["batteries", "antiaériennes"])
    hit.get_by_role("link", name=article.headline).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)


def test_a_misspelt_place_offers_the_archive_spelling(page, demo_desk):
    page.goto("/recherche/?q=Idlib")
    expect(page.get_by_role("status")).to_have_text("Aucun résultat pour « Idlib ».")
    suggestion = page.get_by_role("link", name="« Idleb »")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page).to_have_url(re.compile(r"/recherche/\?q=Idleb$"))
    expect(page.get_by_role("status")).to_contain_text("pour « Idleb »")
    found = demo_desk.published().filter(headline__icontains="Idleb")
    assert found.exists(), "the demo desk has dispatches with Idleb in the headline"
    for article in found:
        expect(page.get_by_role("link", name=article.headline)).to_be_visible()


def test_markup_typed_in_the_box_is_shown_as_text(page, demo_desk):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    text = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    response = page.goto(f"/recherche/?q={quote(text)}")
    assert response.status == 200
    expect(page.get_by_role("status")).to_contain_text(text[:50])
    assert page.locator("main script, main img").count() == 0
    assert dialogs == []


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize(
    "url",
    ["/recherche/?q=bilan+soldats", "/recherche/?q=Idlib", "/recherche/", "/recherche/?tag=otan&du=2019-01-01"],
    ids=["results", "suggestion", "empty", "filters only"],
)
def test_search_page_has_no_accessibility_violation_and_fits_a_phone(page, demo_desk, axe, url):
    response = page.goto(url)
    assert response.status == 200
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher")
    too_wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not too_wide, "the search page scrolls sideways on a phone"
