"""Re-indexing after large changes, done by the worker (search/signals.py queues it)."""

from newsdesk.tasks import background

from .backends import index


@background()
def index_rows(ids, *, using="default"):
    """Bring the index of these rows up to date; idempotent (indexing twice writes the same entries)."""
    index(ids, using=using)
