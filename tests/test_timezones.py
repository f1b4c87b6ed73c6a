"""Every request runs with the site's time zone active."""

from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from newsdesk.timezones import SiteTimezoneMiddleware


def test_the_site_time_zone_is_active_while_a_view_runs(settings):
    seen = {}

    def view(request):
        seen["active"] = getattr(timezone._active, "value", None)
        seen["current"] = timezone.get_current_timezone_name()
        return HttpResponse()

    timezone.deactivate()
    SiteTimezoneMiddleware(view)(RequestFactory().get("/"))
    assert seen == {"active": ZoneInfo(settings.TIME_ZONE), "current": "Europe/Paris"}


def test_the_middleware_is_installed(settings):
    assert "newsdesk.timezones.SiteTimezoneMiddleware" in settings.MIDDLEWARE
