"""Benchmark-only view: the cost of Django itself, for the load figures' baseline."""

from django.http import HttpResponse


def hello(request):
    """Return a fixed page through the full middleware stack: one line, or ``?kb=N`` kilobytes.

    The sized variant separates what a cached page costs in bytes on the wire
    from what it costs in Python; with ``edge=1`` Varnish keeps it (no keys),
    as it would a static file.
    """
    try:
        size = min(max(int(request.GET.get("kb", "0")), 0), 256) * 1024
    except ValueError:
        size = 0
    body = "Bonjour.\n" + "x" * max(size - 9, 0)
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    if request.GET.get("edge"):
        response["Cache-Control"] = "public, max-age=60, s-maxage=3600"
    return response
