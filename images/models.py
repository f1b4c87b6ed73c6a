"""The picture library: an original kept private, its public renditions, and what readers are told about it."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.signals import setting_changed
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from . import renditions as r


class OriginalsStorage(LazyObject):
    """STORAGES["originals"], looked up when first used: a private storage, never served to readers."""

    def _setup(self):
        self._wrapped = storages["originals"]


originals = OriginalsStorage()


@receiver(setting_changed)
def storages_changed(setting, **kwargs):
    if setting == "STORAGES":
        originals._wrapped = empty


def originals_storage():
    return originals


def original_path(image, filename):
    return f"{image.digest[:2]}/{image.digest[:20]}/{filename[-100:]}"


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    size: int
    # The WebP twin's address ("" for a photo filed before WebP renditions).
    webp_url: str = ""


class Image(models.Model):
    """A photo as the desk files it: the original, its renditions, caption, credit and alt text."""

    original = models.ImageField(
        _("fichier"),
        upload_to=original_path,
        storage=originals_storage,
        max_length=255,
        help_text=_(
            "JPEG, PNG, WebP ou GIF, 40 Mo au plus. L'original reste privé : les lecteurs voient des copies "
            "sans métadonnées."
        ),
    )
    width = models.PositiveIntegerField(_("largeur"), editable=False, default=0)
    height = models.PositiveIntegerField(_("hauteur"), editable=False, default=0)
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=300,
        blank=True,
        help_text=_(
            "Ce que montre la photo, pour qui ne la voit pas : « Des secouristes fouillent les décombres d'un "
            "immeuble à Idleb ». Obligatoire pour publier un article qui la porte."
        ),
    )
    caption = models.TextField(_("légende"), max_length=2000, blank=True)
    credit = models.CharField(_("crédit"), max_length=200, blank=True, help_text=_("Ex. : AFP / Omar Haj Kadour"))
    # The original's SHA-256: the same file twice is one picture, and rendition names follow it.
    digest = models.CharField(_("empreinte"), max_length=64, editable=False)
    # [{"name": JPEG's storage name, "width", "height", "size", "webp": WebP's name, "webp_size"}], smallest first.
    renditions = models.JSONField(_("déclinaisons"), default=list, editable=False)
    wire_id = models.CharField(_("identifiant fil"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajoutée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("ajoutée le"), auto_now_add=True)
    modified = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest"],
                name="image_unique_digest",
                violation_error_message=_("Cette photo est déjà dans la photothèque."),
            ),
            models.UniqueConstraint(
                fields=["wire_id"],
                condition=~Q(wire_id=""),
                name="image_unique_wire_id",
                violation_error_message=_("Une photo porte déjà cet identifiant fil."),
            ),
        ]

    def __str__(self):
        text = self.caption or self.alt_text or self.original.name.rsplit("/", 1)[-1]
        return text if len(text) <= 80 else text[:79] + "…"

    # Files --------------------------------------------------------------

    def set_original(self, data, filename):
        """Take ``data`` (bytes) as this picture's original; raise PictureError if it cannot be one.

        The picture is read (so a bad file is refused at once), the original
        stored when the row is saved; its renditions are the worker's
        (``make_renditions``), queued by that save. Until they are made,
        pages show no picture rather than a broken one.
        """
        picture = r.read_picture(data)
        self.digest = r.digest_of(data)
        # The upright size, as readers see it (an EXIF rotation swaps the two).
        self.width, self.height = picture.size
        self.renditions = []
        self.original = ContentFile(data, name=safe_filename(filename, picture.format))
        self._renditions_wanted = True

    def save(self, *args, **kwargs):
        # Blank alt text is no alt text: the publishing gate asks for "".
        self.alt_text = self.alt_text.strip()
        self.credit = self.credit.strip()
        if not self.__dict__.pop("_renditions_wanted", False):
            super().save(*args, **kwargs)
            return
        from .tasks import make_renditions

        # The task commits with the row, or neither does.
        with transaction.atomic():
            super().save(*args, **kwargs)
            make_renditions.enqueue(self.pk)

    def make_renditions(self):
        """Write the renditions from the original (content-addressed: those already stored are kept)."""
        with self.original.open("rb") as original:
            picture = r.read_picture(original.read())
        self.renditions = write_renditions(picture, self.digest)
        self.save(update_fields=["renditions", "modified"])

    def clean(self):
        upload = self.original
        if upload and not getattr(upload, "_committed", True):
            # A new file from a form: read it whole once, to check it and make the renditions.
            upload.open("rb")
            upload.seek(0)
            data = upload.read()
            try:
                self.set_original(data, upload.name)
            except r.PictureError as exc:
                raise ValidationError({"original": str(exc)}) from None
            twin = Image.objects.filter(digest=self.digest).exclude(pk=self.pk).first()
            if twin is not None:
                raise ValidationError(
                    {
                        "original": _("Cette photo est déjà dans la photothèque (n° %(pk)s : « %(name)s »).")
                        % {"pk": twin.pk, "name": twin}
                    }
                )

    # What pages read -------------------------------------------------------

    def rendition_list(self):
        """Return the renditions with their addresses, smallest first.

        Worked out once per list of renditions: srcset, fallback and largest
        all read it, several times a page (a storage's url() may be costly).
        """
        cached = self.__dict__.get("_rendition_list")
        if cached is not None and cached[0] is self.renditions:
            return cached[1]
        url = default_storage.url
        items = [
            Rendition(
                url(item["name"]),
                item["width"],
                item["height"],
                item.get("size", 0),
                url(item["webp"]) if item.get("webp") else "",
            )
            for item in self.renditions
        ]
        self._rendition_list = (self.renditions, items)
        return items

    @property
    def srcset(self):
        return ", ".join(f"{item.url} {item.width}w" for item in self.rendition_list())

    @property
    def webp_srcset(self):
        """The WebP renditions' srcset, "" unless every rendition has its WebP twin."""
        items = self.rendition_list()
        if not items or not all(item.webp_url for item in items):
            return ""
        return ", ".join(f"{item.webp_url} {item.width}w" for item in items)

    @property
    def fallback(self):
        """The rendition an <img> shows when it reads no srcset: the one nearest FALLBACK_WIDTH."""
        items = self.rendition_list()
        if not items:
            return None
        return min(items, key=lambda item: abs(item.width - r.FALLBACK_WIDTH))

    @property
    def largest(self):
        items = self.rendition_list()
        return items[-1] if items else None

    @property
    def is_publishable(self):
        return bool(self.alt_text.strip()) and bool(self.renditions)


def safe_filename(filename, picture_format):
    """Return the original's stored name: its own, reduced to letters, digits, dots and dashes."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    try:
        name = get_valid_filename(name)
    except SuspiciousFileOperation:  # nothing usable left ("", "..")
        name = ""
    extension = {"JPEG": "jpg", "MPO": "jpg"}.get(picture_format, (picture_format or "img").lower())
    if "." not in name:
        name = f"{name or 'photo'}.{extension}"
    return name[-100:]


def write_renditions(picture, digest):
    """Store the renditions of ``picture`` unless they are already stored; return their records."""
    records = []
    for width, height, jpeg, webp in r.make_renditions(picture):
        record = {"width": width, "height": height, "size": len(jpeg), "webp_size": len(webp)}
        for key, extension, data in (("name", "jpg", jpeg), ("webp", "webp", webp)):
            name = r.rendition_name(digest, width, extension)
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(data))
            record[key] = name
        records.append(record)
    return records
