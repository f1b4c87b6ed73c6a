"""Newsdesk's URLs: the reader site, search and the editors' admin."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import health

admin.site.site_header = _("Newsdesk — rédaction")
admin.site.site_title = _("Newsdesk")
admin.site.index_title = _("Tableau de bord de la rédaction")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("recherche/", include("search.urls")),
    path("", include("articles.urls")),
]
