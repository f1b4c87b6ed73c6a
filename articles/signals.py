"""Signals the desk sends, and receivers: tags usable in reader URLs.

What a change to a quote, toll, source, tag or photo does to the articles
showing it (their version, their cached pages) is in articles.invalidation.
"""

import hashlib

from django.db.models.signals import pre_save
from django.dispatch import Signal, receiver
from taggit.models import Tag

# Sent with ``article_ids`` inside the transaction that saved those articles'
# copy (an admin save, an ingest chunk). Assistants that read the copy listen
# (the extraction app queues its suggestions); the articles app knows none.
copy_saved = Signal()


@receiver(pre_save, sender=Tag)
def give_every_tag_a_slug(sender, instance, **kwargs):
    """A tag made only of punctuation ("#", ">") slugifies to nothing; give it a stable slug of its own."""
    if not instance.slug:
        instance.slug = "tag-" + hashlib.sha1(instance.name.encode()).hexdigest()[:10]
