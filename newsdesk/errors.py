"""The reader site's own "Page introuvable", even with DEBUG on (``make run``)."""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.views.defaults import page_not_found


class ReaderNotFoundMiddleware:
    """With DEBUG on, Django answers every 404 with its English technical page listing the URL patterns.

    A reader's path gets the site's French 404 page instead, as in production; the admin keeps
    Django's page (a developer's tool), and errors (500) keep their tracebacks: only 404s change.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and not self.is_admin(request.path):
            return page_not_found(request, Http404())
        return response

    def is_admin(self, path):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        return path.startswith(self.admin_prefix)
