"""Publishing actions that change articles together, each in one transaction."""

from django.db import transaction
from django.utils import timezone

from .models import Article


@transaction.atomic
def publish_now(queryset, *, user=None):
    """Publish the articles of ``queryset``; return those that changed.

    "Now" never breaks an embargo: an article whose time is still to come
    is published for that time (scheduled). To bring it forward, an editor
    changes its time. Every other article is published at this instant.
    """
    now = timezone.now()
    changed = []
    for article in queryset.select_for_update():
        embargoed = article.published_at is not None and article.published_at > now
        if article.status == Article.Status.PUBLISHED:
            continue  # already visible, or already scheduled for its embargo
        article.status = Article.Status.PUBLISHED
        if not embargoed:
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
