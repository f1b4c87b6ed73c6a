"""The export routes, included in the ``articles`` namespace by articles/urls.py."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("article/<int:pk>/<slug:slug>.json", views.ninjs_detail, name="ninjs"),
    path("api/ninjs/", views.ninjs_list, name="ninjs_list"),
    path("flux/rss/", feeds.LatestFeed(), name="feed_rss"),
    path("flux/atom/", feeds.LatestAtomFeed(), name="feed_atom"),
    path("flux/tag/<str:slug>/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("flux/tag/<str:slug>/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("flux/source/<str:slug>/rss/", feeds.SourceFeed(), name="source_feed_rss"),
    path("flux/source/<str:slug>/atom/", feeds.SourceAtomFeed(), name="source_feed_atom"),
    # Our template: lastmod with the time of day (a news site changes by the minute).
    path(
        "sitemap.xml",
        require_safe(sitemap),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap",
    ),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
