"""{% live_jsonld coverage entries %} (LiveBlogPosting) and {% breaking_alert %} (the banner of every reader page)."""

from datetime import timedelta

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags

from articles.templatetags.article_meta import json_for_script
from live.invalidation import ALERT_CACHE_KEY
from live.models import BreakingAlert

register = template.Library()

# The publisher's logo, as rich results want it (at most 600×60).
LOGO = "img/newsdesk-logo.png"
LOGO_SIZE = (600, 60)
# A banner read from the database is kept this long at most: an alert saved or
# deleted drops the copy at once, this only bounds how late a lost drop is.
ALERT_CACHE_SECONDS = 60


def publisher(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSDESK_SITE_NAME,
        "url": request.build_absolute_uri("/"),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(LOGO)),
            "width": LOGO_SIZE[0],
            "height": LOGO_SIZE[1],
        },
    }


def blog_posting(request, entry, org):
    url = request.build_absolute_uri(entry.get_absolute_url())
    data = {
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "headline": str(entry.headline()),
        "datePublished": entry.posted_at.isoformat(),
        "dateModified": (entry.corrected_at or entry.posted_at).isoformat(),
        "articleBody": " ".join(strip_tags(entry.text).split()),
        "publisher": org,
    }
    if entry.author:
        data["author"] = {"@type": "Person", "name": entry.author.get_full_name() or entry.author.get_username()}
    else:
        data["author"] = org
    return data


@register.simple_tag(takes_context=True)
def live_jsonld(context, coverage, entries):
    """Return the coverage's ``LiveBlogPosting`` with the entries shown, escaped for <script>."""
    request = context["request"]
    url = request.build_absolute_uri(coverage.get_absolute_url())
    org = publisher(request)
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": url,
        "url": url,
        "headline": coverage.title,
        "description": " ".join(strip_tags(coverage.summary).split()) or coverage.title,
        "datePublished": (coverage.started_at or coverage.modified).isoformat(),
        "dateModified": coverage.modified.replace(microsecond=0).isoformat(),
        "author": org,
        "publisher": org,
        "liveBlogUpdate": [blog_posting(request, entry, org) for entry in entries],
    }
    if coverage.started_at:
        data["coverageStartTime"] = coverage.started_at.isoformat()
    if coverage.ended_at:
        data["coverageEndTime"] = coverage.ended_at.isoformat()
    return json_for_script(data)


def active_alert():
    """Return the banner to show as a dict, or None: from the cache, or from one query on a miss.

    With the cache down the query is made every time; with the database down too, no banner.
    """
    try:
        found = cache.get(ALERT_CACHE_KEY)
    except Exception:  # the cache backend failed (Redis down): read the database
        found = None
    if found is not None:
        return found or None
    now = timezone.now()
    try:
        alert = BreakingAlert.objects.active(now).select_related("coverage", "article").first()
    except DatabaseError:
        return None
    banner = {"text": alert.text, "link": alert.link(), "until": alert.until.timestamp()} if alert else {}
    seconds = min(ALERT_CACHE_SECONDS, (alert.until - now) / timedelta(seconds=1)) if alert else ALERT_CACHE_SECONDS
    try:
        cache.set(ALERT_CACHE_KEY, banner, max(1, int(seconds)))
    except Exception:  # the cache backend failed: the next page asks the database again
        pass
    return banner or None


@register.inclusion_tag("live/alert_banner.html")
def breaking_alert():
    """The active alert's banner; none once its time is past (even when its copy is still cached)."""
    banner = active_alert()
    if banner and banner["until"] <= timezone.now().timestamp():
        banner = None
    return {"alert": banner}
