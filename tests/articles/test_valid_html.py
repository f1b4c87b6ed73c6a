"""Every kind of reader page is valid HTML: 0 errors from the W3C Nu Html Checker, in French and in English."""

import pytest

from tests.nu import nu_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(django_capture_on_commit_callbacks):
    """The demo desk, indexed for search, with its story's later dispatch (a newer toll and another source's)."""
    from articles import demo
    from articles.models import Article
    from tests.browser.test_reader import demo_story

    with django_capture_on_commit_callbacks(execute=True):
        demo.load()
        desk = Article.objects.filter(wire_id__startswith=demo.WIRE_PREFIX)
        story = demo_story(desk)
    return desk, story


def reader_pages(desk, story):
    """Return {name: URL}: one page of every kind a reader reaches."""
    return {
        "front": "/",
        # The toll, its history and chart, quotes; the one with a photo, a located toll; the corrected one.
        "toll-article": desk.get(slug="idleb-washington-offensive").get_absolute_url(),
        "photo-article": desk.get(slug="aude-crues-saint-aurele").get_absolute_url(),
        "corrected-article": desk.get(slug="lormieres-municipale-partielle").get_absolute_url(),
        "story": story.get_absolute_url(),
        "stories": "/dossiers/",
        "section": "/rubrique/monde/",
        "second-section": "/rubrique/liban/?page=1",
        "tag": "/tag/otan/",
        "source": "/source/autorites-turques/",
        "corrections": "/rectificatifs/",
        "search": "/recherche/?q=soldats",
        "search-none": "/recherche/?q=zzzyxwv",
        "not-found": "/rubrique/inconnue/",
    }


def test_every_reader_page_has_no_nu_checker_error_in_french_and_english(client, desk, tmp_path):
    pages = {}
    for name, url in reader_pages(*desk).items():
        for language in ("fr", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == (404 if name == "not-found" else 200), url
            pages[f"{name}-{language}"] = response.content.decode()
    errors = nu_errors(pages, tmp_path)
    assert not errors, "\n".join(f"{name}: {message}" for name, messages in errors.items() for message in messages)
