"""Signals the desk sends, and receivers: tags usable in reader URLs; the lists that sections and the front's
choices change.

What a change to a quote, toll, source, tag or photo does to the articles
showing it (their version, their cached pages) is in articles.invalidation.
"""

import hashlib

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver
from taggit.models import Tag

from newsdesk import pagecache

from .models import Article, FrontSlot, Section

# Sent by the importer when an agency's kill ("canceled") or hold ("withheld")
# has changed an article's status (``applied`` True), or was refused because a
# reporter imported it (``applied`` False), with ``article``, ``pub_status``,
# ``wire_version`` and ``file_name``: the desk's queue lists it for an editor.
agency_status_changed = Signal()

SECTION_BEFORE = "_section_before"

# Sent with ``article_ids`` inside the transaction that saved those articles'
# copy (an admin save, an ingest chunk). Assistants that read the copy listen
# (the extraction app queues its suggestions); the articles app knows none.
copy_saved = Signal()


@receiver(pre_save, sender=Tag)
def give_every_tag_a_slug(sender, instance, **kwargs):
    """A tag made only of punctuation ("#", ">") slugifies to nothing; give it a stable slug of its own."""
    if not instance.slug:
        instance.slug = "tag-" + hashlib.sha1(instance.name.encode()).hexdigest()[:10]


@receiver([post_save, post_delete], sender=FrontSlot, dispatch_uid="lists-frontslot")
@receiver([post_save, post_delete], sender=Section, dispatch_uid="lists-section")
def front_or_section_changed(sender, instance, **kwargs):
    """The front's lead stories or a section changed: the lists show them, and every page's menu the sections
    (the article pages depend on "front")."""
    pagecache.purge("lists", *(["front"] if sender is Section else []))


@receiver(pre_save, sender=Article, dispatch_uid="lists-article-section-pre")
def article_section_before(sender, instance, raw=False, **kwargs):
    if instance.pk is not None and not instance._state.adding:
        before = Article.objects.filter(pk=instance.pk).values_list("section_id", "status").first()
        setattr(instance, SECTION_BEFORE, before)


@receiver(post_save, sender=Article, dispatch_uid="lists-article-section")
def article_section_changed(sender, instance, **kwargs):
    """A published article moved to another section: both sections' pages and feeds list it differently."""
    before = instance.__dict__.pop(SECTION_BEFORE, None)
    if before and before[0] != instance.section_id and Article.Status.PUBLISHED in (before[1], instance.status):
        pagecache.purge("lists")
