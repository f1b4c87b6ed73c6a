"""/healthz, and a clear 503 instead of a 500 while the database is away."""

import logging
import secrets

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def database_status():
    """Return "ok" when the database answers a query, else the error's text."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not healthy"; say which
        return f"error: {exc.__class__.__name__}"
    return "ok"


def cache_status():
    """Return "ok" when the cache stores and returns a value, else the error's text."""
    token = secrets.token_hex(8)
    try:
        cache.set("healthz", token, timeout=10)
        if cache.get("healthz") != token:
            return "error: value not kept"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


@never_cache
@require_safe
def healthz(request):
    """Return 200 when the database and the cache both answer, 503 naming the one that does not."""
    checks = {"database": database_status(), "cache": cache_status()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After when the database cannot be reached.

    During a PostgreSQL restart a reader gets a short "come back in a few
    seconds" page, and an editor whose save failed is told it was not saved
    (the admin saves in one transaction, so nothing was half-written).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        log.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
