"""The export routes, included in the ``articles`` namespace by articles/urls.py."""

from django.contrib.sitemaps import views as sitemaps_views
from django.urls import path
from django.views.decorators.http import require_safe

from newsdesk.pagecache import cached_reader_page

from . import feeds, views
from .sitemaps import SITEMAPS

# Aggregators poll feeds and sitemaps: serve them from the reader-page cache,
# valid until a list changes (and, for a source's feeds, until its quotes do).
feed = cached_reader_page(max_age=60, keys=("lists",))
source_feed = cached_reader_page(max_age=60, keys=lambda request, slug: ("lists", f"source-{slug}"))

urlpatterns = [
    path("article/<int:pk>/<slugtext:slug>.json", views.ninjs_detail, name="ninjs"),
    path("api/ninjs/", views.ninjs_list, name="ninjs_list"),
    path("flux/rss/", feed(feeds.LatestFeed()), name="feed_rss"),
    path("flux/atom/", feed(feeds.LatestAtomFeed()), name="feed_atom"),
    path("flux/rubrique/<slugtext:slug>/rss/", feed(feeds.SectionFeed()), name="section_feed_rss"),
    path("flux/rubrique/<slugtext:slug>/atom/", feed(feeds.SectionAtomFeed()), name="section_feed_atom"),
    path("flux/tag/<slugtext:slug>/rss/", feed(feeds.TagFeed()), name="tag_feed_rss"),
    path("flux/tag/<slugtext:slug>/atom/", feed(feeds.TagAtomFeed()), name="tag_feed_atom"),
    path("flux/source/<slugtext:slug>/rss/", source_feed(feeds.SourceFeed()), name="source_feed_rss"),
    path("flux/source/<slugtext:slug>/atom/", source_feed(feeds.SourceAtomFeed()), name="source_feed_atom"),
    # Our templates: lastmod with the time of day (a news site changes by the minute).
    path(
        "sitemap.xml",
        require_safe(cached_reader_page(max_age=300, keys=("lists",))(sitemaps_views.index)),
        {
            "sitemaps": SITEMAPS,
            "template_name": "sitemaps/index.xml",
            "sitemap_url_name": "articles:sitemap_section",
        },
        name="sitemap",
    ),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    # After the news sitemap, which has its own view.
    path(
        "sitemap-<slug:section>.xml",
        require_safe(cached_reader_page(max_age=300, keys=("lists",))(sitemaps_views.sitemap)),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
