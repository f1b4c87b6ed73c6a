"""The reader-page cache: anonymous pages rendered once, shared by every web worker.

``cached_reader_page(max_age=…)`` decorates a reader view. For an anonymous
GET or HEAD the rendered page is kept in the default cache (Redis in
production) under its host, path, query and language, and answered with
``Cache-Control``, ``ETag`` and ``Last-Modified`` so browsers and a CDN can
revalidate (304) or keep serving it.

Invalidation is by generation. One small cache entry, the *state*, holds
the current generation and the time of the next scheduled article. Any change
to an article, quote, toll, source or tag starts a new generation (once its
transaction commits, and before this thread renders a page meanwhile), and so
does the first request after a scheduled article's time; a page rendered
under an older generation is never served fresh again. It is only kept as a
last resort while the database is down (stale-if-error).

Stampedes: when a page is missing or out of date, one request takes a short
lock and renders it; the others wait for that render (or get the previous copy
of the same generation while it is refreshed) instead of all rendering.

Never cached: any request carrying a session cookie or credentials, any
method but GET and HEAD, any response that is not a plain 200 or that sets a
cookie. Staff previews and the admin are not decorated at all.

Each web process also keeps the state and the pages it served last in its
own memory for NEWSDESK_PAGE_CACHE_LOCAL_SECONDS (production: 1 s; 0 in
development and tests). A hit then costs no round trip to Redis, which on a
busy machine is most of a cached page's cost; the price is that a change made
through another process reaches this one up to that long later. A change made
in this process, and a scheduled article's time, are seen at once.

If the cache itself fails (Redis stopped), pages are rendered uncached and the
cache is left alone for a few seconds, so readers see no error.
"""

import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

log = logging.getLogger(__name__)

STATE_KEY = "pagecache:state"
# How long a render may hold the lock, and how long the others wait for it.
LOCK_SECONDS = 15
WAIT_SECONDS = 5
POLL_SECONDS = 0.02
# A browser or CDN may serve a copy this long while the origin is failing.
STALE_IF_ERROR_SECONDS = 24 * 3600
# After a cache failure, leave the cache alone this long.
BACKOFF_SECONDS = 2
# Response headers that belong to one response, not to the page.
# Caches must keep one copy per language and never share a reader's session.
VARY = ("Accept-Language", "Cookie")
UNSTORED_HEADERS = {"set-cookie", "vary", "cache-control", "expires", "etag", "last-modified", "content-length"}


class CacheUnavailable(Exception):
    """The cache backend failed; the page is rendered without it."""


_backoff = {"until": 0.0}
_backoff_lock = threading.Lock()

# This process's copies: the state as last read, and the last pages served.
LOCAL_PAGES = 256
_memo_lock = threading.Lock()
_memo = {"state": None, "read_at": 0.0, "pages": OrderedDict()}


def forget_local_copies():
    """Drop this process's copies of the state and pages (tests, after a cache flush)."""
    with _memo_lock:
        _memo["state"] = None
        _memo["pages"].clear()


def _remember_state(state):
    with _memo_lock:
        _memo["state"] = state
        _memo["read_at"] = time.monotonic()


def _local_state():
    """Return the state read less than NEWSDESK_PAGE_CACHE_LOCAL_SECONDS ago, or None."""
    state = _memo["state"]
    if state is None or time.monotonic() - _memo["read_at"] >= settings.NEWSDESK_PAGE_CACHE_LOCAL_SECONDS:
        return None
    if state["next"] is not None and state["next"] <= time.time():
        return None  # a scheduled article's time has come: ask the shared cache
    return state


def _local_page(key, gen):
    if settings.NEWSDESK_PAGE_CACHE_LOCAL_SECONDS <= 0:
        return None
    entry = _memo["pages"].get(key)
    return entry if entry and entry["gen"] == gen else None


def _keep_local_page(key, entry):
    if settings.NEWSDESK_PAGE_CACHE_LOCAL_SECONDS <= 0:
        return
    with _memo_lock:
        pages = _memo["pages"]
        pages[key] = entry
        pages.move_to_end(key)
        while len(pages) > LOCAL_PAGES:
            pages.popitem(last=False)


