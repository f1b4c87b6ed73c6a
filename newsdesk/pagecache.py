"""The reader-page cache: pages rendered once, shared by every web worker, invalidated by tokens.

``cached_reader_page(max_age=…, depends_on=…, query=…)`` decorates a reader
view. A GET or HEAD is answered from the default cache (Redis in production)
under its scheme, host, path, the values of the declared ``query`` parameters
(any other parameter is ignored) and the active language, with
``Cache-Control``, ``ETag`` and ``Last-Modified`` so that browsers and a CDN
can revalidate (304) or keep serving it.

Tokens. A page names the tokens it depends on (``"article:42"``, ``"front"``,
``"lists"``…). Each token has a value in the cache; an entry records the
values it was rendered under and is fresh while every one still matches.
``bump(name)`` gives a token a new value, so only the pages depending on it
are rendered again; ``mark_gone(name)`` gives it a value that says the thing
is gone, and a page depending on a gone token is never answered from the
cache, not even as a last resort while the database is down. This module
knows no model: the apps say what invalidates what (``articles.invalidation``).

Inside a transaction, ``bump`` waits for the commit (``transaction.on_commit``),
when every render sees the new rows. Only this thread's connection sees them
before that, so the tokens it bumped are given new values before it serves a
page meanwhile, and again after the commit (a render on another connection
may have stored the old rows under the first new values), or at its next page
after a rollback. (A page this thread renders inside its transaction is stored
and may be served meanwhile: reader pages are not rendered inside the desk's
transactions, only tests do so.)

Who gets cached pages: every reader, whatever cookies they send. Only an
authenticated staff user (looked up only when a session cookie is there)
bypasses the cache, and any method but GET and HEAD. A response that sets a
cookie or is not a plain 200 is never stored.

Stampedes: when a page is missing or out of date, one request takes a short
lock and renders it; the others wait for that render, or get the previous copy
while it is refreshed by age.

The schedule: an app registers ``register_schedule(next_time=…, on_time=…)``;
the first request after the next scheduled moment calls ``on_time`` (once
across all workers), and every page's ``max-age`` stops before that moment.

Each web process keeps the token values and pages it read last for
NEWSDESK_PAGE_CACHE_LOCAL_SECONDS (production: 1 s; 0 in development and
tests), so a hit costs no round trip to Redis; a change made in another process
reaches this one that much later. If the cache itself fails (Redis stopped),
pages are rendered uncached and the cache is left alone for a few seconds, so
readers see no error; tokens that could not be bumped meanwhile are bumped once
it answers again.

``clock`` (epoch seconds) is the one source of wall time here: tests replace it.
"""

import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

log = logging.getLogger(__name__)

#: Wall time in epoch seconds; replaceable (tests install a fake clock).
clock = time.time

PREFIX = "pagecache:"
SCHEDULE_KEY = PREFIX + "schedule"
# Changed by every bump: the schedule is read again from the app after any change.
SCHEDULE_TOKEN = "~schedule"
GONE = "gone-"
# How long a render may hold the lock, and how long the others wait for it.
LOCK_SECONDS = 15
WAIT_SECONDS = 5
DUE_SECONDS = 1
POLL_SECONDS = 0.02
# A browser or CDN may serve a copy this long while the origin is failing.
STALE_IF_ERROR_SECONDS = 24 * 3600
# After a cache failure, leave the cache alone this long.
BACKOFF_SECONDS = 2
# Caches must keep one copy per language and never share a reader's session.
VARY = ("Accept-Language", "Cookie")
# Response headers that belong to one response, not to the page.
UNSTORED_HEADERS = {"set-cookie", "vary", "cache-control", "expires", "etag", "last-modified", "content-length"}
LOCAL_PAGES = 256


class CacheUnavailable(Exception):
    """The cache backend failed; the page is rendered without it."""


class _ProcessState:
    """What this process remembers between requests: its copies, its back-off, what it still owes the cache."""

    def __init__(self):
        self.lock = threading.Lock()
        self.backoff_until = 0.0
        self.tokens = {}  # name -> (value, read at)
        self.schedule = None  # (entry, read at)
        self.pages = OrderedDict()
        # Names whose bump or gone mark could not reach the cache: name -> gone?
        self.owed = {}


