"""Sitemaps for search engines: articles, section and tag pages, and a Google News sitemap.

``/sitemap.xml`` is an index of pages of at most ARTICLES_PER_PAGE URLs: a
crawler reads the pages it needs, and no request renders the whole archive
(one URL costs a reverse() and a date format; fifty thousand of them took
seconds).
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section

from .dates import date_modified
from .feeds import xml_text

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most this many URLs per sitemap
ARTICLES_PER_PAGE = 2000


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    limit = ARTICLES_PER_PAGE

    def items(self):
        return (
            Article.objects.published()
            .newest_first()
            .only("pk", "slug", "published_at", "updated_at", "modified", "correction")
        )

    def lastmod(self, article):
        return date_modified(article)

    def get_latest_lastmod(self):
        """Return the latest of the articles' lastmod, from one aggregate rather than every row."""
        latest = Article.objects.published().aggregate(
            published=Max("published_at"),
            updated=Max("updated_at"),
            corrected=Max("modified", filter=~Q(correction="")),
        )
        return max((moment for moment in latest.values() if moment is not None), default=None)


class TagSitemap(Sitemap):
    """The tag pages that list at least one published article."""

    changefreq = "hourly"

    def items(self):
        # The index asks twice (for the page count and the latest lastmod):
        # one instance serves one request, so the rows are read once.
        if not hasattr(self, "_rows"):
            self._rows = list(
                Article.objects.published()
                .filter(tags__isnull=False)
                .values("tags__slug")
                .annotate(lastmod=Max("published_at"))
                .order_by("tags__slug")
            )
        return self._rows

    def location(self, row):
        return reverse("articles:tag", args=[row["tags__slug"]])

    def lastmod(self, row):
        return row["lastmod"]


class SectionSitemap(Sitemap):
    """The section pages that list at least one published article, each with the time of the newest."""

    changefreq = "hourly"

    def items(self):
        if not hasattr(self, "_rows"):
            published = Q(articles__status=Article.Status.PUBLISHED, articles__published_at__lte=Now())
            lastmod = Max("articles__published_at", filter=published)
            self._rows = list(Section.objects.annotate(lastmod=lastmod).filter(lastmod__isnull=False))
        return self._rows

    def lastmod(self, section):
        return section.lastmod


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "tags": TagSitemap}


def news_articles():
    """Return the published articles of the last 48 hours, newest first, for Google News.

    Their headlines are made fit for XML (the template writes them as they
    are): one control character pasted into a headline would make the whole
    sitemap unreadable.
    """
    since = timezone.now() - NEWS_WINDOW
    articles = list(
        Article.objects.published().filter(published_at__gte=since).select_related("image").newest_first()[:NEWS_LIMIT]
    )
    for article in articles:
        article.headline = xml_text(article.headline)
    return articles


def news_language(code):
    """Return the language as Google News wants it: "fr", "en", but "zh-cn" and "zh-tw"."""
    code = (code or "fr").lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]
