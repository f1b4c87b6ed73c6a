"""Sitemaps for search engines: articles and tag pages, and a Google News sitemap."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .dates import date_modified
from .feeds import xml_text

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most this many URLs per sitemap


class ArticleSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return (
            Article.objects.published()
            .newest_first()
            .only("pk", "slug", "published_at", "updated_at", "modified", "correction")
        )

    def lastmod(self, article):
        return date_modified(article)


class TagSitemap(Sitemap):
    """The tag pages that list at least one published article."""

    changefreq = "hourly"

    def items(self):
        return list(
            Article.objects.published()
            .exclude(tags=None)
            .values("tags__slug")
            .annotate(lastmod=Max("published_at"))
            .order_by("tags__slug")
        )

    def location(self, row):
        return reverse("articles:tag", args=[row["tags__slug"]])

    def lastmod(self, row):
        return row["lastmod"]


SITEMAPS = {"articles": ArticleSitemap, "tags": TagSitemap}


def news_articles():
    """Return the published articles of the last 48 hours, newest first, for Google News.

    Their headlines are made fit for XML (the template writes them as they
    are): one control character pasted into a headline would make the whole
    sitemap unreadable.
    """
    since = timezone.now() - NEWS_WINDOW
    articles = list(Article.objects.published().filter(published_at__gte=since).newest_first()[:NEWS_LIMIT])
    for article in articles:
        article.headline = xml_text(article.headline)
    return articles


def news_language(code):
    """Return the language as Google News wants it: "fr", "en", but "zh-cn" and "zh-tw"."""
    code = (code or "fr").lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]
