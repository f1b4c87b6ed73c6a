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
    index (bench/README.md, "Search"). PostgreSQL keeps its own statistics
    up to date.
    """
    from django.db import connections

    from .backends import searchable

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # Every start runs migrate: analyse only when the articles have no
        # statistics (never analysed, or their table was just rebuilt).
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [searchable()._meta.db_table])
            if cursor.fetchone():
                return
        cursor.execute("ANALYZE")
