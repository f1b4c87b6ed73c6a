"""Rechercher: the reader's search page."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.views import paginate
from newsdesk.pagecache import cached_reader_page

from .forms import SearchForm


@require_safe
# Results change with what articles say (quotes included): the "search" key;
# readers asking the same question during a breaking story share one render at the edge.
@cached_reader_page(max_age=60, keys=("search", "lists"))
def results(request):
    form = SearchForm(request.GET)
    found = form.results(Article.objects.published())
    page = paginate(request, found) if found is not None else None
    searched = page is not None and form.query
    suggestion = found.suggestion() if searched and not page.object_list else None
    context = {
        "form": form,
        "query": form.query,
        "page": page,
        "query_string": form.query_string(),
        "suggestion": suggestion,
        "suggestion_query_string": form.query_string(q=suggestion) if suggestion else "",
        "capped": searched and found.capped,
    }
    return render(request, "search/results.html", context)
