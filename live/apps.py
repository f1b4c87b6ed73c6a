from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = _("En direct")

    def ready(self):
        from articles import demo as articles_demo

        from . import demo, invalidation

        invalidation.connect()
        articles_demo.loaded.connect(demo.on_demo_loaded, dispatch_uid="live_demo")