_process = _ProcessState()
_schedule = {"next_time": None, "on_time": None}
# This thread: names bumped inside a transaction not committed yet ("pending"
# until this thread serves a page, then "settled"), and the token values of the
# page being rendered, for token().
_thread = threading.local()


def reset_process_state():
    """Forget this process's copies, back-off and owed bumps (tests, after a cache flush)."""
    global _process
    _process = _ProcessState()
    _thread.__dict__.clear()


def _cache_call(method, *args, **kwargs):
    """Call ``cache.method``; on any backend failure back off and raise CacheUnavailable."""
    if clock() < _process.backoff_until:
        raise CacheUnavailable("backing off")
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as exc:
        with _process.lock:
            if clock() >= _process.backoff_until:
                log.warning("page cache unavailable, rendering uncached for %ss: %r", BACKOFF_SECONDS, exc)
            _process.backoff_until = clock() + BACKOFF_SECONDS
        raise CacheUnavailable(str(exc)) from exc


def _quietly(method, *args, **kwargs):
    try:
        return _cache_call(method, *args, **kwargs)
    except CacheUnavailable:
        return None


# Tokens --------------------------------------------------------------------


def _token_key(name):
    return PREFIX + "token:" + name


def _new_value(gone=False):
    return (GONE if gone else "") + uuid.uuid4().hex[:16]


def _local_seconds():
    return settings.NEWSDESK_PAGE_CACHE_LOCAL_SECONDS


def _remember_tokens(values):
    now = clock()
    with _process.lock:
        for name, value in values.items():
            _process.tokens[name] = (value, now)


def _local_tokens(names):
    """Return this process's recent copies of ``names``' values, or None if one is missing or old."""
    if _local_seconds() <= 0:
        return None
    oldest = clock() - _local_seconds()
    values = {}
    for name in names:
        copy = _process.tokens.get(name)
        if copy is None or copy[1] < oldest:
            return None
        values[name] = copy[0]
    return values


def _resolve_tokens(names, found):
    """Return the values of ``names`` from ``found`` (a get_many answer), creating the missing ones."""
    values = {}
    for name in names:
        value = found.get(_token_key(name))
        if value is None:
            # A cold or flushed cache: a new value, agreed on by every process.
            fresh = _new_value()
            value = fresh if _cache_call("add", _token_key(name), fresh, timeout=None) else None
            value = value or _cache_call("get", _token_key(name)) or fresh
        values[name] = value
    _remember_tokens(values)
    return values


def _write_tokens(names, gone):
    values = {name: _new_value(gone) for name in names}
    values[SCHEDULE_TOKEN] = _new_value()
    try:
        _cache_call("set_many", {_token_key(name): value for name, value in values.items()}, timeout=None)
    except CacheUnavailable:
        # With the cache down nothing stale is served; when it is back its
        # pages may predate this change, so the change is written then.
        with _process.lock:
            for name in names:
                _process.owed[name] = gone or _process.owed.get(name, False)
        return
    _remember_tokens(values)


def bump(*names):
    """Give the tokens ``names`` new values: pages rendered under the old ones are out of date.

    Inside a transaction the values change once it commits (and before this
    thread serves a page meanwhile). Never raises when the cache is down.
    """
    _change(names, gone=False)


def mark_gone(*names):
    """Say that what ``names`` stand for is gone: pages depending on them are never served from the cache."""
    _change(names, gone=True)


def _change(names, gone):
    if not names:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _write_tokens(names, gone)
        return
    pending = _thread.__dict__.setdefault("pending", {})
    for name in names:
        pending[name] = gone or pending.get(name, False)
    # One callback per change: the first to run writes everything pending and
    # the rest find nothing left. (Django drops the callbacks of a rolled-back
    # savepoint; names it left behind are written at the next settle, which
    # is harmless: a bump only costs a render.)
    transaction.on_commit(_after_commit)


def _after_commit():
    changes = {**_thread.__dict__.pop("settled", {}), **_thread.__dict__.pop("pending", {})}
    _write_changes(changes)


def _write_changes(changes):
    for gone in (False, True):
        names = [name for name, is_gone in changes.items() if is_gone is gone]
        if names:
            _write_tokens(names, gone)


