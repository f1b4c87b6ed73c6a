"""Machine-readable views: ninjs documents, the Google News sitemap, robots.txt."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.views import paginate
from newsdesk.pagecache import cached_reader_page

from .ninjs import NINJS_STANDARD, article_ninjs
from .sitemaps import news_articles, news_language

JSON_OPTIONS = {"ensure_ascii": False, "indent": 1}


@require_safe
@cached_reader_page(max_age=120, keys=lambda request, pk, slug: (f"article-{pk}",))
def ninjs_detail(request, pk, slug):
    """Return one published article as a ninjs 3.1 document; a stale slug redirects."""
    article = get_object_or_404(Article.objects.published().with_story(), pk=pk)
    if slug != article.slug:
        return redirect("articles:ninjs", pk=article.pk, slug=article.slug, permanent=True)
    return JsonResponse(article_ninjs(article, absolute=request.build_absolute_uri), json_dumps_params=JSON_OPTIONS)


@require_safe
@cached_reader_page(max_age=30, keys=("lists",))
def ninjs_list(request):
    """Return a page of the latest published articles, each a full ninjs 3.1 document."""
    page = paginate(request, Article.objects.published().newest_first().with_story())
    here = reverse("articles:ninjs_list")
    return JsonResponse(
        {
            "standard": NINJS_STANDARD,
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": request.build_absolute_uri(f"{here}?page={page.next_page_number()}") if page.has_next() else None,
            "previous": (
                request.build_absolute_uri(f"{here}?page={page.previous_page_number()}")
                if page.has_previous()
                else None
            ),
            "items": [article_ninjs(article, absolute=request.build_absolute_uri) for article in page.object_list],
        },
        json_dumps_params=JSON_OPTIONS,
    )


@require_safe
@cached_reader_page(max_age=60, keys=("lists",))
def news_sitemap(request):
    """Return the Google News sitemap: the articles of the last 48 hours, with their photos."""
    articles = [(article, news_language(article.language), photo_url(request, article)) for article in news_articles()]
    context = {"articles": articles, "publication": settings.NEWSDESK_SITE_NAME}
    return render(request, "sitemaps/news.xml", context, content_type="application/xml; charset=utf-8")


def photo_url(request, article):
    """Return the whole address of the article's photo at its largest, or "" (none, or not described yet)."""
    image = article.described_image
    return request.build_absolute_uri(image.largest.url) if image else ""


@require_safe
@cached_reader_page(max_age=3600)
def robots_txt(request):
    """Return robots.txt: the reader site open, the desk closed, the sitemaps named."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /apercu/",
        "Disallow: /recherche/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
