"""Reader URLs built from prefixes resolved once per process: what ``reverse()`` returns, for less.

An article page links to a dozen pages (the five related articles, its
tags and sources, the feeds, the search form...): through ``reverse()``
that was 16 route lookups a page, each re-reading the URL patterns to find
the same prefix. Here each route is reversed once with a sample value, and
its URL for a given slug is the prefix, the slug quoted as ``reverse()``
quotes it, and the suffix. A slug the route would refuse (a slash, a
control character) goes through ``reverse()``, which raises as it did.

The prefixes depend on the URLconf and the script prefix: they are kept
per script prefix and forgotten whenever a setting changes (tests).
"""

import re
import threading
from urllib.parse import quote

from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

from .converters import SlugTextConverter

# reverse() quotes a URL keeping RFC 3986's path characters.
_SAFE = RFC3986_SUBDELIMS + "/~:@"
_SLUG = re.compile(SlugTextConverter.regex)
# Slugs that quote() leaves as they are.
_PLAIN = re.compile(r"[-a-zA-Z0-9_.]+")
_SAMPLE_SLUG = "slug"
_SAMPLE_PK = 1

# Routes with a slug (and an article's id): name -> how reverse() is called with samples.
_SLUG_ROUTES = {
    "article": ("articles:detail", {"pk": _SAMPLE_PK, "slug": _SAMPLE_SLUG}),
    "ninjs": ("articles:ninjs", {"pk": _SAMPLE_PK, "slug": _SAMPLE_SLUG}),
    "tag": ("articles:tag", {"slug": _SAMPLE_SLUG}),
    "source": ("articles:source", {"slug": _SAMPLE_SLUG}),
    "tag_feed_rss": ("articles:tag_feed_rss", {"slug": _SAMPLE_SLUG}),
    "tag_feed_atom": ("articles:tag_feed_atom", {"slug": _SAMPLE_SLUG}),
    "source_feed_rss": ("articles:source_feed_rss", {"slug": _SAMPLE_SLUG}),
    "source_feed_atom": ("articles:source_feed_atom", {"slug": _SAMPLE_SLUG}),
}
# Routes without arguments, and the site's stylesheet.
_FIXED_ROUTES = {
    "latest": "articles:latest",
    "search": "search:results",
    "feed_rss": "articles:feed_rss",
    "feed_atom": "articles:feed_atom",
}
STYLESHEET = "css/site.css"

_lock = threading.Lock()
_resolved = {}


def _resolve():
    """Return this script prefix's fixed URLs and (prefix, suffix) pairs, reversed once."""
    script_prefix = get_script_prefix()
    found = _resolved.get(script_prefix)
    if found is not None:
        return found
    urls = {name: reverse(route) for name, route in _FIXED_ROUTES.items()}
    urls["stylesheet"] = static(STYLESHEET)
    for name, (route, kwargs) in _SLUG_ROUTES.items():
        sample = reverse(route, kwargs=kwargs)
        marker = f"{_SAMPLE_PK}/{_SAMPLE_SLUG}" if "pk" in kwargs else _SAMPLE_SLUG
        before, found_marker, after = sample.rpartition(marker)
        if not found_marker:  # pragma: no cover - a route whose URL does not show its sample
            raise ValueError(f"cannot find {marker!r} in {sample!r}")
        urls[name] = (before, after)
    with _lock:
        _resolved[script_prefix] = urls
    return urls


def forget(**kwargs):
    """Drop the resolved prefixes (a setting changed: URLconf, static files, script name)."""
    with _lock:
        _resolved.clear()


setting_changed.connect(forget, dispatch_uid="articles-links-forget")


def fixed_url(name):
    """Return the URL of a fixed route: "latest", "search", "feed_rss", "feed_atom" or "stylesheet"."""
    return _resolve()[name]


def slug_url(name, slug, pk=None):
    """Return the URL of route ``name`` (see _SLUG_ROUTES) for ``slug`` (and ``pk``), as ``reverse()`` builds it."""
    route, sample = _SLUG_ROUTES[name]
    unusual_pk = ("pk" in sample) != (pk is not None) or (pk is not None and (type(pk) is not int or pk < 0))
    if unusual_pk or type(slug) is not str:  # e.g. an unsaved article: reverse() raises
        return _reverse(route, slug, pk)
    if not _PLAIN.fullmatch(slug):  # the usual slug ("soldats-turcs") has nothing to quote
        if not _SLUG.fullmatch(slug):
            return _reverse(route, slug, pk)
        slug = quote(slug, safe=_SAFE)
    before, after = _resolve()[name]
    return f"{before}{pk}/{slug}{after}" if pk is not None else f"{before}{slug}{after}"


def _reverse(route, slug, pk):
    return reverse(route, kwargs={"slug": slug} if pk is None else {"pk": pk, "slug": slug})


def article_url(article):
    """Return the article page's URL (its get_absolute_url), as ``reverse("articles:detail", …)`` builds it."""
    return slug_url("article", article.slug, article.pk)


def tag_url(tag):
    """Return the tag page's URL, as ``reverse("articles:tag", args=[tag.slug])``."""
    return slug_url("tag", tag.slug)


def source_url(source):
    """Return the source page's URL, as ``reverse("articles:source", kwargs={"slug": …})`` (its get_absolute_url)."""
    return slug_url("source", source.slug)
