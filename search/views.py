"""Rechercher: the reader's search page."""

from django.views.decorators.http import require_safe
from django.shortcuts import render

from articles.models import Article
from articles.views import paginate

MAX_QUERY_LENGTH = 200


@require_safe
def results(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    page = None
    if query:
        articles = Article.objects.published().filter(headline__icontains=query) | Article.objects.published().filter(
            body__icontains=query
        )
        page = paginate(request, articles.newest_first().for_listing())
    return render(request, "search/results.html", {"query": query, "page": page})
