"""Keep the index in step with the searchable rows, after each commit.

The articles app knows nothing of search, and search knows no article: these
receivers watch the model that ``NEWSDESK_SEARCH_MODEL`` names, its
many-to-many relations (the tags) and the models it says it is searched with
(``search_dependents()``), and re-index the rows concerned once the
transaction commits, so readers find an edit the moment it is saved, and
never text that was rolled back. A large change (``LARGE`` rows and more)
is indexed by the task worker instead, queued in the change's transaction.
Visibility (draft, scheduled, withdrawn) is not in the index: every search
starts from the queryset it is given.
"""

from functools import partial

from asgiref.local import Local
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .backends import index, searchable, unindex

# The ids each thread's transactions left to index, by database alias. Every
# change registers a Reindex; the first to run after the commit indexes
# them all, the others find nothing left. An article saved with its tags and
# quotes (an admin save, an ingested item) is thus indexed once, and ids of
# a transaction that rolled back (its callbacks dropped with it) are only
# indexed again, unchanged, with the next commit.
_waiting = Local()
# From this many rows waiting, they are indexed by the worker rather than on commit.
LARGE = 100


def waiting(using):
    """Return the set of ids awaiting indexing on ``using`` in this thread."""
    by_alias = getattr(_waiting, "ids", None)
    if by_alias is None:
        by_alias = _waiting.ids = {}
    return by_alias.setdefault(using, set())


class Reindex:
    """Index, once the transaction commits, every id waiting on its database."""

    def __init__(self, using):
        self.using = using

    def __call__(self):
        ids = waiting(self.using)
        if ids:
            batch = sorted(ids)
            ids.clear()
            index(batch, using=self.using)


def reindex_later(ids, using):
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    ids_waiting = waiting(using)
    ids_waiting.update(ids)
    if len(ids_waiting) >= LARGE:
        # A large change (an ingest chunk, a renamed tag on many articles) is
        # indexed by the worker: the task commits with the change, and the
        # editor's request or the import does not wait for it.
        from .tasks import index_rows

        index_rows.enqueue(sorted(ids_waiting), using=using)
        ids_waiting.clear()
    else:
        transaction.on_commit(Reindex(using), using=using)


def row_saved(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        reindex_later([instance.pk], using)


def row_deleted(sender, instance, using="default", **kwargs):
    transaction.on_commit(partial(unindex, [instance.pk], using=using), using=using)


def dependent_changed(articles, sender, instance, raw=False, using="default", **kwargs):
    """A row searched with articles changed (a quote's words, a source's name, a toll's source, a tag's name)."""
    if not raw:
        reindex_later(articles(instance, using), using)


def relation_changed(searched, sender, instance, action, reverse, pk_set, using="default", **kwargs):
    """Rows were added to or removed from a many-to-many relation (an article's tags)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse and isinstance(instance, searched):
        reindex_later([instance.pk], using)
    elif reverse and pk_set:
        reindex_later(pk_set, using)


def connect():
    model = searchable()
    label = model._meta.label_lower
    post_save.connect(row_saved, sender=model, dispatch_uid=f"search_saved_{label}")
    post_delete.connect(row_deleted, sender=model, dispatch_uid=f"search_deleted_{label}")
    for relation in model._meta.many_to_many:
        m2m_changed.connect(
            partial(relation_changed, model),
            sender=relation.remote_field.through,
            weak=False,
            dispatch_uid=f"search_relation_{label}_{relation.name}",
        )
    for dependent, articles in model.search_dependents().items():
        receiver = partial(dependent_changed, articles)
        dependent_label = dependent._meta.label_lower
        for signal, event in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(receiver, sender=dependent, weak=False, dispatch_uid=f"search_{event}_{dependent_label}")
