"""Receivers: tags usable in reader URLs, and article versions that follow every change readers could see."""

import hashlib

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from images.models import Image

from .models import Article, CasualtyFigure, Quote, Source


@receiver(pre_save, sender=Tag)
def give_every_tag_a_slug(sender, instance, **kwargs):
    """A tag made only of punctuation ("#", ">") slugifies to nothing; give it a stable slug of its own."""
    if not instance.slug:
        instance.slug = "tag-" + hashlib.sha1(instance.name.encode()).hexdigest()[:10]


def bump_versions(articles):
    """Count a change to each of ``articles`` (a queryset): their cached story and card fragments go out of date."""
    articles.update(version=F("version") + 1)


@receiver(post_save, sender=Quote)
@receiver(post_delete, sender=Quote)
@receiver(post_save, sender=CasualtyFigure)
@receiver(post_delete, sender=CasualtyFigure)
def item_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.article_id:
        bump_versions(Article.objects.filter(pk=instance.article_id))


@receiver(post_save, sender=Source)
def source_changed(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        bump_versions(Article.objects.citing(instance))


@receiver(post_save, sender=Image)
def image_changed(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        bump_versions(Article.objects.filter(image=instance))


@receiver(post_save, sender=Tag)
def tag_changed(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        bump_versions(Article.objects.filter(tags=instance))


@receiver(m2m_changed, sender=Article.tags.through)
def tags_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        # A tag's articles changed (tag.article_set.add(...)); pk_set holds article ids.
        if pk_set:
            bump_versions(Article.objects.filter(pk__in=pk_set))
    elif isinstance(instance, Article) and instance.pk:
        bump_versions(Article.objects.filter(pk=instance.pk))
        # The instance in hand stays in step with its row.
        instance.version = Article.objects.filter(pk=instance.pk).values_list("version", flat=True).first()
