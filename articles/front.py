"""The front page: the lead stories ("À la une") and the time-first list beside them, and the dossier index."""

from dataclasses import dataclass

from django.db.models import Max, Q
from django.db.models.functions import Now
from django.utils import timezone

from . import tolls
from .models import Article, CasualtyFigure, Story, activity

# How many stories lead the front when editors chose none.
LEAD_COUNT = 3


def lead_stories():
    """Return the published articles editors put "À la une", in their order; when none, the newest urgent or
    updated ones (at most LEAD_COUNT)."""
    published = Article.objects.published().for_listing().with_earlier_dispatches()
    chosen = list(published.filter(front_slot__isnull=False).order_by("front_slot__position", "front_slot__id"))
    return chosen or list(published.story_heads().leading()[:LEAD_COUNT])


def by_day(articles):
    """Return ``articles`` (read with ``moved_first()``) as (local date, articles) pairs, in their order."""
    days = []
    for article in articles:
        day = timezone.localdate(article.activity)
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(article)
    return days


@dataclass
class StoryEntry:
    """A story in the dossier index: its newest dispatch and its current tolls, one per source's series."""

    story: Story
    newest: Article
    current_tolls: list


def moving_stories():
    """Return the stories with at least one published dispatch, the one that moved last first."""
    published = Q(articles__status=Article.Status.PUBLISHED, articles__published_at__lte=Now())
    last = Max(activity("articles__"), filter=published)
    return Story.objects.annotate(activity=last).filter(activity__isnull=False).order_by("-activity", "-id")


def story_entries(stories):
    """Return a StoryEntry for each of ``stories``, in their order: three queries, however many stories."""
    stories = list(stories)
    published = Article.objects.published().filter(story__in=stories)
    newest = {}
    for article in published.moved_first().defer("body", "correction"):
        newest.setdefault(article.story_id, article)
    figures = {}
    for figure in CasualtyFigure.objects.filter(article__in=published).select_related("article", "source"):
        figures.setdefault(figure.article.story_id, []).append(figure)
    return [
        StoryEntry(
            story, newest[story.pk], [f for toll in tolls.story_tolls(figures.get(story.pk, ())) for f in toll.current]
        )
        for story in stories
        if story.pk in newest
    ]
