"""A picture's renditions: JPEG and WebP copies at the widths pages ask for, stripped of the original's metadata.

Browsers that read WebP (all current ones) take it, about a third lighter;
the JPEG is for the others, and for what reads only JPEG (social cards, feeds).

Pages never serve an original: it may carry the photographer's GPS position
or camera serial in its EXIF. Renditions are named after the original's
SHA-256, so a name never changes meaning and may be cached for ever.
"""

import hashlib
import io
import warnings

from django.utils.translation import gettext_lazy as _
from PIL import Image as Pillow
from PIL import ImageOps, UnidentifiedImageError

# The widths of the srcset: a phone's column, a tablet's, a desktop's, and twice those.
WIDTHS = (320, 640, 960, 1280, 1600)
# The rendition an <img> falls back to, and the one social cards read.
FALLBACK_WIDTH = 960
QUALITY = 82
# WebP at this quality looks like the JPEG at QUALITY, for fewer bytes.
WEBP_QUALITY = 78
# Larger than any press camera (a 100-megapixel back is 11,648 × 8,736): a
# "picture" above this is a decompression bomb.
MAX_PIXELS = 120_000_000
MAX_BYTES = 40 * 1024 * 1024
FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "TIFF", "MPO"}


class PictureError(ValueError):
    """A file that cannot become a picture on the site; its message is for the editor."""


def digest_of(data):
    return hashlib.sha256(data).hexdigest()


def read_picture(data):
    """Return ``data`` as a Pillow image, turned upright; raise PictureError saying why it cannot be."""
    if len(data) > MAX_BYTES:
        raise PictureError(_("Le fichier dépasse 40 Mo : envoyez une version plus légère."))
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that.
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            picture = Pillow.open(io.BytesIO(data))
            if picture.format not in FORMATS:
                raise PictureError(
                    _("Format %(format)s non accepté : envoyez un JPEG, un PNG, un WebP ou un GIF.")
                    % {"format": picture.format}
                )
            if picture.width * picture.height > MAX_PIXELS:
                raise PictureError(_("L'image est trop grande (plus de 120 millions de pixels)."))
            picture.load()
    except PictureError:
        raise
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning):
        raise PictureError(_("L'image est trop grande (plus de 120 millions de pixels).")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PictureError(
            _("Ce fichier n'est pas une image lisible : envoyez un JPEG, un PNG, un WebP ou un GIF.")
        ) from None
    return ImageOps.exif_transpose(picture)


def as_rgb(picture):
    """Return ``picture`` in RGB; transparent parts on white, as a page shows them."""
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        flat = Pillow.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return picture.convert("RGB")


def rendition_widths(width):
    """Return the widths to make for a picture ``width`` pixels wide: never wider than the original."""
    widths = [w for w in WIDTHS if w < width]
    if width <= WIDTHS[-1]:
        widths.append(width)
    return widths or [width]


def make_renditions(picture):
    """Yield (width, height, JPEG bytes, WebP bytes) for each rendition of ``picture``, smallest first.

    Neither carries metadata: no exif= and no icc_profile, so nothing of the
    camera's record leaves the desk.
    """
    picture = as_rgb(picture)
    for width in rendition_widths(picture.width):
        height = max(1, round(picture.height * width / picture.width))
        copy = picture if width == picture.width else picture.resize((width, height), Pillow.Resampling.LANCZOS)
        jpeg, webp = io.BytesIO(), io.BytesIO()
        copy.save(jpeg, "JPEG", quality=QUALITY, optimize=True, progressive=True)
        copy.save(webp, "WEBP", quality=WEBP_QUALITY, method=4)
        yield width, height, jpeg.getvalue(), webp.getvalue()


def rendition_name(digest, width, extension="jpg"):
    return f"images/{digest[:2]}/{digest[:20]}-{width}.{extension}"
