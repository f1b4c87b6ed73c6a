from django.urls import include, path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.latest, name="latest"),
    path("article/<int:pk>/", views.article_detail, name="detail_short"),
    path("article/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("apercu/article/<int:pk>/", views.preview, name="preview"),
    path("tag/<str:slug>/", views.tag, name="tag"),
    path("source/<str:slug>/", views.source, name="source"),
    # ninjs, feeds, sitemaps and robots.txt (articles/exports/).
    path("", include("articles.exports.urls")),
]
