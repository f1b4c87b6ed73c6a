from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Rédaction")

    def ready(self):
        from . import invalidation, signals  # noqa: F401

        # The page cache knows no app: the desk tells it what invalidates what.
        invalidation.connect()
