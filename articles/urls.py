from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from . import views
from .converters import SlugTextConverter

register_converter(SlugTextConverter, "slugtext")

app_name = "articles"

urlpatterns = [
    path("", views.latest, name="latest"),
    path("article/<int:pk>/", views.article_detail, name="detail_short"),
    path("article/<int:pk>/<slugtext:slug>/", views.article_detail, name="detail"),
    path("apercu/article/<int:pk>/", views.preview, name="preview"),
    path("tag/<slugtext:slug>/", views.tag, name="tag"),
    path("source/<slugtext:slug>/", views.source, name="source"),
    path("rubrique/<slugtext:slug>/", views.section, name="section"),
    path("dossiers/", views.stories, name="stories"),
    # The singular a reader may type: the index.
    path("dossier/", RedirectView.as_view(pattern_name="articles:stories", permanent=True)),
    path("dossier/<slugtext:slug>/", views.story, name="story"),
    path("rectificatifs/", views.corrections, name="corrections"),
    # ninjs, feeds, sitemaps and robots.txt (articles/exports/).
    path("", include("articles.exports.urls")),
]
