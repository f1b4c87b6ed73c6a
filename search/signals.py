"""Keep the index in step with the articles, after each commit.

The articles app knows nothing of search: these receivers watch its models
(and taggit's) and re-index the articles concerned once the transaction
commits, so readers find an edit the moment it is saved, and never text
that was rolled back. Visibility (draft, scheduled, withdrawn) is not in the
index: every search starts from ``Article.objects.published()``.
"""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from articles.models import Article, CasualtyFigure, Quote, Source

from .backends import index, unindex


class Reindex:
    """The articles one transaction touched, re-indexed once after it commits."""

    def __init__(self, article_ids, using):
        self.article_ids = set(article_ids)
        self.using = using
        self.done = False

    def __call__(self):
        self.done = True
        index(self.article_ids, using=self.using)


def reindex_later(article_ids, using):
    article_ids = {pk for pk in article_ids if pk is not None}
    if not article_ids:
        return
    connection = connections[using]
    if connection.in_atomic_block:
        # Join the re-index this transaction already awaits: an article saved
        # with its tags and quotes (an admin save, an ingested item) is
        # indexed once. A rollback drops it with the transaction.
        for _, callback, _ in reversed(connection.run_on_commit):
            if isinstance(callback, Reindex) and not callback.done:
                callback.article_ids |= article_ids
                return
    transaction.on_commit(Reindex(article_ids, using), using=using)


def article_saved(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        reindex_later([instance.pk], using)


def article_deleted(sender, instance, using="default", **kwargs):
    transaction.on_commit(partial(unindex, [instance.pk], using=using), using=using)


def part_changed(sender, instance, raw=False, using="default", **kwargs):
    """A quote (its words, its source) or a toll (its source, a search filter) changed."""
    if not raw:
        reindex_later([instance.article_id], using)


def source_saved(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        quoting = Quote.objects.using(using).filter(source=instance).values_list("article_id", flat=True)
        reindex_later(set(quoting), using)


def tags_changed(sender, instance, action, reverse, pk_set, using="default", **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse and isinstance(instance, Article):
        reindex_later([instance.pk], using)
    elif reverse and pk_set:
        reindex_later(pk_set, using)


def tag_saved(sender, instance, raw=False, using="default", **kwargs):
    """A renamed tag re-indexes the articles that carry it."""
    if not raw:
        article_type = ContentType.objects.db_manager(using).get_for_model(Article)
        tagged = TaggedItem.objects.using(using).filter(tag=instance, content_type=article_type)
        reindex_later(set(tagged.values_list("object_id", flat=True)), using)


def connect():
    post_save.connect(article_saved, sender=Article, dispatch_uid="search_article_saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="search_article_deleted")
    post_save.connect(part_changed, sender=Quote, dispatch_uid="search_quote_saved")
    post_delete.connect(part_changed, sender=Quote, dispatch_uid="search_quote_deleted")
    post_save.connect(part_changed, sender=CasualtyFigure, dispatch_uid="search_toll_saved")
    post_delete.connect(part_changed, sender=CasualtyFigure, dispatch_uid="search_toll_deleted")
    post_save.connect(source_saved, sender=Source, dispatch_uid="search_source_saved")
    post_save.connect(tag_saved, sender=Tag, dispatch_uid="search_tag_saved")
    m2m_changed.connect(tags_changed, sender=Article.tags.through, dispatch_uid="search_tags_changed")
