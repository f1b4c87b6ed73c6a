"""Benchmark-only view: the cost of Django itself, for the load figures' baseline."""

from django.http import HttpResponse


def hello(request):
    """Return a fixed one-line page through the full middleware stack."""
    return HttpResponse("Bonjour.\n", content_type="text/plain; charset=utf-8")
