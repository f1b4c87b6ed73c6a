from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Recherche")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals

        signals.connect()
        post_migrate.connect(analyze_sqlite, sender=self, dispatch_uid="search_analyze_sqlite")


def analyze_sqlite(sender, using="default", **kwargs):
    """Give SQLite's planner statistics after migrating.

    Without them (a fresh install, or a table Django rebuilt to add a
    column) SQLite loads a page of 20 results by walking the whole date
    index: tens of milliseconds instead of a few at 100,000 articles.
    PostgreSQL keeps its own statistics up to date.
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
