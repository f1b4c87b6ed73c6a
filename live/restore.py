"""Who may restore a revision holding live entries or coverages: checked against all it would write back."""

from articles.forms import can_publish

from .models import LiveCoverage, LiveEntry


def coverages_restored_by(revision):
    """Return the coverages restoring ``revision`` would change: those of its entries, then and now, and its own."""
    ids = set()
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        if model is LiveCoverage:
            ids.add(int(version.object_id))
        elif model is LiveEntry:
            ids.add(version.field_dict.get("coverage_id"))
            ids.update(LiveEntry.objects.filter(pk=version.object_id).values_list("coverage_id", flat=True))
    ids.discard(None)
    return LiveCoverage.objects.filter(pk__in=ids)


def holds_a_coverage(revision):
    return any(
        v.content_type.model_class() is LiveCoverage for v in revision.version_set.select_related("content_type")
    )


def may_restore(user, revision):
    """Editors restore anything; a reporter only entries of coverages open to them, never a coverage itself."""
    if can_publish(user):
        return True
    if holds_a_coverage(revision):
        return False
    return all(coverage.may_be_posted_to_by(user) for coverage in coverages_restored_by(revision))
