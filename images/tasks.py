"""Photo renditions, made by the worker once an upload (admin, ingest) is saved."""

from newsdesk.tasks import background


@background()
def make_renditions(image_id):
    """Make the photo's renditions unless it has them; idempotent (they are named by content)."""
    from .models import Image

    image = Image.objects.filter(pk=image_id).first()
    if image is not None and not image.renditions:
        image.make_renditions()
