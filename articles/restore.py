"""Who may restore a revision: the rights are checked against everything the restore would change.

A revision holds every object saved with it: a quote saved while its article
was a draft holds the whole article as a draft. Restoring it writes all of
them back, so the check cannot stop at the page's own object.
"""

from .models import Article


def articles_restored_by(revision):
    """Return the ids of the articles restoring ``revision`` would change.

    They are the articles the revision holds, and for each of its other
    objects (quotes, tolls) the article it belongs to now and the one it
    belonged to then: restoring can move a row from one article to another.
    """
    ids = set()
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        if model is None:
            continue
        if model is Article:
            ids.add(int(version.object_id))
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Article:
                ids.add(version.field_dict.get(field.attname))
                current = model._default_manager.filter(pk=version.object_id).values_list(field.attname, flat=True)
                ids.update(current)
    ids.discard(None)
    return ids


def restore_needs_an_editor(revision):
    """Return True when restoring ``revision`` would change copy out of draft, or put an article out of draft.

    Out of draft means published, scheduled or withdrawn now; restoring an
    article's revision saved out of draft would publish or withdraw it again.
    """
    ids = articles_restored_by(revision)
    if Article.objects.filter(pk__in=ids).exclude(status=Article.Status.DRAFT).exists():
        return True
    return any(
        version.field_dict.get("status") != Article.Status.DRAFT
        for version in revision.version_set.select_related("content_type")
        if version.content_type.model_class() is Article
    )
