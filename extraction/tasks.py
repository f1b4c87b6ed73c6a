"""The assistant's work off the request path: suggestions are made by the worker, which loaded spaCy at start.

The articles app knows nothing of extraction: it sends ``copy_saved`` inside
the transaction that saved an article's copy (an admin save, an ingest
chunk), and ``ask_for_suggestions`` queues this app's task in that very
transaction, so the request commits with the edit or not at all.
"""

import uuid

from django.db import transaction

from newsdesk.tasks import background

from .models import Preparation


def ask_for_suggestions(sender, article_ids, **kwargs):
    """Queue the suggestions of ``article_ids`` (receiver of articles.signals.copy_saved)."""
    article_ids = sorted({pk for pk in article_ids if pk is not None})
    if not article_ids:
        return
    request = uuid.uuid4().hex
    with transaction.atomic():
        Preparation.objects.bulk_create([Preparation(article_id=pk, request=request) for pk in article_ids])
        suggest.enqueue(article_ids, request=request)


def forget(article_ids, *, request):
    """The request is done with (or given up): its articles' forms no longer say suggestions are coming."""
    Preparation.objects.filter(request=request).delete()


@background(gave_up=forget)
def suggest(article_ids, *, request):
    """Store the suggestions of the articles still there; idempotent (see suggest.suggest_for_articles)."""
    from articles.models import Article

    from .suggest import suggest_for_articles

    suggest_for_articles(Article.objects.filter(pk__in=article_ids).only("pk", "standfirst", "body"))
    forget(article_ids, request=request)
