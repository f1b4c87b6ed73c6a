"""The project package as an app. The page cache is wired to the desk's models by articles.invalidation."""

from django.apps import AppConfig


class NewsdeskConfig(AppConfig):
    name = "newsdesk"
    verbose_name = "Newsdesk"
