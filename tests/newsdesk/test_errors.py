"""The reader site's 404 under ``make run`` (DEBUG on): the French page, never Django's technical one."""

import pytest
from django.urls import path

from newsdesk.urls import urlpatterns as site_urls

pytestmark = pytest.mark.django_db


def fails(request):
    raise RuntimeError("une erreur de développement")


urlpatterns = [path("essai/erreur/", fails), *site_urls]


@pytest.mark.parametrize("url", ["/rubrique/inconnue/", "/nulle-part/", "/article/999/titre/", "/dossiers/?page=9"])
def test_a_readers_404_is_the_french_page_even_with_debug_on(client, settings, url):
    settings.DEBUG = True
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page introuvable</h1>" in page and 'lang="fr"' in page
    assert "Django tried" not in page and "URLconf" not in page


def test_an_english_reader_gets_the_404_in_english_with_debug_on(client, settings):
    settings.DEBUG = True
    page = client.get("/nulle-part/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Page not found</h1>" in page and "URLconf" not in page


def test_the_admin_keeps_djangos_technical_404_for_developers(admin_client, settings):
    settings.DEBUG = True
    response = admin_client.get("/admin/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" not in response.content.decode()


def test_a_server_error_keeps_its_debug_traceback(client, settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/essai/erreur/")
    assert response.status_code == 500
    assert "une erreur de développement" in response.content.decode() and "Traceback" in response.content.decode()
