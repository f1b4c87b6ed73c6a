"""Reader pages at the edge: what a shared cache may keep, under which keys, and the purges after a change.

The app keeps no copy of a page. ``cached_reader_page(max_age=…, keys=…)``
gives a reader view's 200 answers a public ``Cache-Control`` (``s-maxage``
for shared caches, ``stale-while-revalidate``, ``stale-if-error``) and the
surrogate keys naming what the page shows (``article-42``, ``front``,
``lists``, ``search``, ``source-<slug>``, ``story-<slug>``), in the headers
Varnish (``xkey``), Fastly (``Surrogate-Key``) and Cloudflare (``Cache-Tag``)
read. ``purge(*keys)`` tells every edge in NEWSDESK_EDGE_PURGE_URLS to drop
the pages carrying any of them (Varnish's xkey: a hard purge, nothing left to
serve stale); ``articles.invalidation`` says which keys a change touches.

Durable: ``purge`` enqueues a task (django.tasks, its queue a table of the
same database), so inside the desk's transaction it commits with the edit or
not at all. Once committed the purge is sent at once from this process, and
the task row deleted if every edge answered; otherwise the worker sends it,
again and again with back-off, until every edge has answered or nothing it
could hold is left (NEWSDESK_EDGE_SECONDS + STALE_IF_ERROR_SECONDS).

Without NEWSDESK_EDGE_PURGE_URLS (development) nothing is purged and shared
caches are told to keep a page no longer than browsers (``max_age``).
"""

import logging
import threading
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.cache import patch_vary_headers, set_response_etag

log = logging.getLogger(__name__)

# A copy may be served this long past its freshness while the app answers only errors.
STALE_IF_ERROR_SECONDS = 24 * 3600
# How long one edge may take to answer a purge.
PURGE_TIMEOUT_SECONDS = 2
# A failed purge is tried again after 0.5, 1, 2, 4, then every 5 seconds.
RETRY_SECONDS = (0.5, 1, 2, 4, 5)
KEY_HEADERS = ("xkey", "Surrogate-Key")
CLOUDFLARE_HEADER = "Cache-Tag"

_thread = threading.local()


def edge_seconds(max_age):
    """Return how long a shared cache may keep a page: long when purges reach it, else as browsers do."""
    return settings.NEWSDESK_EDGE_SECONDS if settings.NEWSDESK_EDGE_PURGE_URLS else max_age


def add_edge_headers(response, *, max_age, keys):
    """Mark a 200 reader response as public for ``max_age`` seconds (shared caches longer), under ``keys``."""
    response["Cache-Control"] = (
        f"public, max-age={max_age}, s-maxage={edge_seconds(max_age)}, "
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

    ``keys`` is a tuple of surrogate keys, or a callable ``(request, *args,
    **kwargs)`` returning them. Only a 200 without cookies is marked; anything
    else (a 404, a redirect, an error) is left as the view made it, and the
    edge does not keep it.
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


def send_purge(url, keys):
    """Ask the Varnish at ``url`` to drop every page carrying one of ``keys``; raise EdgeUnreachable if it does not."""
    request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": " ".join(keys)})
    try:
        with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT_SECONDS) as response:
            response.read()
    except (OSError, urllib.error.HTTPError) as exc:
        raise EdgeUnreachable(f"{url}: {exc}") from exc


def _send_all(urls, keys):
    """Send the purge to every edge in ``urls``; return those that did not confirm it."""
    failed = []
    for url in urls:
        try:
            send_purge(url, keys)
        except EdgeUnreachable as exc:
            log.warning("purge of %s not confirmed: %s", " ".join(keys), exc)
            failed.append(url)
    return failed


@task()
def purge_edge(keys, urls=None, first_try=None, attempt=0):
    """Deliver a purge to the edges ``urls`` (all by default); those that fail get a new try, enqueued with back-off."""
    urls = urls or settings.NEWSDESK_EDGE_PURGE_URLS
    first_try = datetime.fromisoformat(first_try) if first_try else timezone.now()
    failed = _send_all(urls, keys)
    if not failed:
        return len(urls)
    lifetime = timedelta(seconds=settings.NEWSDESK_EDGE_SECONDS + STALE_IF_ERROR_SECONDS)
    if timezone.now() - first_try < lifetime:
        delay = timedelta(seconds=RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
        purge_edge.using(run_after=timezone.now() + delay).enqueue(
            keys, urls=failed, first_try=first_try.isoformat(), attempt=attempt + 1
        )
    raise EdgeUnreachable(", ".join(failed))


class _Batch:
    """The keys one transaction purges, and its task's row (one task per transaction)."""

    def __init__(self):
        self.keys = set()
        self.result_id = None

    def send(self):
        """After the commit: deliver at once; if every edge confirmed, the worker has nothing left to do."""
        from django_tasks_db.models import DBTaskResult

        if not _send_all(settings.NEWSDESK_EDGE_PURGE_URLS, sorted(self.keys)):
            DBTaskResult.objects.filter(pk=self.result_id, status="READY").delete()


def _open_batch(connection):
    """Return this thread's batch for the transaction in progress, or None if it ended since (commit or rollback)."""
    batch = getattr(_thread, "batch", None)
    if batch and any(callback == batch.send for _, callback, _ in connection.run_on_commit):
        return batch
    return None


def purge(*keys):
    """Have every edge drop the pages carrying one of ``keys``, once the current transaction commits."""
    keys = {key for key in keys if key}
    if not keys or not settings.NEWSDESK_EDGE_PURGE_URLS:
        return
    from django_tasks_db.models import DBTaskResult

    connection = transaction.get_connection()
    batch = _open_batch(connection) if connection.in_atomic_block else None
    if batch is not None:
        if keys <= batch.keys:
            return
        batch.keys |= keys
        # Same transaction, same task: its arguments grow (none if a savepoint rolled its row back).
        args = {"args": [sorted(batch.keys)], "kwargs": {}}
        if DBTaskResult.objects.filter(pk=batch.result_id).update(args_kwargs=args):
            return
    batch = _Batch()
    batch.keys = keys
    batch.result_id = purge_edge.enqueue(sorted(keys)).id
    _thread.batch = batch
    transaction.on_commit(batch.send)


def purge_at(when, *keys):
    """Have every edge drop the pages carrying ``keys`` at ``when`` (an embargo's end), durably."""
    keys = sorted({key for key in keys if key})
    if keys and settings.NEWSDESK_EDGE_PURGE_URLS:
        purge_edge.using(run_after=when).enqueue(keys)