def _settle():
    """Write what this thread and this process owe the cache before serving a page under its tokens."""
    if _process.owed and clock() >= _process.backoff_until:
        with _process.lock:
            owed, _process.owed = _process.owed, {}
        _write_changes(owed)
    if not ("pending" in _thread.__dict__ or "settled" in _thread.__dict__):
        return
    if transaction.get_connection().in_atomic_block:
        # Still uncommitted: written now for this thread's renders, and
        # again at the commit.
        pending = _thread.__dict__.pop("pending", None)
        if pending:
            _thread.__dict__.setdefault("settled", {}).update(pending)
            _write_changes(pending)
    else:
        # No commit wrote them: the transaction was rolled back. Written
        # again, so that nothing rendered from its rows stays fresh.
        _after_commit()


def token(name):
    """Return the current value of token ``name``, for a fragment's cache key.

    While a cached page renders, the value it is rendered under. With the
    cache down, a value never seen before, so that the fragment is rendered.
    """
    rendering = getattr(_thread, "rendering", None)
    if rendering and name in rendering:
        return rendering[name]
    try:
        _settle()
        values = _local_tokens([name])
        if values is None:
            values = _resolve_tokens([name], _cache_call("get_many", [_token_key(name)]))
        return values[name]
    except CacheUnavailable:
        return "down-" + uuid.uuid4().hex


def is_gone(value):
    return value.startswith(GONE)


# The schedule --------------------------------------------------------------


def register_schedule(*, next_time, on_time):
    """Have pages follow a schedule.

    ``next_time()`` returns the next moment a page changes on its own (an
    aware datetime), or None; it is asked again after any bump. ``on_time(since)``
    is called once, by the first request after that moment, with the aware
    datetime at which the schedule was last read: it bumps what changed.
    """
    _schedule.update(next_time=next_time, on_time=on_time)


def _read_schedule(under):
    """Return the schedule entry computed now from the app, under the schedule token's value ``under``."""
    moment = None
    if _schedule["next_time"] is not None:
        try:
            moment = _schedule["next_time"]()
        except (OperationalError, InterfaceError):
            log.warning("page cache: could not read the schedule", exc_info=True)
    entry = {"next": moment.timestamp() if moment else None, "read_at": clock(), "under": under}
    _quietly("set", SCHEDULE_KEY, entry, timeout=None)
    return entry


def _current_schedule(found, under):
    entry = found.get(SCHEDULE_KEY)
    if entry is None or entry["under"] != under:
        entry = _read_schedule(under)
    with _process.lock:
        _process.schedule = (entry, clock())
    return entry


def _local_schedule(under):
    if _process.schedule is None:
        return None
    entry, read_at = _process.schedule
    if entry["under"] != under or read_at < clock() - _local_seconds():
        return None
    return entry


def _is_due(schedule):
    return schedule["next"] is not None and schedule["next"] <= clock()


def _run_schedule(schedule):
    """Call the app's ``on_time`` once across workers for the moment that has come; return True if this request did."""
    if _schedule["on_time"] is None:
        return False
    # Held briefly: should the database's clock lag this one, the moment is
    # still to come there and the next request a second later runs it again.
    due = f"{SCHEDULE_KEY}:due:{schedule['next']}"
    if not _cache_call("add", due, 1, timeout=DUE_SECONDS):
        return False
    try:
        _schedule["on_time"](datetime.fromtimestamp(schedule["read_at"], tz=UTC))
    except (OperationalError, InterfaceError):
        log.warning("page cache: could not run the schedule", exc_info=True)
        _quietly("delete", due)
        return False
    _settle()
    # Whatever the app bumped, the schedule itself is read again.
    _write_tokens((), gone=False)
    return True


# Requests and entries --------------------------------------------------------


