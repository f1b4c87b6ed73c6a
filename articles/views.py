"""Reader pages: the front (À la une, Dernières Infos), article, section, tag, source, story, dossier index and
corrections pages, staff preview."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from taggit.models import Tag

from newsdesk.pagecache import cached_reader_page

from . import front
from .models import Article, CasualtyFigure, Quote, Section, Source, Story

RELATED_COUNT = 5
RECENT_FIGURES = 20
# Largest value a bigint primary key holds: a larger id in the URL finds nothing
# (SQLite would refuse the integer rather than find no row).
MAX_PK = 2**63 - 1
# How long a cached fragment (an article's story) is kept:
# its key changes with what it shows, so this only bounds what Redis holds.
FRAGMENT_SECONDS = 24 * 3600


def paginate(request, queryset, per_page=None):
    """Return the requested page of ``queryset``; a bad or absent page number is a 404."""
    paginator = Paginator(queryset, per_page or settings.NEWSDESK_PAGE_SIZE, allow_empty_first_page=True)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (InvalidPage, ValueError, OverflowError) as exc:
        raise Http404(str(exc)) from exc


def get_reader_tag_or_404(slug):
    """Return the tag ``slug`` if a published article carries it, else raise Http404.

    A tag used only by drafts, scheduled or withdrawn articles would announce
    an unpublished story: it has neither page nor feed.
    """
    tag = get_object_or_404(Tag, slug=slug)
    if not Article.objects.published().tagged(tag.slug).exists():
        raise Http404("no published article with this tag")
    return tag


@require_safe
@cached_reader_page(max_age=30, keys=("lists",))
def latest(request):
    """The front: the lead stories (first page only), then Dernières Infos, the story that moved last first.

    One card per story: its newest dispatch, the earlier ones folded under it.
    """
    leads = front.lead_stories()
    # A story that leads is not listed again below, under another of its dispatches.
    lead_stories = [lead.story_id for lead in leads if lead.story_id]
    articles = Article.objects.published().story_heads().exclude(pk__in=[lead.pk for lead in leads])
    articles = articles.exclude(story_id__in=lead_stories)
    page = paginate(request, articles.moved_first().for_listing().with_earlier_dispatches())
    context = {"page": page, "days": front.by_day(page.object_list), "leads": leads if page.number == 1 else []}
    return render(request, "articles/latest.html", context)


def article_keys(request, pk, slug=None):
    """The article page shows the article and the newest items ("front")."""
    return (f"article-{pk}", "front")


def article_context(article, *, preview=False):
    """Return what articles/article_detail.html needs; the latest items are read as the template renders them."""
    return {
        "article": article,
        "related": article.latest_others(RELATED_COUNT),
        "preview": preview,
        "fragment_seconds": FRAGMENT_SECONDS,
    }


def get_article_or_404(queryset, pk):
    """Return the article with its story and picture (joins) and tags.

    Its quotes and tolls are read by the story's fragment.
    """
    if not 0 < pk <= MAX_PK:
        raise Http404("no such article")
    return get_object_or_404(queryset.select_related("story", "image").with_tags(), pk=pk)


@require_safe
@cached_reader_page(max_age=120, keys=article_keys)
def article_detail(request, pk, slug=None):
    article = get_article_or_404(Article.objects.published(), pk)
    if article.is_flash():
        # A flash has no text to show: its story's page once there is one, never an empty page.
        if article.story_id:
            return redirect(article.story)
        raise Http404("a flash without text")
    if slug != article.slug:
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", article_context(article))


@never_cache
@staff_member_required
def preview(request, pk):
    """Show any article, whatever its status, to staff only; never cached."""
    article = get_article_or_404(Article.objects.all(), pk)
    return render(request, "articles/article_detail.html", article_context(article, preview=True))


@require_safe
@cached_reader_page(max_age=60, keys=("lists",))
def tag(request, slug):
    tag = get_reader_tag_or_404(slug)
    articles = Article.objects.published().tagged(tag.slug).story_heads().newest_first().for_listing()
    articles = articles.with_earlier_dispatches()
    return render(request, "articles/tag.html", {"tag": tag, "page": paginate(request, articles)})


@require_safe
@cached_reader_page(max_age=60, keys=("lists",))
def section(request, slug):
    """A rubrique: its published articles, time-first like the front."""
    section = get_object_or_404(Section, slug=slug)
    page = paginate(request, Article.objects.published().in_section(section).moved_first().for_listing())
    return render(request, "articles/section.html", {"section": section, "page": page, "days": front.by_day(page)})


def source_keys(request, slug):
    return ("lists", f"source-{slug}")


@require_safe
@cached_reader_page(max_age=60, keys=source_keys)
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
        .select_related("article", "source", "superseded_by__article")
        .order_by("-reported_at")[:RECENT_FIGURES]
    )
    page = paginate(request, quotes)
    if not page.object_list and not figures:
        # A source cited only in drafts must not reveal the story early.
        raise Http404("no published quote or toll")
    return render(request, "articles/source.html", {"source": source, "page": page, "figures": figures})


def story_keys(request, slug):
    return (f"story-{slug}", "lists")


@require_safe
@cached_reader_page(max_age=60, keys=story_keys)
def story(request, slug):
    """A story: its published dispatches newest first, and its tolls over time, source by source."""
    story = get_object_or_404(Story, slug=slug)
    page = paginate(request, story.articles.published().newest_first().for_listing())
    if not page.object_list:
        # A story of drafts only must not reveal the event early.
        raise Http404("no published dispatch")
    return render(request, "articles/story.html", {"story": story, "page": page, "tolls": story.tolls()})


@require_safe
@cached_reader_page(max_age=60, keys=("lists",))
def stories(request):
    """Dossiers: the stories with a published dispatch, the one that moved last first, with its newest dispatch and
    current tolls."""
    page = paginate(request, front.moving_stories())
    return render(request, "articles/stories.html", {"page": page, "entries": front.story_entries(page)})


@require_safe
@cached_reader_page(max_age=60, keys=("lists",))
def corrections(request):
    """Rectificatifs: the published articles that carry a correction, newest first."""
    articles = Article.objects.published().exclude(correction="").newest_first().with_tags()
    return render(request, "articles/corrections.html", {"page": paginate(request, articles)})
