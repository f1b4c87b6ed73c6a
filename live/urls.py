from django.urls import path, register_converter

from articles.converters import SlugTextConverter

from . import views

# The reader URLs' slug rule, under this app's own name (a converter name is registered once).
register_converter(SlugTextConverter, "liveslug")

app_name = "live"

urlpatterns = [
    path("", views.index, name="index"),
    path("<liveslug:slug>/", views.coverage, name="coverage"),
    path("<liveslug:slug>/entrees", views.entries, name="entries"),
]