def _is_staff(request):
    """Return True for an authenticated staff user; the session is only read when its cookie is there."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    try:
        return bool(user is not None and user.is_authenticated and user.is_staff)
    except (OperationalError, InterfaceError):
        return False  # the database is down: readers and editors alike get the cached copy


def page_key(request, query=("page",)):
    """Return the cache key of the page: scheme, host, path, declared query values, language."""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    params = [(name, request.GET.getlist(name)) for name in query if name in request.GET]
    identity = f"{request.scheme}://{request.get_host()}{request.path}?{params!r}|{language}"
    return PREFIX + "page:" + hashlib.sha256(identity.encode()).hexdigest()


def make_entry(response, tokens):
    """Return the storable form of a rendered 200 response, with the token values it was rendered under."""
    content = response.content
    created = clock()
    return {
        "tokens": tokens,
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


def add_cache_headers(response, *, max_age, entry=None, schedule=None):
    """Give a reader page its public Cache-Control, and its validators when it was cached.

    ``max_age`` is cut short before the next scheduled moment so that no
    browser or CDN keeps a page past the time it changes.
    """
    if schedule and schedule.get("next"):
        max_age = max(0, min(max_age, int(schedule["next"] - clock())))
    # A cached page is answered thousands of times a second: the usual headers
    # are written as strings; Django's patch_* helpers (which parse what is
    # already there) only run when the view set its own.
    if "Cache-Control" in response:
        patch_cache_control(
            response,
            public=True,
            max_age=max_age,
            stale_while_revalidate=max_age,
            stale_if_error=STALE_IF_ERROR_SECONDS,
        )
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
        response["Last-Modified"] = entry["last_modified"]
    return response


def _local_page(key, tokens):
    if _local_seconds() <= 0:
        return None
    entry = _process.pages.get(key)
    return entry if entry and entry["tokens"] == tokens else None


def _keep_local_page(key, entry):
    if _local_seconds() <= 0:
        return
    with _process.lock:
        pages = _process.pages
        pages[key] = entry
        pages.move_to_end(key)
        while len(pages) > LOCAL_PAGES:
            pages.popitem(last=False)


def _forget_local_page(key):
    with _process.lock:
        _process.pages.pop(key, None)


# The decorator -------------------------------------------------------------


def cached_reader_page(*, max_age, depends_on=(), query=("page",)):
    """Return a decorator serving a reader page from the cache, sent with ``max-age=max_age``.

    ``depends_on`` is a tuple of token names, or a callable
    ``(request, *args, **kwargs)`` returning them; ``query`` names the query
    parameters that change the page (the others are ignored).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not settings.NEWSDESK_PAGE_CACHE_ENABLED:
                return view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD") or _is_staff(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                response["X-Page-Cache"] = "bypass"
                return response
            names = depends_on(request, *args, **kwargs) if callable(depends_on) else depends_on
            page = _Page(request, view, args, kwargs, max_age, tuple(names), page_key(request, query))
            try:
                return page.serve()
            except CacheUnavailable:
                response = view(request, *args, **kwargs)
                if is_storable(response):
                    add_cache_headers(response, max_age=max_age)
                    response["X-Page-Cache"] = "off"
                return response
            finally:
                _thread.__dict__.pop("rendering", None)

        return wrapper

    return decorator