def _cache_call(method, *args, **kwargs):
    """Call ``cache.method``; on any backend failure back off and raise CacheUnavailable."""
    if time.monotonic() < _backoff["until"]:
        raise CacheUnavailable("backing off")
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as exc:
        with _backoff_lock:
            if time.monotonic() >= _backoff["until"]:
                log.warning("page cache unavailable, rendering uncached for %ss: %r", BACKOFF_SECONDS, exc)
            _backoff["until"] = time.monotonic() + BACKOFF_SECONDS
        raise CacheUnavailable(str(exc)) from exc


# Generations -------------------------------------------------------------


def next_scheduled_time():
    """Return the epoch time of the next scheduled (embargoed) article, or None."""
    from articles.models import Article

    moment = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .aggregate(first=Min("published_at"))
        .get("first")
    )
    return moment.timestamp() if moment else None


def new_generation():
    """Start a new generation: every page rendered before is out of date. Return the state."""
    state = {"gen": uuid.uuid4().hex, "next": next_scheduled_time()}
    _cache_call("set", STATE_KEY, state, timeout=None)
    _remember_state(state)
    return state


def current_state(state):
    """Return the state to serve under, given the one read from the cache (or None).

    A missing state (cold or flushed cache) gets a fresh generation. A state
    whose next scheduled article's time has come gets a successor derived
    from it, so concurrent requests noticing the same moment agree on it.
    """
    if state is None:
        fresh = {"gen": uuid.uuid4().hex, "next": next_scheduled_time()}
        if not _cache_call("add", STATE_KEY, fresh, timeout=None):
            fresh = _cache_call("get", STATE_KEY) or fresh
        _remember_state(fresh)
        return fresh
    if state["next"] is not None and state["next"] <= time.time():
        successor = hashlib.sha256(f"{state['gen']}>{state['next']}".encode()).hexdigest()[:32]
        state = {"gen": successor, "next": next_scheduled_time()}
        _cache_call("set", STATE_KEY, state, timeout=None)
    _remember_state(state)
    return state


