"""Admin login protection (django-axes) and the forwarded headers believed only from our own proxies."""

import functools
import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

# What a proxy tells about the client; from anyone else, a forgery.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


@functools.cache
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted_proxy(address):
    """Return True when ``address`` is one of NEWSDESK_TRUSTED_PROXIES (addresses or networks)."""
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in network for network in _networks(tuple(settings.NEWSDESK_TRUSTED_PROXIES)))


class ForwardedHeadersMiddleware:
    """Drop the X-Forwarded-* headers of a request that did not come from one of our proxies.

    Only a proxy we run (Caddy, a CDN we configured) says truthfully which
    address a reader has and whether they came over HTTPS; a client talking
    to gunicorn directly could otherwise dodge the login lockout with a new
    X-Forwarded-For on each try, or pass for HTTPS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuse logins for a locked-out username and address; needs an HTTP request.

    An authentication without a request (a management command, the test
    client's ``login()``) did not come over the network, so there is no
    address to lock and nothing to guess at: it is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """Return the reader's address: REMOTE_ADDR, or the one our last proxy saw.

    Each trusted proxy appends the address it received from to
    X-Forwarded-For, so with N proxies the N-th entry from the right is the
    client's; anything further left was sent by the client and can be forged.
    """
    proxies = settings.NEWSDESK_PROXY_COUNT
    if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
        return request.META.get("REMOTE_ADDR", "")
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class LoginLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, with a limit of its own for an account tried from many addresses.

    AXES_LOCKOUT_PARAMETERS counts failures per username and address, and per
    username alone; the first lock at AXES_FAILURE_LIMIT, the second at
    NEWSDESK_ACCOUNT_FAILURE_LIMIT, higher, so that one attacker cannot lock an
    editor out with a handful of tries while a botnet is still stopped.
    """

    def failures(self, request, credentials=None):
        """Return the failures counted against (username, address) and against the username alone."""
        counts = {"address": 0, "account": 0}
        for parameters, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS, self.get_user_attempts(request, credentials), strict=True
        ):
            total = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            kind = "account" if parameters == "username" else "address"
            counts[kind] = max(counts[kind], total)
        return counts

    def is_account_locked(self, request, credentials=None):
        """Return True when the account is locked from everywhere, not only from this address."""
        return self.failures(request, credentials)["account"] >= settings.NEWSDESK_ACCOUNT_FAILURE_LIMIT

    def get_failures(self, request, credentials=None):
        counts = self.failures(request, credentials)
        # The account's count on the pair's scale: its own limit reaches AXES_FAILURE_LIMIT.
        account = counts["account"] * settings.AXES_FAILURE_LIMIT // settings.NEWSDESK_ACCOUNT_FAILURE_LIMIT
        return max(counts["address"], account)

    def reset_user_attempts(self, request, credentials=None):
        """On a successful login, forget the failures from this address only.

        Those made from elsewhere are someone else's: the owner signing in
        must neither lift an attacker's lock nor reset the account's count.
        """
        count = 0
        for parameters, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS, self.filter_user_attempts(request, credentials), strict=True
        ):
            if parameters != "username":
                count += attempts.delete()[0]
        return count


def lockout_response(request, original_response=None, credentials=None):
    """Return the French "login locked" page (429) shown instead of the admin login."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.contrib import admin
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    account_locked = LoginLockoutHandler().is_account_locked(request, credentials)
    context = {
        **admin.site.each_context(request),
        "account_locked": account_locked,
        "failure_limit": settings.NEWSDESK_ACCOUNT_FAILURE_LIMIT
        if account_locked
        else get_failure_limit(request, credentials),
        "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else 60,
    }
    return render(request, "admin/lockout.html", context, status=429)
