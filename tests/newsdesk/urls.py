"""Small reader views of the tests' own, decorated as the real ones are, counting their renders."""

import threading
from collections import Counter

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from articles.models import Article, Quote, Source
from newsdesk.pagecache import cached_reader_page

renders = Counter()
_renders_lock = threading.Lock()
# A render of /lent/ waits this long, so that concurrent readers find it in progress.
SLOW_RENDER_SECONDS = 0.3


def count(request):
    with _renders_lock:
        renders[request.path] += 1


def text(*lines):
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cached_reader_page(max_age=30, depends_on=("lists",))
def latest(request):
    count(request)
    number = int(request.GET.get("page") or 1)
    articles = Article.objects.published().newest_first()[(number - 1) * 20 : number * 20]
    return text(f"page {number}", *(article.headline for article in articles))


@cached_reader_page(max_age=120, depends_on=lambda request, pk: (f"article:{pk}", "front"))
def article(request, pk):
    count(request)
    article = get_object_or_404(Article.objects.published(), pk=pk)
    newest = Article.objects.published().newest_first().exclude(pk=pk)[:5]
    return text(article.headline, article.body, "Dernières Infos:", *(item.headline for item in newest))


@cached_reader_page(max_age=60, depends_on=lambda request, slug: ("lists", f"source:{slug}"))
def source(request, slug):
    count(request)
    source = get_object_or_404(Source, slug=slug)
    quotes = Quote.objects.filter(source=source, article__in=Article.objects.published())
    return text(source.name, *(quote.text for quote in quotes))


@cached_reader_page(max_age=3600, query=())
def robots(request):
    count(request)
    return text("User-agent: *")


@cached_reader_page(max_age=30)
def slow(request):
    count(request)
    threading.Event().wait(SLOW_RENDER_SECONDS)
    return text("Dernières Infos")


@cached_reader_page(max_age=30)
def sets_a_cookie(request):
    count(request)
    response = text("Bonjour")
    response.set_cookie("vu", "1")
    return response


test_views = [
    path("", latest),
    path("article/<int:pk>/", article),
    path("source/<slug:slug>/", source),
    path("robots.txt", robots),
    path("lent/", slow),
    path("cookie/", sets_a_cookie),
]

# The site's own routes too: its 404 and 503 pages link to them.
urlpatterns = [path("essai/", include(test_views)), path("", include("newsdesk.urls"))]
