"""Reader pages at the edge: what a shared cache may keep, under which keys, and the purges after a change.

The app keeps no copy of a page. ``cached_reader_page(max_age=…, keys=…)``
marks a reader view's 200 answers public (``s-maxage`` for shared caches,
``stale-while-revalidate``, ``stale-if-error``) and names what the page shows
(``article-42``, ``front``, ``lists``…) in the headers Varnish (``xkey``),
Fastly (``Surrogate-Key``) and Cloudflare (``Cache-Tag``) read.
``purge(*keys)`` has every edge in NEWSDESK_EDGE_PURGE_URLS drop the pages
carrying one of them (a hard purge: nothing left to serve stale);
``articles.invalidation`` says which keys a change touches.

Durable: ``purge`` enqueues a task in the transaction in progress (the queue
is a table of the same database), so it commits with the edit or not at all.
After the commit it is sent at once, and the task deleted if every edge
confirmed; otherwise the worker retries it with back-off until they do, or
until nothing they could hold is left. Without purge addresses (development)
nothing is purged and shared caches keep a page only as long as browsers.
"""

import logging
import threading
import urllib.request
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.cache import patch_vary_headers, set_response_etag
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)

# A copy may be served this long past its freshness while the app answers only errors.
STALE_IF_ERROR_SECONDS = 24 * 3600
# How long one edge may take to answer a purge.
PURGE_TIMEOUT_SECONDS = 1
# A failed purge is tried again after 0.5, 1, 2, 4, then every 5 seconds.
RETRY_SECONDS = (0.5, 1, 2, 4, 5)
# The worker's first try waits this long: the process that committed sends it
# at once and deletes the task, so that the edge is not purged twice.
FALLBACK_SECONDS = 5
KEY_HEADERS = ("xkey", "Surrogate-Key")
CLOUDFLARE_HEADER = "Cache-Tag"

_thread = threading.local()


def add_edge_headers(response, *, max_age, keys, shared=None):
    """Mark a 200 reader response public for ``max_age`` seconds (shared caches longer if purged), under ``keys``.

    ``shared`` caps what shared caches keep when their copy must not outlive a setting a purge does not reach.
    """
    if shared is None:
        shared = settings.NEWSDESK_EDGE_SECONDS if settings.NEWSDESK_EDGE_PURGE_URLS else max_age
    response["Cache-Control"] = (
        f"public, max-age={max_age}, s-maxage={shared}, "
        f"stale-while-revalidate={max_age}, stale-if-error={STALE_IF_ERROR_SECONDS}"
    )
    if keys:
        for header in KEY_HEADERS:
            response[header] = " ".join(keys)
        response[CLOUDFLARE_HEADER] = ",".join(keys)
    patch_vary_headers(response, ("Accept-Language",))
    if not response.has_header("ETag"):
        set_response_etag(response)
    return response


def cached_reader_page(*, max_age, keys=()):
    """Return a decorator marking a reader view's pages cacheable by browsers and shared caches.

    ``keys``: surrogate keys, or a callable ``(request, *args, **kwargs)``
    returning them. Only a 200 without cookies is marked: the edge keeps
    nothing else (a 404, a redirect, an error).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming and not response.cookies:
                names = keys(request, *args, **kwargs) if callable(keys) else keys
                add_edge_headers(response, max_age=max_age, keys=names)
            return response

        return wrapper

    return decorator


# Purges --------------------------------------------------------------------


class EdgeUnreachable(Exception):
    """An edge did not confirm a purge; the task that sent it is retried."""


def send_purge(urls, keys):
    """Ask each Varnish in ``urls`` to drop every page carrying one of ``keys``; return those that did not confirm."""
    failed = []
    for url in urls:
        request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": " ".join(keys)})
        try:
            with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT_SECONDS) as response:
                response.read()
        except OSError as exc:  # refused, timed out, or an HTTP error (a subclass)
            log.warning("purge of %s not confirmed by %s: %s", " ".join(keys), url, exc)
            failed.append(url)
    return failed


@task()
def purge_edge(keys, urls=None, first_try=None, attempt=0):
    """Deliver a purge to the edges ``urls`` (all by default); those that fail get a new try, enqueued with back-off."""
    first_try = datetime.fromisoformat(first_try) if first_try else timezone.now()
    failed = send_purge(urls or settings.NEWSDESK_EDGE_PURGE_URLS, keys)
    if not failed:
        return
    if timezone.now() - first_try < timedelta(seconds=settings.NEWSDESK_EDGE_SECONDS + STALE_IF_ERROR_SECONDS):
        delay = timedelta(seconds=RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
        purge_edge.using(run_after=timezone.now() + delay).enqueue(
            keys, urls=failed, first_try=first_try.isoformat(), attempt=attempt + 1
        )
    raise EdgeUnreachable(", ".join(failed))


class _Batch:
    """The keys one transaction purges, and its task (one per transaction)."""

    def __init__(self, keys):
        fallback = purge_edge.using(run_after=timezone.now() + timedelta(seconds=FALLBACK_SECONDS))
        self.keys, self.task_id = keys, fallback.enqueue(sorted(keys)).id

    def send(self):
        """After the commit: deliver at once; if every edge confirmed, the worker has nothing left to do."""
        if not send_purge(settings.NEWSDESK_EDGE_PURGE_URLS, sorted(self.keys)):
            DBTaskResult.objects.filter(pk=self.task_id, status="READY").delete()

    def grow(self, connection, keys):
        """Add ``keys`` if this batch's transaction is the one in progress; return False if it ended since."""
        if not any(callback == self.send for _, callback, _ in connection.run_on_commit):
            return False
        if keys <= self.keys:
            return True
        self.keys |= keys
        # Its task's arguments grow (nothing to update if a savepoint rolled its row back).
        args = {"args": [sorted(self.keys)], "kwargs": {}}
        return bool(DBTaskResult.objects.filter(pk=self.task_id).update(args_kwargs=args))


def purge(*keys, when=None):
    """Have every edge drop the pages carrying one of ``keys`` once the transaction commits (or at ``when``)."""
    keys = {key for key in keys if key}
    if not keys or not settings.NEWSDESK_EDGE_PURGE_URLS:
        return
    if when is not None:
        purge_edge.using(run_after=when).enqueue(sorted(keys))
        return
    connection = transaction.get_connection()
    batch = getattr(_thread, "batch", None)
    if connection.in_atomic_block and batch and batch.grow(connection, keys):
        return
    _thread.batch = _Batch(keys)
    # Robust: the edit is committed whatever happens to this first try (the worker has the task).
    transaction.on_commit(_thread.batch.send, robust=True)
