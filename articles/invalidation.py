"""Which reader pages a change touches: the desk's rules for the edge's surrogate keys.

Keys (see newsdesk.pagecache): ``article-<pk>`` for an article's own pages,
``front`` for the newest items the article page lists, ``lists`` for every
list (latest, tags, feeds, sitemaps), ``search`` for search results (any
change to what a visible article says, quotes included, may change them),
``source-<slug>`` for a source's page and feeds, ``story-<slug>`` for a story's
page (its dispatches and tolls). Each change purges its keys once its
transaction commits; a scheduled article's keys are purged again when its time
comes. Cached story fragments are keyed by the article's version, which the
changes below count. Visibility is only asked of ``published()`` and ``is_published()``.
"""

from django.db.models import F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag

from images.models import Image
from newsdesk import pagecache

from .models import Article, CasualtyFigure, Quote, Source, Story
from .views import RELATED_COUNT

# The newest items the article page lists ("Dernières Infos", less itself), plus itself.
FRONT_SIZE = RELATED_COUNT + 1
# The fields of an article that lists show (its card, the corrections page).
LISTED_FIELDS = tuple(
    "status published_at updated_at headline standfirst teaser_plain dateline agency urgency slug correction".split()
)
# Where a pre_* receiver leaves what it read for the post_* one.
BEFORE = "_invalidation_before"


def front_ids():
    return set(Article.objects.published().newest_first().values_list("pk", flat=True)[:FRONT_SIZE])


