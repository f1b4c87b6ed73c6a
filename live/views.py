"""Reader pages of live coverage: the index, a coverage's page, and the cheap poll for new entries."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from articles import tolls
from articles.views import MAX_PK, paginate
from newsdesk.pagecache import add_edge_headers, cached_reader_page

from .models import LiveCoverage

ENTRIES_PER_PAGE = 50
# The most entries one poll returns: a reader back after a long while reloads instead.
POLL_LIMIT = 50
# How long a browser or a shared cache may keep one poll's answer. Every
# reader polling the same coverage asks for the same URL, so a cache in
# front answers all of them from one origin request per this many seconds.
POLL_MAX_AGE = 5


def poll_interval(coverage):
    """Return the seconds a page waits between polls: the setting, or 0 (stop) once the coverage ended."""
    return settings.NEWSDESK_LIVE_POLL_SECONDS if coverage.is_live else 0


@require_safe
@cached_reader_page(max_age=60, keys=("live",))
def index(request):
    coverages = LiveCoverage.objects.visible().order_by("-status", "-started_at", "-id")
    return render(request, "live/index.html", {"page": paginate(request, coverages)})


def coverage_keys(request, slug):
    """The page shows the coverage and its story's toll."""
    story = LiveCoverage.objects.filter(slug=slug).values_list("story__slug", flat=True).first()
    return (f"live-{slug}", *([f"story-{story}"] if story else []), "live")


@require_safe
@cached_reader_page(max_age=30, keys=coverage_keys)
def coverage(request, slug):
    coverage = get_object_or_404(LiveCoverage.objects.visible().select_related("story"), slug=slug)
    entries = coverage.entries.newest_first().for_page()
    context = {
        "coverage": coverage,
        "page": paginate(request, entries, per_page=ENTRIES_PER_PAGE),
        "key_events": coverage.entries.newest_first().filter(is_key_event=True),
        "histories": tolls.chains(coverage.story_figures().select_related("superseded_by__article")),
        "poll_interval": poll_interval(coverage),
    }
    return render(request, "live/coverage.html", context)


def poll_after(request):
    """Return the ``after`` entry id of a poll; anything but a plain id is a 404."""
    after = request.GET.get("after", "0")
    if not after.isdigit() or int(after) > MAX_PK:
        raise Http404("after must be an entry id")
    return int(after)


@require_safe
def entries(request, slug):
    """New entries after ``after``, as HTML fragments in JSON, with the interval the server wants.

    An unchanged coverage costs one indexed read and is answered 304: the
    ETag is the coverage's last change (and the interval, and the language).
    """
    after = poll_after(request)
    coverage = get_object_or_404(LiveCoverage.objects.visible().only("pk", "slug", "status", "modified"), slug=slug)
    interval = poll_interval(coverage)
    etag = f'"{coverage.pk}-{coverage.modified.timestamp():.6f}-{interval}-{get_language()}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        new = list(coverage.entries.filter(pk__gt=after).newest_first().for_page()[:POLL_LIMIT])
        response = JsonResponse(
            {
                "interval": interval,
                "status": coverage.status,
                "entries": [
                    {"id": entry.pk, "html": render_to_string("live/entry.html", {"entry": entry}, request)}
                    for entry in new
                ],
            }
        )
    response["ETag"] = etag
    response["X-Poll-Interval"] = str(interval)
    # The edge answers the pollers: kept briefly (the kill switch reaches them within seconds), purged by a new entry.
    return add_edge_headers(response, max_age=POLL_MAX_AGE, keys=(f"live-{slug}",), shared=POLL_MAX_AGE)
