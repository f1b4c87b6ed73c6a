"""Publishing actions that change articles together, each in one transaction."""

from django.db import transaction
from django.utils import timezone

from .models import Article


@transaction.atomic
def publish_now(queryset, *, user=None):
    """Publish the articles of ``queryset`` at this instant; return those that changed.

    An article already published keeps its original time unless it was
    scheduled for later, in which case it is brought forward to now.
    """
    now = timezone.now()
    changed = []
    for article in queryset.select_for_update():
        if article.is_published(now):
            continue
        article.status = Article.Status.PUBLISHED
        article.published_at = now
        article.updated_by = user
        article.save(update_fields=["status", "published_at", "updated_by", "modified"])
        changed.append(article)
    return changed


@transaction.atomic
def withdraw(queryset, *, user=None):
    """Withdraw the articles of ``queryset`` from readers; return those that changed."""
    changed = []
    for article in queryset.select_for_update().exclude(status=Article.Status.WITHDRAWN):
        article.status = Article.Status.WITHDRAWN
        article.updated_by = user
        article.save(update_fields=["status", "updated_by", "modified"])
        changed.append(article)
    return changed


def mark_updated(article, *, user=None):
    """Record a significant update: readers see "Mis à jour le …" with this time."""
    article.updated_at = timezone.now()
    article.updated_by = user
    article.save(update_fields=["updated_at", "updated_by", "modified"])
