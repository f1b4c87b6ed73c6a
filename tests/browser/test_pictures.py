"""A reader on a phone sees the demo's photos, sized for the phone, under the site's CSP."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1}


def test_a_reader_on_a_phone_sees_the_photo_of_a_dispatch_at_a_phone_size(browser, live_server, demo_desk):
    from tests.browser.conftest import _new_page

    article = demo_desk.get(slug="aude-crues-saint-aurele")
    context, page = _new_page(browser, live_server, **PHONE)
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    try:
        page.goto("/")
        card = page.get_by_role("article").filter(has=page.get_by_role("link", name=article.headline))
        thumbnail = card.get_by_role("img")
        thumbnail.scroll_into_view_if_needed()
        expect(thumbnail).to_have_attribute("alt", article.image.alt_text)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())

        card.get_by_role("link", name=article.headline).click()
        photo = page.get_by_role("figure").get_by_role("img", name=article.image.alt_text)
        expect(photo).to_be_visible()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
        # A 358-pixel column takes the 640 rendition, not the 1600 one, and Chromium its WebP twin.
        assert photo.evaluate("img => img.currentSrc").endswith("-640.webp")
        box = photo.bounding_box()
        assert box["width"] <= 390 and box["height"] > 100
        figure = page.get_by_role("figure").filter(has=page.get_by_role("img", name=article.image.alt_text))
        expect(figure).to_contain_text("Photo : Newsdesk / illustration de démonstration")
        assert not refused, refused
    finally:
        context.close()
