"""Admin login protection: django-axes, told who the client is behind our proxies."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


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
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """Return the French "login locked" page (429) shown instead of the admin login."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.contrib import admin
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else 60,
    }
    return render(request, "admin/lockout.html", context, status=429)
