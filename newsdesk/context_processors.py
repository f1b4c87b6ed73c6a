"""Template context every reader page shares."""

from django.conf import settings


def site(request):
    """Return the site's name, as feeds and JSON-LD already print it."""
    return {"site_name": settings.NEWSDESK_SITE_NAME}
