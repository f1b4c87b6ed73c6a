"""Receivers: tags usable in reader URLs.

What a change to a quote, toll, source, tag or photo does to the articles
showing it (their version, their cached pages) is in articles.invalidation.
"""

import hashlib

from django.db.models.signals import pre_save
from django.dispatch import Signal, receiver
from taggit.models import Tag

# Sent by the importer when an agency's kill ("canceled") or hold ("withheld")
# has changed an article's status (``applied`` True), or was refused because a
# reporter imported it (``applied`` False), with ``article``, ``pub_status``,
# ``wire_version`` and ``file_name``: the desk's queue lists it for an editor.
agency_status_changed = Signal()


@receiver(pre_save, sender=Tag)
def give_every_tag_a_slug(sender, instance, **kwargs):
    """A tag made only of punctuation ("#", ">") slugifies to nothing; give it a stable slug of its own."""
    if not instance.slug:
        instance.slug = "tag-" + hashlib.sha1(instance.name.encode()).hexdigest()[:10]