class _Page:
    """One request for one cached page: look it up, wait for it, or render and store it."""

    def __init__(self, request, view, args, kwargs, max_age, names, key):
        self.request, self.view, self.args, self.kwargs = request, view, args, kwargs
        self.max_age, self.names, self.key = max_age, names, key
        self.all_names = (*names, SCHEDULE_TOKEN)

    def look_up(self):
        """Read the tokens, the schedule and the stored entry: from this process's copies, else one round trip."""
        tokens = _local_tokens(self.all_names)
        if tokens is not None:
            schedule = _local_schedule(tokens.pop(SCHEDULE_TOKEN))
            entry = _local_page(self.key, tokens)
            if schedule is not None and entry is not None:
                self.tokens, self.schedule, self.entry = tokens, schedule, entry
                return
        found = _cache_call("get_many", [self.key, SCHEDULE_KEY, *map(_token_key, self.all_names)])
        tokens = _resolve_tokens(self.all_names, found)
        # The schedule's token says when to read the schedule again; it is
        # not one of the page's: a change elsewhere leaves the page fresh.
        self.schedule = _current_schedule(found, tokens.pop(SCHEDULE_TOKEN))
        self.tokens = tokens
        self.entry = found.get(self.key)
        if self.is_current(self.entry):
            _keep_local_page(self.key, self.entry)

    def is_current(self, entry):
        return entry is not None and entry["tokens"] == self.tokens

    def is_fresh(self, entry):
        return self.is_current(entry) and clock() - entry["created"] < settings.NEWSDESK_PAGE_CACHE_SECONDS

    @property
    def gone(self):
        return any(is_gone(value) for value in self.tokens.values())

    def serve(self):
        _settle()
        self.look_up()
        if _is_due(self.schedule) and _run_schedule(self.schedule):
            _forget_local_page(self.key)
            self.look_up()
        if self.gone:
            # Withdrawn or deleted: rendered for each request (the view says
            # 404), never stored, and its last copy dropped.
            _quietly("delete", self.key)
            _forget_local_page(self.key)
            return self.render(store=False)
        if self.is_fresh(self.entry):
            return self.answer(self.entry, "hit")
        if self.is_current(self.entry):
            # Out of date by age only: one request refreshes it, the others
            # keep serving this copy meanwhile.
            if not _cache_call("add", self.lock_key, 1, timeout=LOCK_SECONDS):
                return self.answer(self.entry, "stale")
        elif not _cache_call("add", self.lock_key, 1, timeout=LOCK_SECONDS):
            waited = self.wait()
            if waited:
                return self.answer(waited, "hit-after-wait")
            # The render waited for failed or is stuck: render here.
        try:
            # Another request may have stored the page and released the lock
            # between this one's look-up and its taking the lock.
            stored = _cache_call("get", self.key)
            if self.is_fresh(stored):
                _keep_local_page(self.key, stored)
                return self.answer(stored, "hit-after-wait")
            return self.render(store=True)
        finally:
            # Released once the page is stored (or the view failed): released
            # earlier, a request arriving in between would render again.
            _quietly("delete", self.lock_key)

    @property
    def lock_key(self):
        under = hashlib.sha256(repr(sorted(self.tokens.items())).encode()).hexdigest()[:16]
        return f"{self.key}:lock:{under}"

    def wait(self):
        """Return the entry another request is rendering, once it is stored, or None."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            entry = _cache_call("get", self.key)
            if self.is_current(entry):
                _keep_local_page(self.key, entry)
                return entry
        return None

    def render(self, *, store):
        _thread.rendering = self.tokens
        try:
            response = self.view(self.request, *self.args, **self.kwargs)
        except (OperationalError, InterfaceError):
            fallback = self.last_resort()
            if fallback is None:
                raise
            log.warning("database unavailable, serving the last copy of %s", self.request.path)
            return self.answer(fallback, "stale-if-error")
        except Http404:
            # Unpublished or gone: its last copy must not survive even as a fallback.
            _quietly("delete", self.key)
            _forget_local_page(self.key)
            raise
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not store or not is_storable(response):
            if response.status_code in (301, 404, 410):
                _quietly("delete", self.key)
                _forget_local_page(self.key)
            if is_storable(response):
                add_cache_headers(response, max_age=0)
                response["X-Page-Cache"] = "miss"
            return response
        entry = make_entry(response, self.tokens)
        _keep_local_page(self.key, entry)
        # Kept past its freshness so that it can be served if the database fails.
        _quietly("set", self.key, entry, timeout=settings.NEWSDESK_PAGE_CACHE_SECONDS + STALE_IF_ERROR_SECONDS)
        return self.answer(entry, "miss", response=response)

    def last_resort(self):
        """Return the stored copy to serve while the database is down, unless a token it depends on is gone."""
        entry = self.entry or _quietly("get", self.key)
        if entry is None:
            return None
        # Read from the shared cache, not this process's copies: a withdrawal
        # made a moment ago in another process must count.
        found = _quietly("get_many", [_token_key(name) for name in self.names]) if self.names else {}
        if found is None or len(found) < len(self.names) or any(is_gone(value) for value in found.values()):
            return None
        return entry

    def answer(self, entry, outcome, response=None):
        """Return the page for ``entry``: a 304 when the client's copy is current."""
        response = response if response is not None else response_from_entry(entry)
        add_cache_headers(response, max_age=self.max_age, entry=entry, schedule=self.schedule)
        response["X-Page-Cache"] = outcome
        conditional = get_conditional_response(
            self.request, etag=entry["etag"], last_modified=int(entry["created"]), response=response
        )
        if conditional is not response:
            conditional["X-Page-Cache"] = outcome
        return conditional
