"""Read replicas: readers' pages and searches read from a streaming replica, everything else from the primary.

DATABASE_REPLICA_URLS adds the aliases ``replica1``, ``replica2``… (settings:
``replica_databases``). The middleware chooses, once per request, where its reads go; the router
answers with that choice, and sends every write to the primary. A request
reads from the primary when it is not a reader's (the admin, any write),
when its client wrote in the last NEWSDESK_REPLICA_STICKY_SECONDS (a signed
cookie set on every write response: an editor sees their own change even if
the replica is behind), or when no replica answers: one refusing connections
is left alone for NEWSDESK_REPLICA_RETRY_SECONDS, and its readers are served
by the primary. Outside a request (commands, workers, the shell) everything
is the primary's.
"""

import contextvars
import itertools
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.urls import reverse

log = logging.getLogger(__name__)

STICKY_COOKIE = "newsdesk_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
REPLICA_PREFIX = "replica"

_reads_from = contextvars.ContextVar("newsdesk_reads_from", default=DEFAULT_DB_ALIAS)
_down_until = {}
_turn = itertools.count()


def replica_aliases():
    """Return the replicas' aliases, in the order DATABASE_REPLICA_URLS names them."""
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


class ReplicaRouter:
    """Reads where the middleware chose (outside requests: the primary); writes and migrations on the primary."""

    def db_for_read(self, model, **hints):
        return _reads_from.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the primary's rows: an object read from one relates to one read from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db.startswith(REPLICA_PREFIX) else None


def reads_primary(request):
    """Return True when ``request`` must read from the primary: not a reader's, or its client just wrote."""
    if request.method not in SAFE_METHODS or request.path.startswith(_admin_prefix()):
        return True
    max_age = settings.NEWSDESK_REPLICA_STICKY_SECONDS
    return request.get_signed_cookie(STICKY_COOKIE, default=None, salt=STICKY_COOKIE, max_age=max_age) is not None


def _admin_prefix():
    return reverse("admin:index")


def healthy_replica():
    """Return the alias of a replica that accepts connections, taking them in turn, or None."""
    aliases = replica_aliases()
    now = time.monotonic()
    start = next(_turn)
    for offset in range(len(aliases)):
        alias = aliases[(start + offset) % len(aliases)]
        if _down_until.get(alias, 0) > now:
            continue
        try:
            connections[alias].ensure_connection()
        except (OperationalError, InterfaceError) as exc:
            _down_until[alias] = now + settings.NEWSDESK_REPLICA_RETRY_SECONDS
            log.warning("replica %s unavailable, its readers go to the primary: %s", alias, exc)
            continue
        return alias
    return None


class ReplicaMiddleware:
    """Choose where the request reads; after a write, keep its client on the primary for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        alias = None if reads_primary(request) else healthy_replica()
        token = _reads_from.set(alias or DEFAULT_DB_ALIAS)
        try:
            response = self.get_response(request)
        finally:
            _reads_from.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_signed_cookie(
                STICKY_COOKIE,
                "1",
                salt=STICKY_COOKIE,
                max_age=settings.NEWSDESK_REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
