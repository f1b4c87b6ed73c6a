"""What a change to a coverage, an entry or an alert does to the reader pages.

Surrogate keys (see newsdesk.pagecache): ``live-<slug>`` for a coverage's
page, ``live`` for the index of coverages. A coverage's page also carries its
story's key (``story-<slug>``, purged by articles.invalidation when a toll
changes). An alert changes every reader page: it purges ``front`` and
``lists`` (the keys every article and list page carries) and ``live``, now
and again when it ends, and drops the banner's cached copy.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from newsdesk import pagecache

from .models import BreakingAlert, LiveCoverage, LiveEntry

ALERT_CACHE_KEY = "live:alert"
# The keys that every reader page carries one of (article pages "front", lists "lists", live pages "live").
EVERY_PAGE = ("front", "lists", "live")


def coverage_changed(sender, instance, **kwargs):
    pagecache.purge(f"live-{instance.slug}", "live")


def entry_changed(sender, instance, **kwargs):
    coverage = LiveCoverage.objects.filter(pk=instance.coverage_id).first()
    if coverage is None:
        return
    coverage.touch()
    pagecache.purge(f"live-{coverage.slug}", "live")


def alert_changed(sender, instance, **kwargs):
    cache.delete(ALERT_CACHE_KEY)
    pagecache.purge(*EVERY_PAGE)
    # The banner goes when the alert ends: the pages cached meanwhile show it until then.
    pagecache.purge(*EVERY_PAGE, when=instance.until)


def connect():
    post_save.connect(coverage_changed, sender=LiveCoverage, dispatch_uid="live_coverage_saved")
    post_delete.connect(coverage_changed, sender=LiveCoverage, dispatch_uid="live_coverage_deleted")
    post_save.connect(entry_changed, sender=LiveEntry, dispatch_uid="live_entry_saved")
    post_delete.connect(entry_changed, sender=LiveEntry, dispatch_uid="live_entry_deleted")
    post_save.connect(alert_changed, sender=BreakingAlert, dispatch_uid="live_alert_saved")
    post_delete.connect(alert_changed, sender=BreakingAlert, dispatch_uid="live_alert_deleted")
