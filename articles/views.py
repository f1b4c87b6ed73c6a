"""Reader pages: Dernières Infos, article, tag and source pages, staff preview."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from taggit.models import Tag

from newsdesk.pagecache import cached_reader_page

from .models import Article, CasualtyFigure, Quote, Source
from .page import load_article_page
from .templatetags.article_page import article_document

RECENT_FIGURES = 20


def paginate(request, queryset, per_page=None):
    """Return the requested page of ``queryset``; a bad or absent page number is a 404."""
    paginator = Paginator(queryset, per_page or settings.NEWSDESK_PAGE_SIZE, allow_empty_first_page=True)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (InvalidPage, ValueError, OverflowError) as exc:
        raise Http404(str(exc)) from exc


@require_safe
@cached_reader_page(max_age=30)
def latest(request):
    page = paginate(request, Article.objects.published().newest_first().for_listing())
    return render(request, "articles/latest.html", {"page": page})


def article_queryset():
    """Return articles with their tags, quotes and tolls prefetched (the ninjs documents)."""
    return Article.objects.prefetch_related(
        "tags",
        Prefetch("quotes", queryset=Quote.objects.select_related("source")),
        Prefetch("casualty_figures", queryset=CasualtyFigure.objects.select_related("source")),
    )


def article_page_or_404(pk, *, published_only=True):
    """Return the article and the latest other items (see ``load_article_page``), or raise Http404."""
    page = load_article_page(pk, published_only=published_only)
    if page is None:
        raise Http404("no such article")
    return page


@require_safe
@cached_reader_page(max_age=120)
def article_detail(request, pk, slug=None):
    article, related = article_page_or_404(pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    return HttpResponse(article_document(request, article, related))


@never_cache
@staff_member_required
def preview(request, pk):
    """Show any article, whatever its status, to staff only; never cached."""
    article, related = article_page_or_404(pk, published_only=False)
    return HttpResponse(article_document(request, article, related, preview=True))


@require_safe
@cached_reader_page(max_age=60)
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().tagged(tag.slug).newest_first().for_listing()
    return render(request, "articles/tag.html", {"tag": tag, "page": paginate(request, articles)})


@require_safe
@cached_reader_page(max_age=60)
def source(request, slug):
    source = get_object_or_404(Source, slug=slug)
    published = Article.objects.published()
    quotes = (
        Quote.objects.filter(source=source, article__in=published)
        .select_related("article")
        .order_by("-article__published_at", "-article_id", "position")
    )
    figures = (
        CasualtyFigure.objects.filter(source=source, article__in=published)
        .select_related("article", "source")
        .order_by("-reported_at")[:RECENT_FIGURES]
    )
    page = paginate(request, quotes)
    if not page.object_list and not figures:
        # A source cited only in drafts must not reveal the story early.
        raise Http404("no published quote or toll")
    return render(request, "articles/source.html", {"source": source, "page": page, "figures": figures})
