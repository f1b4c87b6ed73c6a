"""The project package as an app: it wires the page cache to the desk's models."""

from django.apps import AppConfig


class NewsdeskConfig(AppConfig):
    name = "newsdesk"
    verbose_name = "Newsdesk"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