def invalidate(**kwargs):
    """Signal receiver: the reader sees the change on the next request.

    Outside a transaction the generation changes at once. Inside one, the
    save only marks this thread as holding uncommitted changes (no query, no
    cache write: a transaction may save hundreds of rows, an ingest chunk
    does) and the generation changes once, after the commit, when every
    render sees the new rows. Only this thread's connection can see the rows
    before that, so a page it renders meanwhile starts a generation first
    (see ``_serve``).
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump_quietly()  # autocommit: the row is already visible to every render
        return
    _uncommitted.changes = True
    # Entries are (savepoint ids, callback, robust); Django drops those of a
    # rolled-back savepoint, so a later change registers again.
    if not any(entry[1] is _after_commit for entry in connection.run_on_commit):
        transaction.on_commit(_after_commit)


# Whether this thread saved reader-visible rows it has not committed yet.
_uncommitted = threading.local()


def _after_commit():
    _uncommitted.changes = False
    _bump_quietly()


def _bump_for_uncommitted_changes():
    """Start a generation if this thread saved rows since its last render; it is about to render them."""
    if getattr(_uncommitted, "changes", False):
        _uncommitted.changes = False
        try:
            new_generation()
        except CacheUnavailable:
            _backoff["bump_pending"] = True
            raise


def _bump_quietly():
    try:
        new_generation()
    except CacheUnavailable:
        # With the cache down there is nothing stale to serve; when it is back
        # its pages may predate this change, so start over once it answers.
        _backoff["bump_pending"] = True
    except (OperationalError, InterfaceError):
        log.warning("page cache: could not read the schedule after a change", exc_info=True)


def connect_signals():
    """Invalidate pages on any change to what reader pages show."""
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, CasualtyFigure, Quote, Source

    for model in (Article, Quote, CasualtyFigure, Source, Tag, TaggedItem):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    m2m_changed.connect(invalidate, sender=Article.tags.through, dispatch_uid="pagecache-tags")


# Requests and entries ----------------------------------------------------


def is_cacheable_request(request):
    """Return True for an anonymous reader's GET or HEAD: no session, no credentials."""
    return (
        settings.NEWSDESK_PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def page_key(request):
    """Return the cache key of the page: host, scheme, path with query, language."""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    identity = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{language}"
    return "pagecache:page:" + hashlib.sha256(identity.encode()).hexdigest()


def make_entry(response, gen):
    """Return the storable form of a rendered 200 response."""
    content = response.content
    created = time.time()
    return {
        "gen": gen,
        "created": created,
        "last_modified": http_date(created),
        "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"',
        "headers": {k: v for k, v in response.headers.items() if k.lower() not in UNSTORED_HEADERS},
        "content": content,
    }


def is_storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def response_from_entry(entry):
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"].items():
        response[name] = value
    return response


def add_cache_headers(response, *, max_age, entry=None, state=None):
    """Give a reader page its public Cache-Control, and its validators when it was cached.

    ``max_age`` is cut short before the next scheduled article so that no
    browser or CDN keeps a page past the moment it changes.
    """
    if state and state.get("next"):
        max_age = max(0, min(max_age, int(state["next"] - time.time())))
    directives = {
        "public": True,
        "max_age": max_age,
        "stale_while_revalidate": max_age,
        "stale_if_error": STALE_IF_ERROR_SECONDS,
    }
    # A cached page is answered thousands of times a second: the usual
    # headers are written as strings, Django's patch_* helpers (which parse
    # what is already there) only run when the view set its own.
    if "Cache-Control" in response:
        patch_cache_control(response, **directives)
    else:
        response["Cache-Control"] = (
            f"public, max-age={max_age}, stale-while-revalidate={max_age}, stale-if-error={STALE_IF_ERROR_SECONDS}"
        )
    if "Vary" in response:
        patch_vary_headers(response, VARY)
    else:
        response["Vary"] = ", ".join(VARY)
    if entry:
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = entry.get("last_modified") or http_date(entry["created"])
    return response


# The decorator -----------------------------------------------------------


def cached_reader_page(*, max_age, depends_on=(), query=("page",)):
    """Return a decorator caching an anonymous reader page, sent with ``max-age=max_age``.

    ``depends_on(request, *args, **kwargs)`` returns the names of the tokens
    the page is valid for; ``query`` the query parameters that change it.
    (Being redesigned: see issue 11.)
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable_request(request):
                return view(request, *args, **kwargs)
            try:
                return _serve(request, view, args, kwargs, max_age)
            except CacheUnavailable:
                response = view(request, *args, **kwargs)
                if is_storable(response):
                    add_cache_headers(response, max_age=max_age)
                    response["X-Page-Cache"] = "off"
                return response

        return wrapper

    return decorator


def current_generation():
    """Return the generation reader pages are served under now; raise CacheUnavailable without a page cache.

    Read as a page lookup reads it (this thread's uncommitted changes start a
    generation first; the process's copy of the state is used while fresh),
    so that what a process keeps under it, as the article page's latest items
    (``articles.page``), goes out of date exactly when cached pages do.
    """
    if not settings.NEWSDESK_PAGE_CACHE_ENABLED:
        raise CacheUnavailable("the page cache is off")
    _settle_changes()
    state = _local_state()
    if state is None:
        state = current_state(_cache_call("get", STATE_KEY))
    return state["gen"]


def _settle_changes():
    """Start the generation that changes made but not yet published to the cache call for."""
    _bump_for_uncommitted_changes()
    if _backoff.pop("bump_pending", False):
        try:
            new_generation()
        except CacheUnavailable:
            _backoff["bump_pending"] = True
            raise


def _serve(request, view, args, kwargs, max_age):
    key = page_key(request)
    _settle_changes()
    state = _local_state()
    entry = _local_page(key, state["gen"]) if state else None
    if entry is None:
        if state is None:
            found = _cache_call("get_many", [STATE_KEY, key])
            state = current_state(found.get(STATE_KEY))
            entry = found.get(key)
        else:
            entry = _cache_call("get", key)
        if entry and entry["gen"] == state["gen"]:
            _keep_local_page(key, entry)
    ttl = settings.NEWSDESK_PAGE_CACHE_SECONDS

    if entry and entry["gen"] == state["gen"]:
        if time.time() - entry["created"] < ttl:
            return _answer(request, entry, state, max_age, "hit")
        # Out of date by age only: one request refreshes it, the others keep
        # serving this copy meanwhile.
        if not _cache_call("add", _lock_key(key, state), 1, timeout=LOCK_SECONDS):
            return _answer(request, entry, state, max_age, "stale")
    elif not _cache_call("add", _lock_key(key, state), 1, timeout=LOCK_SECONDS):
        waited = _wait_for(key, state)
        if waited:
            return _answer(request, waited, state, max_age, "hit-after-wait")
        # The render we waited for failed or is stuck: render ourselves.
    return _render(request, view, args, kwargs, key, state, entry, max_age)


def _lock_key(key, state):
    return f"{key}:lock:{state['gen']}"


def _wait_for(key, state):
    """Return the entry another request is rendering, once it is stored, or None."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        entry = _cache_call("get", key)
        if entry and entry["gen"] == state["gen"]:
            _keep_local_page(key, entry)
            return entry
    return None


def _render(request, view, args, kwargs, key, state, old_entry, max_age):
    lock = _lock_key(key, state)
    try:
        # Another request may have stored the page and released the lock
        # between this one's look-up and its taking the lock: serve that copy
        # rather than render the page a second time.
        stored = _cache_call("get", key)
        if (
            stored
            and stored["gen"] == state["gen"]
            and time.time() - stored["created"] < settings.NEWSDESK_PAGE_CACHE_SECONDS
        ):
            _keep_local_page(key, stored)
            return _answer(request, stored, state, max_age, "hit-after-wait")
        return _render_and_store(request, view, args, kwargs, key, state, old_entry, max_age)
    finally:
        # Released once the page is stored (or the view raised, a 404 or an
        # error): released earlier, a request arriving in between would render again.
        _release(lock)


def _render_and_store(request, view, args, kwargs, key, state, old_entry, max_age):
    try:
        response = view(request, *args, **kwargs)
    except (OperationalError, InterfaceError):
        if old_entry:
            # The database is away: the last copy beats an error page.
            log.warning("database unavailable, serving the last copy of %s", request.path)
            return _answer(request, old_entry, state, max_age, "stale-if-error")
        raise
    except Http404:
        # Withdrawn, unpublished or gone: its last copy must not survive even as a fallback.
        _quietly("delete", key)
        raise
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if not is_storable(response):
        if response.status_code in (301, 404, 410):
            _quietly("delete", key)
        return response
    entry = make_entry(response, state["gen"])
    _keep_local_page(key, entry)
    # Kept past its freshness so that it can be served stale if the database fails.
    _quietly("set", key, entry, timeout=settings.NEWSDESK_PAGE_CACHE_SECONDS + STALE_IF_ERROR_SECONDS)
    return _answer(request, entry, state, max_age, "miss", response=response)


def _release(lock):
    _quietly("delete", lock)


def _quietly(method, *args, **kwargs):
    try:
        _cache_call(method, *args, **kwargs)
    except CacheUnavailable:
        pass


def _answer(request, entry, state, max_age, outcome, response=None):
    """Return the page for ``entry``: a 304 when the client's copy is current."""
    response = response if response is not None else response_from_entry(entry)
    add_cache_headers(response, max_age=max_age, entry=entry, state=state)
    response["X-Page-Cache"] = outcome
    conditional = get_conditional_response(
        request, etag=entry["etag"], last_modified=int(entry["created"]), response=response
    )
    if conditional is not response:
        conditional["X-Page-Cache"] = outcome
    return conditional
