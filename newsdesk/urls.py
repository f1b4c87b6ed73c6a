"""Newsdesk's URLs: the reader site, search and the editors' admin."""

import re

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from . import health

admin.site.site_header = _("Newsdesk — rédaction")
admin.site.site_title = _("Newsdesk")
admin.site.index_title = _("Tableau de bord de la rédaction")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("recherche/", include("search.urls")),
    path("direct/", include("live.urls")),
    path("", include("articles.urls")),
]


def media(request, path):
    """Serve a rendition from MEDIA_ROOT (read per request, as tests move it); any name it cannot open is a 404."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        # A name the file system refuses (over 255 bytes, through a file…) names no rendition.
        raise Http404 from error


if settings.NEWSDESK_SERVE_MEDIA:
    # Without a proxy in front (development, a lone container): the renditions,
    # never the originals, which live in another storage.
    urlpatterns.insert(0, re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", media, name="media"))
