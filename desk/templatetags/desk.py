"""The queue's count, for the admin's index."""

from django import template

from extraction.admin import may_review

from ..queue import pending_count

register = template.Library()


@register.inclusion_tag("admin/desk/queue_summary.html", takes_context=True)
def desk_queue_summary(context):
    """Return the index's box: how many items wait in "Fil à vérifier", for those who review them."""
    request = context.get("request")
    if request is None or not may_review(request.user):
        return {"shown": False}
    return {"shown": True, "count": pending_count()}
