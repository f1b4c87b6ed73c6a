"""Make the photos' renditions again from their originals: after a lost media volume, or new widths."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from images.models import Image, write_renditions
from images.renditions import PictureError, read_picture


class Command(BaseCommand):
    help = _("Refait les déclinaisons manquantes des photos depuis leurs originaux (--all : toutes).")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help=_("Refaire aussi celles qui existent déjà."))

    def handle(self, *args, **options):
        made = failed = 0
        for image in Image.objects.iterator(chunk_size=200):
            stored = all(
                item.get("webp") and default_storage.exists(item["name"]) and default_storage.exists(item["webp"])
                for item in image.renditions
            )
            if image.renditions and stored and not options["all"]:
                continue
            try:
                with image.original.open("rb") as original:
                    picture = read_picture(original.read())
            except (OSError, PictureError) as exc:
                failed += 1
                self.stderr.write(_("Photo n° %(pk)s : %(reason)s") % {"pk": image.pk, "reason": exc})
                continue
            if options["all"]:
                for item in image.renditions:
                    for key in ("name", "webp"):
                        if item.get(key):
                            default_storage.delete(item[key])
            image.renditions = write_renditions(picture, image.digest)
            image.width, image.height = picture.size
            image.save(update_fields=["renditions", "width", "height", "modified"])
            made += 1
        self.stdout.write(_("%(made)d photo(s) déclinée(s), %(failed)d en échec.") % {"made": made, "failed": failed})
        if failed:
            raise SystemExit(1)