def articles_changed(ids, *, lists=False):
    """Something ``ids`` show changed (a quote, a toll, a tag, a source, a photo): count it, and purge their pages.

    Each article's version goes up (its cached story fragment is keyed by
    it); their pages are purged, with ``search`` (and ``lists``) if one is
    visible and ``front`` if one is in it.
    """
    ids = set(ids) - {None}
    if not ids:
        return
    Article.objects.filter(pk__in=ids).update(version=F("version") + 1)
    visible = set(Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    # A page readers may not see is not at the edge: the others only.
    names = [f"article-{pk}" for pk in visible]
    if visible:
        names.append("search")
    if lists and visible:
        names.append("lists")
    if ids & front_ids():
        names.append("front")
    pagecache.purge(*names)


def stories_changed(story_ids):
    """Purge the pages of the stories ``story_ids``, and of their visible articles whose tolls another one revises."""
    story_ids = set(story_ids) - {None}
    if not story_ids:
        return
    slugs = Story.objects.filter(pk__in=story_ids).values_list("slug", flat=True)
    revised = (
        CasualtyFigure.objects.filter(article__story__in=story_ids, supersedes__isnull=False)
        .exclude(supersedes__article_id=F("article_id"))
        .values("supersedes__article_id")
    )
    pagecache.purge(*(f"story-{slug}" for slug in slugs))
    # Their toll box says "replaced by" (or no longer): counted in their version, as their story fragment shows it.
    articles_changed(Article.objects.published().filter(pk__in=revised).values_list("pk", flat=True))


def source_keys(article_id):
    """Return the keys of the sources an article quotes or counts a toll from."""
    quoted = Quote.objects.filter(article_id=article_id).values("source_id")
    counted = CasualtyFigure.objects.filter(article_id=article_id).values("source_id")
    slugs = Source.objects.filter(Q(pk__in=quoted) | Q(pk__in=counted)).values_list("slug", flat=True)
    return [f"source-{slug}" for slug in slugs]


def stories_of(article_ids):
    return Article.objects.filter(pk__in=set(article_ids) - {None}).values_list("story_id", flat=True)


# Articles --------------------------------------------------------------------


def article_before_save(sender, instance, raw=False, **kwargs):
    if instance.pk is None or instance._state.adding:
        return
    before = Article.objects.filter(pk=instance.pk).only(*LISTED_FIELDS, "story", "image").first()
    # Only a visible article can be among the newest visible ones: a draft's save asks nothing more.
    setattr(instance, BEFORE, (before, front_ids() if before and before.is_published() else set()))


def article_saved(sender, instance, created=False, **kwargs):
    before, was_front = instance.__dict__.pop(BEFORE, (None, set()))
    visible = instance.is_published()
    was_visible = before is not None and before.is_published()
    names = []
    listed_change = (
        before is None
        or before.image_id != instance.image_id
        or any(getattr(before, f) != getattr(instance, f) for f in LISTED_FIELDS)
    )
    if visible or was_visible:
        names += [f"article-{instance.pk}", "search", *(["lists"] if listed_change else [])]
    if instance.pk in was_front or (visible and instance.pk in front_ids()):
        names.append("front")
    pagecache.purge(*names)
    if instance.is_scheduled():
        # Its time will come: the lists, its page, its story's and its sources' then.
        story = f"story-{instance.story.slug}" if instance.story_id else None
        keys = ("lists", "front", "search", f"article-{instance.pk}", story, *source_keys(instance.pk))
        pagecache.purge(*keys, when=instance.published_at)
    if visible or was_visible:
        # Its card and its tolls on the story page (the one it left too).
        stories_changed({instance.story_id, before.story_id if before else None})


def article_before_delete(sender, instance, **kwargs):
    setattr(instance, BEFORE, (Article.objects.published().filter(pk=instance.pk).exists(), front_ids()))


def article_deleted(sender, instance, **kwargs):
    was_visible, was_front = instance.__dict__.pop(BEFORE, (True, set()))
    pagecache.purge(
        f"article-{instance.pk}",
        *(["lists", "search"] if was_visible else []),
        *(["front"] if instance.pk in was_front else []),
    )
    if was_visible:
        stories_changed({instance.story_id})


# Quotes and tolls ------------------------------------------------------------


def item_before_save(sender, instance, raw=False, **kwargs):
    if instance.pk is not None and not instance._state.adding:
        fields = ("article_id", "source_id", *(["supersedes_id"] if sender is CasualtyFigure else []))
        setattr(instance, BEFORE, sender.objects.filter(pk=instance.pk).values(*fields).first())


def item_changed(sender, instance, **kwargs):
    """A quote or toll was saved or deleted: its article's pages (old and new) and its source's (old and new).

    A toll also: its story's page, and the pages of the toll it revises (now or before).
    """
    before = instance.__dict__.pop(BEFORE, None) or {}
    articles = {instance.article_id, before.get("article_id")} - {None}
    sources = {instance.source_id, before.get("source_id")}
    if sender is CasualtyFigure:
        stories_changed(stories_of(articles))
        revised = CasualtyFigure.objects.filter(pk__in={instance.supersedes_id, before.get("supersedes_id")})
        # The revised toll's own article and source pages now say it was replaced (or no longer).
        articles |= set(revised.values_list("article_id", flat=True))
        sources |= set(revised.values_list("source_id", flat=True))
    slugs = Source.objects.filter(pk__in=sources - {None}).values_list("slug", flat=True)
    pagecache.purge(*(f"source-{slug}" for slug in slugs))
    articles_changed(articles)


# Stories ---------------------------------------------------------------------


def story_before_change(sender, instance, **kwargs):
    if instance.pk is not None and not instance._state.adding:
        setattr(instance, BEFORE, Story.objects.filter(pk=instance.pk).values_list("slug", flat=True).first())


def story_changed(sender, instance, created=False, **kwargs):
    """A story renamed or deleted: its page (old address too) and its articles' pages, which link to it by its title."""
    old_slug = instance.__dict__.pop(BEFORE, None)
    pagecache.purge(f"story-{instance.slug}", f"story-{old_slug}" if old_slug else None)
    if not created:
        articles_changed(instance.articles.values_list("pk", flat=True))


# Sources ---------------------------------------------------------------------


def source_before_change(sender, instance, **kwargs):
    if instance.pk is not None and not instance._state.adding:
        old_slug = Source.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        citing = set(Article.objects.citing(instance).values_list("pk", flat=True))
        setattr(instance, BEFORE, (old_slug, citing))


def source_changed(sender, instance, **kwargs):
    old_slug, citing = instance.__dict__.pop(BEFORE, (None, set()))
    pagecache.purge(*{f"source-{slug}" for slug in (old_slug, instance.slug) if slug})
    articles_changed(citing)
    stories_changed(stories_of(citing))


# Pictures --------------------------------------------------------------------


def image_changed(sender, instance, created=False, **kwargs):
    """A photo's caption, credit or alt text changed: the pages and cards showing it."""
    if not created:
        articles_changed(Article.objects.filter(image=instance).values_list("pk", flat=True), lists=True)


# Tags ------------------------------------------------------------------------


def tag_before_change(sender, instance, **kwargs):
    if instance.pk is not None and not instance._state.adding:
        setattr(instance, BEFORE, set(Article.objects.filter(tags=instance).values_list("pk", flat=True)))


def tag_changed(sender, instance, created=False, **kwargs):
    ids = instance.__dict__.pop(BEFORE, set())
    if not created:
        articles_changed(ids, lists=True)


def tagging_changed(sender, instance, action, reverse=False, model=None, pk_set=None, **kwargs):
    """Tags added to or removed from articles, from either side (``article.tags`` or a tag's articles)."""
    if action == "pre_clear":
        # The ids are gone once cleared: read them now.
        if reverse:
            setattr(instance, BEFORE, set(Article.objects.filter(tags=instance).values_list("pk", flat=True)))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        ids = {instance.pk}
    elif action == "post_clear":
        ids = instance.__dict__.pop(BEFORE, set())
    else:
        ids = set(pk_set or ())
    articles_changed(ids, lists=True)
    if not reverse and instance.pk:
        # The instance in hand stays in step with its row.
        instance.version = Article.objects.filter(pk=instance.pk).values_list("version", flat=True).first()


def connect():
    """Connect the rules to the models."""
    uid = "pagecache-"
    pre_save.connect(article_before_save, sender=Article, dispatch_uid=uid + "article-pre")
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid + "article-save")
    pre_delete.connect(article_before_delete, sender=Article, dispatch_uid=uid + "article-pre-delete")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid=uid + "article-delete")
    for model in (Quote, CasualtyFigure):
        name = model.__name__
        pre_save.connect(item_before_save, sender=model, dispatch_uid=f"{uid}{name}-pre")
        post_save.connect(item_changed, sender=model, dispatch_uid=f"{uid}{name}-save")
        post_delete.connect(item_changed, sender=model, dispatch_uid=f"{uid}{name}-delete")
    pre_save.connect(story_before_change, sender=Story, dispatch_uid=uid + "story-pre")
    pre_delete.connect(story_before_change, sender=Story, dispatch_uid=uid + "story-pre-delete")
    post_save.connect(story_changed, sender=Story, dispatch_uid=uid + "story-save")
    post_delete.connect(story_changed, sender=Story, dispatch_uid=uid + "story-delete")
    pre_save.connect(source_before_change, sender=Source, dispatch_uid=uid + "source-pre")
    pre_delete.connect(source_before_change, sender=Source, dispatch_uid=uid + "source-pre-delete")
    post_save.connect(source_changed, sender=Source, dispatch_uid=uid + "source-save")
    post_delete.connect(source_changed, sender=Source, dispatch_uid=uid + "source-delete")
    post_save.connect(image_changed, sender=Image, dispatch_uid=uid + "image-save")
    pre_save.connect(tag_before_change, sender=Tag, dispatch_uid=uid + "tag-pre")
    pre_delete.connect(tag_before_change, sender=Tag, dispatch_uid=uid + "tag-pre-delete")
    post_save.connect(tag_changed, sender=Tag, dispatch_uid=uid + "tag-save")
    post_delete.connect(tag_changed, sender=Tag, dispatch_uid=uid + "tag-delete")
    m2m_changed.connect(tagging_changed, sender=Article.tags.through, dispatch_uid=uid + "tagging")
