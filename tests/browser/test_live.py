"""Live coverage in Chromium: the page reads, new entries wait behind a polite button, the editor posts in one form."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import expect

from live import demo as live_demo
from live.models import LiveCoverage
from live.posting import post_entry
from live.views import POLL_MAX_AGE
from tests.browser.test_editor import choose_in_autocomplete, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": PHONE}


@pytest.fixture
def coverage(demo_desk, settings):
    # Poll every second: the test waits for one poll, not for the production interval.
    settings.NEWSDESK_LIVE_POLL_SECONDS = 1
    return LiveCoverage.objects.get(slug=live_demo.SLUG)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_new_entry_waits_behind_the_new_entries_button_and_is_announced_politely(page, coverage, screen):
    page.set_viewport_size(SCREENS[screen])
    page.goto(coverage.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(coverage.title)
    expect(page.locator(".live-mark")).to_have_text("En direct")
    expect(page.get_by_role("heading", name="Faits marquants")).to_be_visible()
    first_entry = page.locator(".live-entry").first
    shown_before = first_entry.get_attribute("id")

    entry = post_entry(
        coverage=coverage,
        author=User.objects.get(username="editrice"),
        text="Les secours annoncent la fin des évacuations.",
    )
    button = page.locator(".live-news[aria-live=polite] .live-news-button")
    expect(button).to_have_text("1 nouvelle entrée")
    # The page did not move: the reader's first entry is still the first.
    assert page.locator(".live-entry").first.get_attribute("id") == shown_before

    button.click()
    new = page.locator(f"#entree-{entry.pk}")
    expect(new).to_contain_text("la fin des évacuations")
    expect(new).to_be_focused()
    expect(button).to_be_hidden()


def test_polling_stops_while_the_tab_is_hidden_and_resumes_when_shown(page, coverage):
    polls = []
    page.on("request", lambda request: "/entrees" in request.url and polls.append(request.url))
    page.goto(coverage.get_absolute_url())
    page.wait_for_timeout(2500)
    assert polls, "the page never polled"
    page.evaluate(
        """() => {
            Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    hidden_from = len(polls)
    page.wait_for_timeout(2500)
    assert len(polls) == hidden_from
    page.evaluate(
        """() => {
            Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    page.wait_for_timeout(1500)
    assert len(polls) > hidden_from


def test_the_kill_switch_stops_open_pages_at_their_next_poll(page, coverage, settings):
    polls = []
    page.on("request", lambda request: "/entrees" in request.url and polls.append(request.url))
    page.goto(coverage.get_absolute_url())
    page.wait_for_timeout(1500)
    settings.NEWSDESK_LIVE_POLL_SECONDS = 0
    # A poll's answer may be kept POLL_MAX_AGE seconds by the browser (or a cache in front).
    page.wait_for_timeout((POLL_MAX_AGE + 2) * 1000)
    stopped_at = len(polls)
    page.wait_for_timeout(2500)
    assert len(polls) == stopped_at


def test_the_live_page_has_no_accessibility_violation_on_desktop_and_phone(page, coverage):
    axe = Axe()
    for screen in SCREENS.values():
        page.set_viewport_size(screen)
        page.goto(coverage.get_absolute_url())
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= inner_width


def test_an_editor_posts_an_entry_with_a_photo_from_the_compact_form(page, coverage):
    log_in(page)
    page.goto("/admin/live/livecoverage/")
    page.get_by_role("link", name="Publier une entrée").click()
    page.get_by_label("Texte de l'entrée").fill("Le préfet annonce la réouverture de la départementale.")
    page.get_by_label("Fait marquant").check()
    choose_in_autocomplete(page, "live-entry-form", "image", "Orbieu", "L'Orbieu est sorti de son lit")
    page.get_by_role("button", name="Publier l'entrée").click()
    expect(page.locator(".messagelist")).to_contain_text("Entrée publiée.")

    entry = coverage.entries.get(text__contains="réouverture")
    assert entry.is_key_event and entry.image is not None and entry.author.username == "editrice"
    page.goto(coverage.get_absolute_url())
    expect(page.locator(f"#entree-{entry.pk} img")).to_be_visible()
    expect(page.locator(".live-key-events")).to_contain_text("réouverture de la départementale")
